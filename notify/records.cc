#include "notify/records.h"

#include <cstdio>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::notify::internal {
namespace {

constexpr size_t kMaxRecordJson = size_t{256} << 10;
constexpr int kMaxDepth = 8;

std::string Padded(int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof(buf), "%016lld", static_cast<long long>(v < 0 ? 0 : v));
  return buf;
}

Bytes Aad(std::string_view purpose, std::string_view id) {
  std::string aad = "signet/v1/approvals/";
  aad.append(purpose).push_back('\0');
  aad.append(id);
  return Bytes(aad.begin(), aad.end());
}

Result<std::optional<ApprovalState>> ParseState(std::string_view s) {
  for (auto st : {ApprovalState::kPending, ApprovalState::kApproved, ApprovalState::kDenied,
                  ApprovalState::kExpired}) {
    if (ApprovalStateName(st) == s) return std::optional<ApprovalState>(st);
  }
  return DataLoss("approval record: unknown state");
}

}  // namespace

std::string ReqKey(std::string_view id) { return "req/" + std::string(id); }
std::string EskKey(std::string_view id) { return "esk/" + std::string(id); }
std::string DecKey(std::string_view id) { return "dec/" + std::string(id); }
std::string GrantKey(std::string_view id) { return "grant/" + std::string(id); }
std::string DueKey(int64_t deadline_ms, std::string_view id) {
  return "due/" + Padded(deadline_ms) + "/" + std::string(id);
}
std::string IdxPrefix(const TenantId& tenant) { return "idx/" + tenant.value() + "/"; }
std::string IdxKey(const TenantId& tenant, int64_t created_ms, std::string_view id) {
  return IdxPrefix(tenant) + Padded(created_ms) + "/" + std::string(id);
}

