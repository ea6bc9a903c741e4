#pragma once

// The approver's answer to one request, POSTed to the request's callback URL and signed with
// Standard Webhooks headers under the request's callback secret (notify/signing.h):
//
//   {"request_id": "apr_...", "decision": "approve" | "deny" | "modify",
//    "scope": ["label#index", ...],        modify only: a non-empty strict subset
//    "note": "...",                        optional, at most 256 bytes
//    "remember": false,                    optional: allow_always / deny_always if offered
//    "device": {                           required to approve or modify Tier 3
//      "id": "d_...",
//      "keys": [{"item": "label#index", "sealed": "<base64url sealed box>"}, ...],
//      "signature": "<base64url Ed25519>"}}
//
// Key release: for every Tier-3 item it approves, the device derives the record key from its
// compartment root and seals it to the request's ephemeral X25519 key (crypto/sealed_box.h) with
//   aad = "signet/v1/approval-key" || 0x00 || request id || 0x00 || item.
// Device signature: Ed25519 over DeviceSignedMessage (below), which binds the request id, the
// decision, the granted items, every sealed key, the note, remember, the ephemeral public key
// and the deadline, so a signature cannot be replayed on another request or with other keys.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/ed25519.h"
#include "crypto/secret_bytes.h"
#include "crypto/x25519.h"

namespace signet::notify {

inline constexpr size_t kMaxCallbackBytes = size_t{64} << 10;
inline constexpr std::string_view kReleaseKeyAad = "signet/v1/approval-key";
inline constexpr std::string_view kDeviceSignatureLabel = "signet/v1/approval-decision";

// CallbackDecision is the approver's verb.
enum class CallbackDecision : uint8_t { kApprove, kDeny, kModify };
// CallbackDecisionName returns "approve", "deny" or "modify".
std::string_view CallbackDecisionName(CallbackDecision d);

// ReleasedKey is one record key sealed to the ephemeral key.
struct ReleasedKey {
  std::string item;  // "label#index"
  Bytes sealed;
};

// DeviceRelease is the device-signed part of an answer.
struct DeviceRelease {
  std::string device_id;
  std::vector<ReleasedKey> keys;
  crypto::Ed25519Signature signature{};
};

// CallbackBody is a parsed answer.
struct CallbackBody {
  std::string request_id;
  CallbackDecision decision = CallbackDecision::kDeny;
  std::vector<std::string> scope;  // modify only
  std::string note;
  bool remember = false;
  std::optional<DeviceRelease> device;
};

// ParseCallbackBody parses an answer strictly (unknown fields, duplicates, bad encodings and
// limits are errors; kMaxCallbackBytes).
Result<CallbackBody> ParseCallbackBody(std::string_view body);
// CallbackBodyToJson renders an answer (the approver side).
std::string CallbackBodyToJson(const CallbackBody& body);

// DeviceSignedMessage is what the device signs:
//   label || 0x00 || u32 len || request id || u8 decision || u32 n ||
//   n x (u32 len || item) || u32 m || m x (u32 len || item || u32 len || sealed) ||
//   u32 len || note || u8 remember || ephemeral public key (32) || u64 deadline ||
//   u32 len || device id
// where the n items are the granted scope (modify: body.scope; approve: `approved_items`).
Bytes DeviceSignedMessage(const CallbackBody& body, const std::vector<std::string>& granted,
                          ByteView ephemeral_public, int64_t deadline);

// SealReleasedKey seals a record key to the request's ephemeral key.
Result<Bytes> SealReleasedKey(const crypto::X25519PublicKey& ephemeral, std::string_view request_id,
                              std::string_view item, const crypto::SecretBytes& key);
// OpenReleasedKey opens it with the ephemeral private key (32-byte key or DataLoss).
Result<crypto::SecretBytes> OpenReleasedKey(const crypto::X25519PrivateKey& ephemeral,
                                            std::string_view request_id, std::string_view item,
                                            ByteView sealed);

}  // namespace signet::notify
