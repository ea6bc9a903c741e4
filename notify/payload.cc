#include "notify/payload.h"

#include "base/encoding.h"
#include "notify/json_util.h"
#include "notify/payload_internal.h"
#include "notify/records.h"
#include "policy/time_window.h"

namespace signet::notify {

using internal::Fields;
using internal::json;

namespace internal {

json PayloadJson(const PendingRecord& r, int64_t now) {
  const json report = ReportToJson(r.report);
  json what = report["what"];
  json scope = json::array(), items = json::array();
  for (const ScopeItem& s : r.scope) {
    scope.push_back(ScopeItemJson(s));
    items.push_back(s.Key());
  }
  what["scope"] = std::move(scope);
  json decisions = {"approve", "deny"};
  json modify = nullptr;
  if (ModifyAllowed(r.scope.size())) {
    decisions.push_back("modify");
    modify = json{{"items", std::move(items)}, {"rule", "non_empty_strict_subset"}};
  }
  const bool tier3 = r.kind == ApprovalKind::kTier3;
  json data{{"request_id", r.id},
            {"tenant", r.tenant.value()},
            {"kind", ApprovalKindName(r.kind)},
            {"created_at", policy::FormatRfc3339(r.created_ms / 1000)},
            {"deadline", policy::FormatRfc3339(r.deadline)},
            {"deadline_unix", r.deadline},
            {"who", report["who"]},
            {"what", std::move(what)},
            {"why", report["why"]},
            {"options", json{{"decisions", std::move(decisions)},
                             {"modify", std::move(modify)},
                             {"owner_choices", report["owner_choices"]},
                             {"device_signature_required", tier3},
                             {"key_release_required", tier3}}},
            {"callback", json{{"url", r.callback_url},
                              {"secret", r.callback_secret},
                              {"signature", "standard-webhooks-v1"}}},
            {"ephemeral_key", json{{"alg", "X25519"}, {"public", r.ephemeral_public}}},
            {"report_time", r.report.time}};
  return json{{"type", kRequestedEvent},
              {"timestamp", policy::FormatRfc3339(now)},
              {"data", std::move(data)}};
}

std::string BuildPayload(const PendingRecord& r, int64_t now) { return Dump(PayloadJson(r, now)); }

}  // namespace internal

namespace {

Status ParseCallback(const Fields& data, ApprovalPayload* p) {
  auto cb = data.Object("callback");
  if (!cb) return std::move(cb).error();
  auto f = Fields::Open(**cb, "/data/callback", {"url", "secret", "signature"});
  if (!f) return std::move(f).error();
  auto url = f->String("url", 4096);
  auto secret = f->String("secret", 256);
  auto scheme = f->String("signature", 64);
  if (Status s = internal::FirstError(url, secret, scheme); !s.ok()) return s;
  if (*scheme != "standard-webhooks-v1") return f->ErrorAt("signature", "unsupported scheme");
  p->callback_url = *url;
  p->callback_secret = *secret;
  return OkStatus();
}

Status ParseEphemeral(const Fields& data, ApprovalPayload* p) {
  auto ek = data.Object("ephemeral_key");
  if (!ek) return std::move(ek).error();
  auto f = Fields::Open(**ek, "/data/ephemeral_key", {"alg", "public"});
  if (!f) return std::move(f).error();
  auto alg = f->String("alg", 16);
  auto pub = f->String("public", 64);
  if (Status s = internal::FirstError(alg, pub); !s.ok()) return s;
  if (*alg != "X25519") return f->ErrorAt("alg", "must be X25519");
  auto raw = Base64UrlDecode(*pub);
  if (!raw) return f->ErrorAt("public", "must be base64url");
  if (raw->size() != crypto::X25519PublicKey::kSize)
    return f->ErrorAt("public", "must be 32 bytes");
  p->ephemeral_public = std::move(*raw);
  return OkStatus();
}

Status ParseOptions(const Fields& data, json* owner_choices, ApprovalPayload* p) {
  auto opt = data.Object("options");
  if (!opt) return std::move(opt).error();
  auto f = Fields::Open(**opt, "/data/options",
                        {"decisions", "modify", "owner_choices", "device_signature_required",
                         "key_release_required"});
  if (!f) return std::move(f).error();
  auto choices = f->Array("owner_choices", 8);
  auto device = f->OptBool("device_signature_required");
  if (Status s = internal::FirstError(choices, device); !s.ok()) return s;
  *owner_choices = **choices;
  p->device_signature_required = *device;
  return OkStatus();
}

Status ParseScope(const json& what, ApprovalPayload* p) {
  auto it = what.find("scope");
  if (it == what.end() || !it->is_array() || it->size() > kMaxScopeItems) {
    return InvalidArgument("/data/what/scope: must be an array of scope items");
  }
  for (size_t i = 0; i < it->size(); ++i) {
    auto item = internal::ScopeItemFromJson((*it)[i], "/data/what/scope/" + std::to_string(i));
    if (!item) return std::move(item).error();
    p->scope.push_back(std::move(*item));
  }
  return internal::ValidateScope(p->scope);
}

Status ParseData(const json& j, ApprovalPayload* p) {
  auto f =
      Fields::Open(j, "/data",
                   {"request_id", "tenant", "kind", "created_at", "deadline", "deadline_unix",
                    "who", "what", "why", "options", "callback", "ephemeral_key", "report_time"});
  if (!f) return std::move(f).error();
  auto id = f->String("request_id", 64);
  auto tenant = f->String("tenant", 64);
  auto kind = f->String("kind", 16);
  auto created = f->String("created_at", 64);
  auto deadline = f->Int("deadline_unix", 0, INT64_MAX);
  auto time = f->Int("report_time", 0, INT64_MAX);
  auto who = f->Object("who");
  auto what = f->Object("what");
  auto why = f->Object("why");
  if (Status s = internal::FirstError(id, tenant, kind, created, deadline, time, who, what, why);
      !s.ok()) {
    return s;
  }
  if (!internal::ValidRequestId(*id)) return f->ErrorAt("request_id", "malformed");
  if (*kind != "anomaly" && *kind != "tier3") return f->ErrorAt("kind", "unknown kind");
  p->request_id = *id;
  p->tenant = TenantId(*tenant);
  p->kind = *kind == "tier3" ? ApprovalKind::kTier3 : ApprovalKind::kAnomaly;
  auto created_at = policy::ParseRfc3339(*created);
  if (!created_at) return f->ErrorAt("created_at", "must be RFC 3339");
  p->created_at = *created_at;
  p->deadline = *deadline;
  json owner_choices;
  if (Status s = ParseOptions(*f, &owner_choices, p); !s.ok()) return s;
  if (Status s = ParseCallback(*f, p); !s.ok()) return s;
  if (Status s = ParseEphemeral(*f, p); !s.ok()) return s;
  if (Status s = ParseScope(**what, p); !s.ok()) return s;
  auto report = internal::ReportFromJson(json{{"who", **who},
                                              {"what", **what},
                                              {"why", **why},
                                              {"owner_choices", owner_choices},
                                              {"time", *time}});
  if (!report) return std::move(report).error();
  p->report = std::move(*report);
  return OkStatus();
}

}  // namespace

Result<ApprovalPayload> ParsePayload(std::string_view text) {
  auto doc = internal::ParseStrictJson(text, kMaxPayloadBytes, 16);
  if (!doc) return std::move(doc).error();
  const json* data = &*doc;
  if (doc->is_object() && doc->contains("type")) {
    auto f = Fields::Open(*doc, "", {"type", "timestamp", "data"});
    if (!f) return std::move(f).error();
    auto type = f->String("type", 64);
    if (!type) return std::move(type).error();
    if (*type != kRequestedEvent) return f->ErrorAt("type", "not an approval request");
    auto d = f->Object("data");
    if (!d) return std::move(d).error();
    data = *d;
  }
  ApprovalPayload p;
  if (Status s = ParseData(*data, &p); !s.ok()) return std::move(s).error();
  return p;
}

}  // namespace signet::notify
