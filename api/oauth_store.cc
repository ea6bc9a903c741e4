#include "api/oauth_store.h"

#include <cctype>

#include "api/oauth_util.h"
#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kPairingChars = 12;

Bytes Encode(const Json& j) {
  const std::string s = j.dump();
  return Bytes(s.begin(), s.end());
}

Result<Json> Decode(ByteView b) {
  Json j = Json::parse(AsStringView(b), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return DataLoss("malformed OAuth state entry");
  return j;
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Int(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

Json AgentGrant::ToJson() const {
  return {{"id", id},
          {"tenant", tenant},
          {"agent", agent},
          {"client_id", client_id},
          {"client_name", client_name},
          {"scope", scope},
          {"jkt", jkt},
          {"jwk", jwk},
          {"refresh", refresh_hash},
          {"created", created},
          {"refreshed", refreshed},
          {"exp", expires_at}};
}

Result<AgentGrant> AgentGrant::FromJson(const Json& j) {
  AgentGrant g;
  g.id = Str(j, "id");
  g.tenant = Str(j, "tenant");
  g.agent = Str(j, "agent");
  g.client_id = Str(j, "client_id");
  g.client_name = Str(j, "client_name");
  g.scope = Str(j, "scope");
  g.jkt = Str(j, "jkt");
  if (auto it = j.find("jwk"); it != j.end()) g.jwk = *it;
  g.refresh_hash = Str(j, "refresh");
  g.created = Int(j, "created");
  g.refreshed = Int(j, "refreshed");
  g.expires_at = Int(j, "exp");
  if (g.id.empty() || g.tenant.empty() || g.client_id.empty() || g.refresh_hash.empty()) {
    return DataLoss("malformed agent grant");
  }
  return g;
}

Status OAuthStore::PutClient(const OAuthClient& c) const {
  const Json j = {{"client_id", c.client_id},
                  {"client_name", c.client_name},
                  {"redirect_uris", c.redirect_uris},
                  {"created", c.created}};
  return state_.PutIfAbsent(oauth_ns::kClients, c.client_id, Encode(j), kClientTtl);
}

Result<OAuthClient> OAuthStore::GetClient(std::string_view client_id) const {
  if (client_id.empty() || client_id.size() > 256) return NotFound("unknown client");
  auto j = GetJson(oauth_ns::kClients, client_id);
  if (!j) return std::move(j).error();
  if (!*j) return NotFound("unknown client");
  OAuthClient c{Str(**j, "client_id"), Str(**j, "client_name"), {}, Int(**j, "created")};
  auto uris = (*j)->find("redirect_uris");
  if (uris == (*j)->end() || !uris->is_array()) return DataLoss("malformed client");
  for (const Json& u : *uris) {
    if (u.is_string()) c.redirect_uris.push_back(u.get<std::string>());
  }
  return c;
}

Status OAuthStore::PutJson(std::string_view ns, std::string_view key, const Json& value,
                           Duration ttl) const {
  return state_.Put(ns, key, Encode(value), ttl);
}

Result<std::optional<Json>> OAuthStore::GetJson(std::string_view ns, std::string_view key) const {
  auto raw = state_.Get(ns, key);
  if (!raw) return std::move(raw).error();
  if (!*raw) return std::optional<Json>();
  auto j = Decode(**raw);
  if (!j) return std::move(j).error();
  return std::optional<Json>(std::move(*j));
}

Result<std::optional<Json>> OAuthStore::TakeJson(std::string_view ns, std::string_view key) const {
  auto raw = state_.ConsumeOnce(ns, key);
  if (!raw) return std::move(raw).error();
  if (!*raw) return std::optional<Json>();
  auto j = Decode(**raw);
  if (!j) return std::move(j).error();
  return std::optional<Json>(std::move(*j));
}

namespace {
// NewShortCode returns a fresh code of 12 Crockford base32 characters (60 random bits).
std::string NewShortCode() {
  const uint64_t bits = crypto::RandomUint64();
  std::string code;
  for (size_t i = 0; i < kPairingChars; ++i) code.push_back(kCrockford[(bits >> (5 * i)) & 31]);
  return code;
}
std::string Grouped(const std::string& code) {
  return code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4);
}
std::string ApprovalCodeKey(std::string_view normal) { return "c:" + HashToken(normal); }
std::string ApprovalKey(std::string_view request_id) { return "a:" + std::string(request_id); }
}  // namespace

Result<std::string> OAuthStore::CreatePairingCode(const TenantId& tenant, std::string_view name,
                                                  Duration ttl) const {
  const std::string code = NewShortCode();
  const Json j = {{"tenant", tenant.value()}, {"name", name}};
  Status s = state_.PutIfAbsent(oauth_ns::kPairing, HashToken(code), Encode(j), ttl);
  if (!s.ok()) return std::move(s).error();
  return Grouped(code);
}

Result<std::string> OAuthStore::CreateApprovalCode(std::string_view request_id,
                                                   Duration ttl) const {
  const std::string code = NewShortCode();
  const int64_t expires =
      clock_.UnixSeconds() + std::chrono::duration_cast<std::chrono::seconds>(ttl).count();
  const Json j = {{"request", request_id}, {"expires", expires}};
  Status s = state_.PutIfAbsent(oauth_ns::kApprovals, ApprovalCodeKey(code), Encode(j), ttl);
  if (!s.ok()) return std::move(s).error();
  return Grouped(code);
}

Result<Approval> OAuthStore::ApproveRequest(std::string_view approval_code, const TenantId& tenant,
                                            std::string_view name) const {
  const std::string normal = NormalizePairingCode(approval_code);
  if (normal.empty()) return InvalidArgument("an approval code is 12 characters: XXXX-XXXX-XXXX");
  auto code = TakeJson(oauth_ns::kApprovals, ApprovalCodeKey(normal));
  if (!code) return std::move(code).error();
  if (!*code) return NotFound("unknown, used or expired approval code");
  Approval out;
  out.request_id = Str(**code, "request");
  const auto expires = (*code)->find("expires");
  const int64_t left =
      (expires != (*code)->end() && expires->is_number_integer() ? expires->get<int64_t>() : 0) -
      clock_.UnixSeconds();
  if (left <= 0) return NotFound("the authorization request has expired; start again");
  auto request = GetJson(oauth_ns::kRequests, out.request_id);
  if (!request) return std::move(request).error();
  if (!*request) return NotFound("the authorization request has expired; start again");
  out.request = **std::move(request);
  out.tenant = tenant.value();
  out.name = std::string(name);
  const Json j = {{"tenant", out.tenant}, {"name", out.name}};
  Status s = state_.PutIfAbsent(oauth_ns::kApprovals, ApprovalKey(out.request_id), Encode(j),
                                std::chrono::seconds(left));
  if (!s.ok()) {
    if (s.error().code() == ErrorCode::kAlreadyExists) {
      return AlreadyExists("this authorization request was approved already");
    }
    return std::move(s).error();
  }
  return out;
}

Result<std::optional<PairingCode>> OAuthStore::ApprovalOf(std::string_view request_id) const {
  auto j = GetJson(oauth_ns::kApprovals, ApprovalKey(request_id));
  if (!j) return std::move(j).error();
  if (!*j) return std::optional<PairingCode>();
  return std::optional<PairingCode>(PairingCode{Str(**j, "tenant"), Str(**j, "name")});
}

Result<std::optional<PairingCode>> OAuthStore::TakePairingCode(std::string_view code) const {
  const std::string normal = NormalizePairingCode(code);
  if (normal.empty()) return std::optional<PairingCode>();
  auto j = TakeJson(oauth_ns::kPairing, HashToken(normal));
  if (!j) return std::move(j).error();
  if (!*j) return std::optional<PairingCode>();
  return std::optional<PairingCode>(PairingCode{Str(**j, "tenant"), Str(**j, "name")});
}

Status OAuthStore::CreateGrant(const AgentGrant& grant) const {
  const Duration ttl =
      std::chrono::seconds(std::max<int64_t>(1, grant.expires_at - clock_.UnixSeconds()));
  return state_.PutIfAbsent(oauth_ns::kGrants, grant.id, Encode(grant.ToJson()), ttl);
}

Result<std::optional<AgentGrant>> OAuthStore::GetGrant(std::string_view id, Bytes* raw) const {
  if (id.empty() || id.size() > 64) return std::optional<AgentGrant>();
  auto bytes = state_.Get(oauth_ns::kGrants, id);
  if (!bytes) return std::move(bytes).error();
  if (!*bytes) return std::optional<AgentGrant>();
  auto j = Decode(**bytes);
  if (!j) return std::move(j).error();
  auto g = AgentGrant::FromJson(*j);
  if (!g) return std::move(g).error();
  if (g->expires_at <= clock_.UnixSeconds()) return std::optional<AgentGrant>();
  if (raw != nullptr) *raw = std::move(**bytes);
  return std::optional<AgentGrant>(std::move(*g));
}

Status OAuthStore::SwapGrant(const Bytes& old_raw, const AgentGrant& grant) const {
  const Duration ttl =
      std::chrono::seconds(std::max<int64_t>(1, grant.expires_at - clock_.UnixSeconds()));
  return state_.CompareAndSwap(oauth_ns::kGrants, grant.id, std::optional<ByteView>(old_raw),
                               Encode(grant.ToJson()), ttl);
}

Result<bool> OAuthStore::RevokeGrant(std::string_view id) const {
  if (id.empty() || id.size() > 64) return false;
  return state_.Delete(oauth_ns::kGrants, id);
}

Result<std::vector<AgentGrant>> OAuthStore::ListGrants(const TenantId& tenant) const {
  std::vector<AgentGrant> out;
  std::string start;
  for (int page = 0; page < 10; ++page) {
    auto entries = state_.Scan(oauth_ns::kGrants, start, 100);
    if (!entries) return std::move(entries).error();
    for (const storage::StateEntry& e : *entries) {
      auto j = Decode(e.value);
      if (!j) continue;
      auto g = AgentGrant::FromJson(*j);
      if (g && g->tenant == tenant.value()) out.push_back(std::move(*g));
    }
    if (entries->size() < 100) break;
    start = entries->back().key + std::string(1, '\0');
  }
  return out;
}

std::string GrantAgentId(const AgentGrant& grant) { return "agent:" + grant.agent; }

std::string NormalizePairingCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (kCrockford.find(c) == std::string_view::npos || out.size() >= kPairingChars) return {};
    out.push_back(c);
  }
  return out.size() == kPairingChars ? out : std::string();
}

Json ApprovalJson(const Approval& approval) {
  return Json{{"agent", "agent:" + approval.name},
              {"client_id", Str(approval.request, "client_id")},
              {"client_name", Str(approval.request, "client_name")},
              {"redirect_host", UrlHost(Str(approval.request, "redirect_uri"))},
              {"scope", Str(approval.request, "scope")}};
}

bool IsAgentName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace signet::api