bool ValidRequestId(std::string_view id) {
  if (id.size() != 36 || !id.starts_with("apr_")) return false;
  for (char c : id.substr(4)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string NewRequestId() { return "apr_" + HexEncode(crypto::RandomBytes(16)); }

Result<Bytes> Seal(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                   std::string_view plaintext) {
  return kek.Seal(AsBytes(plaintext), Aad(purpose, id));
}

Result<crypto::SecretBytes> Open(const vault::Kek& kek, std::string_view purpose,
                                 std::string_view id, ByteView sealed) {
  auto opened = kek.Open(sealed, Aad(purpose, id));
  if (!opened) return DataLoss("approval record does not open under this KEK");
  return opened;
}

Result<Bytes> SealJson(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                       const json& doc) {
  std::string text = Dump(doc);
  auto sealed = Seal(kek, purpose, id, text);
  crypto::SecureWipe(text.data(), text.size());
  return sealed;
}

Result<json> OpenJson(const vault::Kek& kek, std::string_view purpose, std::string_view id,
                      ByteView sealed) {
  auto plain = Open(kek, purpose, id, sealed);
  if (!plain) return std::move(plain).error();
  auto doc = ParseStrictJson(AsStringView(plain->Reveal(crypto::SecretAccess::Get())),
                             kMaxRecordJson, kMaxDepth);
  if (!doc) return DataLoss("approval record is not valid JSON");
  return doc;
}

json PendingToJson(const PendingRecord& r) {
  json scope = json::array();
  for (const ScopeItem& s : r.scope) scope.push_back(ScopeItemJson(s));
  return json{{"v", 1},
              {"id", r.id},
              {"tenant", r.tenant.value()},
              {"kind", ApprovalKindName(r.kind)},
              {"report", ReportToJson(r.report)},
              {"scope", std::move(scope)},
              {"created_ms", r.created_ms},
              {"deadline", r.deadline},
              {"callback_url", r.callback_url},
              {"callback_secret", r.callback_secret},
              {"ephemeral_public", r.ephemeral_public}};
}

Result<PendingRecord> PendingFromJson(const json& j) {
  auto f = Fields::Open(j, "",
                        {"v", "id", "tenant", "kind", "report", "scope", "created_ms", "deadline",
                         "callback_url", "callback_secret", "ephemeral_public"});
  if (!f) return std::move(f).error();
  PendingRecord r;
  auto id = f->String("id", 64);
  auto tenant = f->String("tenant", 64);
  auto kind = f->String("kind", 16);
  auto created = f->Int("created_ms", 0, INT64_MAX);
  auto deadline = f->Int("deadline", 0, INT64_MAX);
  auto url = f->String("callback_url", 4096);
  auto secret = f->String("callback_secret", 256);
  auto epk = f->String("ephemeral_public", 64);
  auto scope = f->Array("scope", kMaxScopeItems);
  auto report = f->Object("report");
  if (Status s = FirstError(id, tenant, kind, created, deadline, url, secret, epk, scope, report);
      !s.ok()) {
    return DataLoss("approval record: " + s.error().message());
  }
  r.id = *id;
  r.tenant = TenantId(*tenant);
  r.kind = *kind == "tier3" ? ApprovalKind::kTier3 : ApprovalKind::kAnomaly;
  r.created_ms = *created;
  r.deadline = *deadline;
  r.callback_url = *url;
  r.callback_secret = *secret;
  r.ephemeral_public = *epk;
  for (size_t i = 0; i < (*scope)->size(); ++i) {
    auto item = ScopeItemFromJson((**scope)[i], "/scope/" + std::to_string(i));
    if (!item) return DataLoss("approval record: " + item.error().message());
    r.scope.push_back(std::move(*item));
  }
  auto rep = ReportFromJson(**report);
  if (!rep) return DataLoss("approval record: " + rep.error().message());
  r.report = std::move(*rep);
  return r;
}

json DecisionToJson(const DecisionRecord& r) {
  json j{{"v", 1},
         {"state", ApprovalStateName(r.state)},
         {"modified", r.modified},
         {"granted", r.granted},
         {"decided_at", r.decided_at},
         {"decided_by", r.decided_by},
         {"note", r.note}};
  if (r.choice) j["choice"] = policy::OwnerChoiceName(*r.choice);
  return j;
}

Result<DecisionRecord> DecisionFromJson(const json& j) {
  auto f = Fields::Open(
      j, "", {"v", "state", "modified", "granted", "decided_at", "decided_by", "note", "choice"});
  if (!f) return DataLoss("decision record: " + f.error().message());
  DecisionRecord r;
  auto state = f->String("state", 16);
  auto modified = f->OptBool("modified");
  auto granted = f->Array("granted", kMaxScopeItems);
  auto at = f->Int("decided_at", 0, INT64_MAX);
  auto by = f->String("decided_by", 64);
  auto note = f->OptString("note", kMaxReasonBytes);
  auto choice = f->OptString("choice", 32);
  if (Status s = FirstError(state, modified, granted, at, by, note, choice); !s.ok()) {
    return DataLoss("decision record: " + s.error().message());
  }
  auto st = ParseState(*state);
  if (!st) return std::move(st).error();
  r.state = **st;
  r.modified = *modified;
  for (const json& g : **granted) {
    if (!g.is_string()) return DataLoss("decision record: malformed");
    r.granted.push_back(g.get<std::string>());
  }
  r.decided_at = *at;
  r.decided_by = *by;
  r.note = *note;
  if (!choice->empty()) r.choice = policy::ParseOwnerChoice(*choice);
  return r;
}

json GrantToJson(const GrantRecord& r) {
  json keys = json::array();
  for (const auto& [item, box] : r.sealed_keys) {
    keys.push_back(json{{"item", item}, {"sealed", Base64UrlEncode(box)}});
  }
  return json{{"v", 1}, {"keys", std::move(keys)}};
}

Result<GrantRecord> GrantFromJson(const json& j) {
  auto f = Fields::Open(j, "", {"v", "keys"});
  if (!f) return DataLoss("grant record: malformed");
  auto keys = f->Array("keys", kMaxScopeItems);
  if (!keys) return DataLoss("grant record: malformed");
  GrantRecord r;
  for (const json& k : **keys) {
    auto kf = Fields::Open(k, "/keys", {"item", "sealed"});
    if (!kf) return DataLoss("grant record: malformed");
    auto item = kf->String("item", 256);
    auto sealed = kf->String("sealed", 4096);
    if (!item || !sealed) return DataLoss("grant record: malformed");
    auto box = Base64UrlDecode(*sealed);
    if (!box) return DataLoss("grant record: malformed");
    r.sealed_keys.emplace_back(*item, std::move(*box));
  }
  return r;
}

}  // namespace signet::notify::internal
