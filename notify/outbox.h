#pragma once

// The webhook outbox (namespace "outbox" of the StateStore). Submit writes a row in the same
// PutAllIfAbsent batch as the pending request; dispatchers on any replica deliver it.
//
// Row key: the message id "msg_<13-digit ms>_<16 hex>", which is also the webhook-id header on
// every attempt (the receiver's idempotency key), so keys sort oldest first. Row value: JSON
// with the scheduling state in the clear (attempts, next attempt, lease) and the delivery itself
// ({"url", "body"}) sealed under the KEK with AAD bound to the message id. A dispatcher claims a
// row by CompareAndSwap of the whole value to one with its lease; a row whose lease ran out
// (a crashed dispatcher) can be claimed again: delivery is at-least-once. Rows expire with
// their request's deadline; rows that exhaust their attempts move to "outbox_dead".

#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/ids.h"
#include "base/result.h"
#include "vault/tenants.h"

namespace signet::notify {

inline constexpr std::string_view kOutboxNamespace = "outbox";
inline constexpr std::string_view kDeadLetterNamespace = "outbox_dead";

// OutboxRow is one pending delivery.
struct OutboxRow {
  std::string msg_id;
  std::string request_id;
  TenantId tenant;
  int attempts = 0;
  int64_t created_ms = 0;
  int64_t next_at_ms = 0;
  int64_t lease_until_ms = 0;
  std::string lease_owner;
  int64_t deadline_ms = 0;
  std::string last_error;
  Bytes sealed;  // KEK-sealed {"url","body"}
};

// OutboxContent is the sealed part: where to post and the exact body.
struct OutboxContent {
  std::string url;
  std::string body;
};

// NewMessageId returns a fresh "msg_<13-digit ms>_<16 hex>" id.
std::string NewMessageId(int64_t now_ms);

// EncodeOutboxRow / DecodeOutboxRow convert a row to and from its stored form (DataLoss if the
// stored bytes are malformed).
Bytes EncodeOutboxRow(const OutboxRow& row);
Result<OutboxRow> DecodeOutboxRow(ByteView value);

// SealOutboxContent / OpenOutboxContent seal the delivery under the KEK, bound to `msg_id`.
Result<Bytes> SealOutboxContent(const vault::Kek& kek, std::string_view msg_id,
                                const OutboxContent& content);
Result<OutboxContent> OpenOutboxContent(const vault::Kek& kek, std::string_view msg_id,
                                        ByteView sealed);

}  // namespace signet::notify
