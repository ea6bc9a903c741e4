#include "notify/outbox.h"

#include <cstdio>

#include "base/encoding.h"
#include "crypto/random.h"
#include "notify/json_util.h"
#include "notify/records.h"

namespace signet::notify {

using internal::Fields;
using internal::json;

std::string NewMessageId(int64_t now_ms) {
  char ms[24];
  std::snprintf(ms, sizeof(ms), "%013lld", static_cast<long long>(now_ms < 0 ? 0 : now_ms));
  return "msg_" + std::string(ms) + "_" + HexEncode(crypto::RandomBytes(8));
}

Bytes EncodeOutboxRow(const OutboxRow& r) {
  const json j{{"v", 1},
               {"msg", r.msg_id},
               {"request", r.request_id},
               {"tenant", r.tenant.value()},
               {"attempts", r.attempts},
               {"created_ms", r.created_ms},
               {"next_at_ms", r.next_at_ms},
               {"lease_until_ms", r.lease_until_ms},
               {"lease_owner", r.lease_owner},
               {"deadline_ms", r.deadline_ms},
               {"last_error", r.last_error},
               {"sealed", Base64UrlEncode(r.sealed)}};
  const std::string s = internal::Dump(j);
  return Bytes(s.begin(), s.end());
}

Result<OutboxRow> DecodeOutboxRow(ByteView value) {
  auto doc = internal::ParseStrictJson(AsStringView(value), size_t{1} << 20, 4);
  if (!doc) return DataLoss("outbox row is not JSON");
  auto f = Fields::Open(*doc, "",
                        {"v", "msg", "request", "tenant", "attempts", "created_ms", "next_at_ms",
                         "lease_until_ms", "lease_owner", "deadline_ms", "last_error", "sealed"});
  if (!f) return DataLoss("outbox row: " + f.error().message());
  auto msg = f->String("msg", 64);
  auto req = f->String("request", 64);
  auto tenant = f->String("tenant", 64);
  auto attempts = f->Int("attempts", 0, 1'000'000);
  auto created = f->Int("created_ms", 0, INT64_MAX);
  auto next = f->Int("next_at_ms", 0, INT64_MAX);
  auto lease = f->Int("lease_until_ms", 0, INT64_MAX);
  auto owner = f->String("lease_owner", 64);
  auto deadline = f->Int("deadline_ms", 0, INT64_MAX);
  auto error = f->String("last_error", 1024);
  auto sealed = f->String("sealed", size_t{1} << 20);
  if (Status s = internal::FirstError(msg, req, tenant, attempts, created, next, lease, owner,
                                      deadline, error, sealed);
      !s.ok()) {
    return DataLoss("outbox row: " + s.error().message());
  }
  auto raw = Base64UrlDecode(*sealed);
  if (!raw) return DataLoss("outbox row: sealed content is not base64url");
  return OutboxRow{*msg,
                   *req,
                   TenantId(*tenant),
                   static_cast<int>(*attempts),
                   *created,
                   *next,
                   *lease,
                   *owner,
                   *deadline,
                   *error,
                   std::move(*raw)};
}

Result<Bytes> SealOutboxContent(const vault::Kek& kek, std::string_view msg_id,
                                const OutboxContent& content) {
  return internal::SealJson(kek, "outbox", msg_id,
                            json{{"url", content.url}, {"body", content.body}});
}

Result<OutboxContent> OpenOutboxContent(const vault::Kek& kek, std::string_view msg_id,
                                        ByteView sealed) {
  auto doc = internal::OpenJson(kek, "outbox", msg_id, sealed);
  if (!doc) return std::move(doc).error();
  auto f = Fields::Open(*doc, "", {"url", "body"});
  if (!f) return DataLoss("outbox content malformed");
  auto url = f->String("url", 4096);
  auto body = f->String("body", size_t{1} << 20);
  if (!url || !body) return DataLoss("outbox content malformed");
  return OutboxContent{*url, *body};
}

}  // namespace signet::notify
