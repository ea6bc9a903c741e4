#include "api/tenant_lifecycle.h"

#include <nlohmann/json.hpp>

#include "api/callbacks.h"
#include "api/oauth_store.h"
#include "api/problem.h"
#include "base/encoding.h"
#include "base/log.h"
#include "credentials/json.h"
#include "crypto/random.h"
#include "crypto/sha2.h"
#include "vault/vault.h"

namespace signet::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxSignupBytes = 8 * 1024;
constexpr size_t kMaxNameBytes = 64;
constexpr size_t kExportPage = 500;

std::string InviteKey(std::string_view code) {
  return HexEncode(crypto::Sha256(AsBytes(code)));
}

// Field returns a string member of at most `max` bytes, or nullptr.
const std::string* Field(const json& j, std::string_view name, size_t max) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().size() > max) {
    return nullptr;
  }
  return &it->get_ref<const std::string&>();
}

bool IsHexKey(const std::string* s) {
  if (s == nullptr || s->size() != 64) return false;
  return HexDecode(*s).has_value();
}

// ParseDevice reads the first device of a sign-up.
Result<vault::DeviceEntry> ParseDevice(const json& body, int64_t now) {
  auto it = body.find("device");
  if (it == body.end() || !it->is_object()) return InvalidArgument("\"device\" is required");
  const std::string* id = Field(*it, "id", kMaxNameBytes);
  const std::string* name = Field(*it, "name", kMaxNameBytes);
  const std::string* sign = Field(*it, "ed25519_public", 64);
  const std::string* agree = Field(*it, "x25519_public", 64);
  if (id == nullptr || id->empty() || name == nullptr || !IsHexKey(sign) || !IsHexKey(agree)) {
    return InvalidArgument(
        "device needs id, name (at most 64 bytes each), ed25519_public and x25519_public (hex)");
  }
  return vault::DeviceEntry{*id, *name, *sign, *agree, now, ""};
}

// SealedJson renders one stored ciphertext.
json Sealed(const storage::BlindId& id, ByteView sealed) {
  return json{{"id", id.Hex()}, {"sealed", Base64UrlEncode(sealed)}};
}

}  // namespace

std::optional<TenantSignup> ParseTenantSignup(std::string_view name) {
  if (name == "closed") return TenantSignup::kClosed;
  if (name == "invite") return TenantSignup::kInvite;
  if (name == "open") return TenantSignup::kOpen;
  return std::nullopt;
}

Result<std::string> CreateInvite(storage::StateStore& state, Duration ttl) {
  const std::string code = "inv_" + Base64UrlEncode(crypto::RandomBytes(18));
  if (Status s = state.PutIfAbsent(kInvitesNamespace, InviteKey(code), {}, ttl); !s.ok()) {
    return std::move(s).error();
  }
  return code;
}

TenantLifecycle::TenantLifecycle(storage::Storage& storage, vault::TenantRegistry& tenants,
                                 const notify::OwnerAuthenticator& owners, const Clock& clock,
                                 TenantSignup signup, std::string issuer_base)
    : storage_(storage),
      tenants_(tenants),
      owners_(owners),
      clock_(clock),
      signup_(signup),
      issuer_base_(std::move(issuer_base)) {}

Response TenantLifecycle::Register(const Request& req) const {
  if (signup_ == TenantSignup::kClosed) {
    return HttpProblem(403, "sign-up is closed on this server (tenants.signup)");
  }
  if (req.body.size() > kMaxSignupBytes) return HttpProblem(413, "sign-up body too large");
  auto parsed = credentials::ParseJson(req.body, {.max_bytes = kMaxSignupBytes, .max_depth = 3,
                                                  .max_values = 32});
  if (!parsed || !parsed->is_object()) return HttpProblem(400, "the body must be a JSON object");
  const json& body = *parsed;
  auto device = ParseDevice(body, clock_.UnixSeconds());
  if (!device) return HttpProblem(400, device.error().message());
  const std::string* keyring_text = Field(body, "keyring", 512);
  auto keyring_bytes = keyring_text ? Base64UrlDecode(*keyring_text) : Result<Bytes>(Bytes{});
  if (!keyring_bytes || keyring_bytes->size() != vault::DelegatedKeyring::kSerializedSize) {
    return HttpProblem(400, "\"keyring\" must be a base64url delegated keyring");
  }
  auto keyring = vault::DelegatedKeyring::Deserialize(crypto::SecretBytes::CopyFrom(*keyring_bytes));
  crypto::SecureWipe(keyring_bytes->data(), keyring_bytes->size());
  if (!keyring) return HttpProblem(400, "\"keyring\" is not a valid delegated keyring");
  if (signup_ == TenantSignup::kInvite) {
    const std::string* invite = Field(body, "invite", 128);
    if (invite == nullptr) return HttpProblem(403, "sign-up needs an invite code");
    auto used = storage_.state().ConsumeOnce(kInvitesNamespace, InviteKey(*invite));
    if (!used) return FromError(used.error());
    if (!*used) return HttpProblem(403, "the invite code is unknown, used or expired");
  }
  auto info = tenants_.Register(*keyring);
  if (!info) return FromError(info.error());
  vault::Vault v(storage_, *keyring, clock_);
  Status init = v.Initialize();
  if (init.ok()) {
    init = v.UpdateIndex([&](vault::VaultIndex& idx) {
      idx.devices.push_back(*device);
      return OkStatus();
    });
  }
  if (!init.ok()) {
    (void)tenants_.Remove(info->id);  // leave no tenant without a vault
    return FromError(init.error());
  }
  (void)v.audit().Append("tenant.register", std::nullopt,
                         "device " + device->id + " (" + device->name + ")");
  log::Info("tenant registered", {{"tenant", info->id.value()}});
  const json out = {{"tenant", info->id.value()},
                    {"identity", info->identity_public},
                    {"issuer", issuer_base_ + "/t/" + info->id.value()},
                    {"device", device->id}};
  return Response::Json(201, out.dump());
}

Result<TenantId> TenantLifecycle::Owner(const Request& req) const {
  auto owner = AuthenticateOwner(req, owners_);
  if (!owner) return std::move(owner).error();
  auto it = req.path_params.find("tenant");
  if (it == req.path_params.end() || it->second != owner->tenant.value()) {
    return PermissionDenied("the request is signed for another tenant");
  }
  return owner->tenant;
}

Response TenantLifecycle::SetStatus(const Request& req, std::string_view status) const {
  auto tenant = Owner(req);
  if (!tenant) return OwnerUnauthorized(req, tenant.error());
  if (Status s = tenants_.SetStatus(*tenant, status); !s.ok()) return FromError(s.error());
  auto keyring = tenants_.OpenForOwner(*tenant);
  if (keyring) {
    vault::Vault v(storage_, *keyring, clock_);
    (void)v.audit().Append(status == "active" ? "tenant.resume" : "tenant.suspend", std::nullopt,
                           "by the owner");
  }
  log::Info("tenant status changed", {{"tenant", tenant->value()}, {"status", std::string(status)}});
  return Response::Json(200, json{{"tenant", tenant->value()}, {"status", status}}.dump());
}

Response TenantLifecycle::Suspend(const Request& req) const { return SetStatus(req, "suspended"); }
Response TenantLifecycle::Resume(const Request& req) const { return SetStatus(req, "active"); }

Response TenantLifecycle::Export(const Request& req) const {
  auto tenant = Owner(req);
  if (!tenant) return OwnerUnauthorized(req, tenant.error());
  auto keyring = tenants_.OpenForOwner(*tenant);
  if (!keyring) return FromError(keyring.error());
  auto info = tenants_.Get(*tenant);
  if (!info) return FromError(info.error());
  vault::Vault v(storage_, *keyring, clock_);
  auto index = v.ReadIndex();
  if (!index) return FromError(index.error());
  auto& records = storage_.records();
  json out = {{"format", "signet-export/v1"},
              {"tenant", tenant->value()},
              {"identity", info->identity_public},
              {"exported_at", clock_.UnixSeconds()},
              {"records", json::array()},
              {"system_records", json::array()},
              {"audit", json::array()}};
  auto add = [&](const storage::BlindId& id, json* list) -> Status {
    auto sealed = records.Get(id);
    if (!sealed) return std::move(sealed).error();
    if (*sealed) list->push_back(Sealed(id, **sealed));
    return OkStatus();
  };
  json index_list = json::array();
  Status s = add(keyring->Address(vault::kIndexLabel, 0), &index_list);
  for (const auto& [label, entry] : index->labels) {
    for (const auto& [item, meta] : entry.items) {
      if (s.ok()) s = add(keyring->Address(label, item), &out["records"]);
    }
  }
  for (std::string_view name : vault::kSystemRecordNames) {
    if (s.ok()) s = add(keyring->Address("_signet." + std::string(name), 0), &out["system_records"]);
  }
  if (!s.ok()) return FromError(s.error());
  out["index"] = index_list.empty() ? json(nullptr) : index_list[0];
  for (uint64_t from = 0;;) {
    auto page = storage_.audit().Read(v.audit().chain(), from, kExportPage);
    if (!page) return FromError(page.error());
    for (const auto& e : *page) {
      out["audit"].push_back({{"seq", e.seq}, {"entry", Base64UrlEncode(e.entry)}});
    }
    if (page->size() < kExportPage) break;
    from = page->back().seq + 1;
  }
  (void)v.audit().Append("tenant.export", std::nullopt, "by the owner");
  Response r = Response::Json(200, out.dump());
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

namespace {

// AgentBody parses the small JSON object body of an agent request.
std::optional<json> AgentBody(std::string_view body) {
  auto j = credentials::ParseJson(body, {.max_bytes = 1024, .max_depth = 1, .max_values = 8});
  if (!j || !j->is_object()) return std::nullopt;
  return *std::move(j);
}

// AgentNameOf is the body's "name" (default "mcp"; check it with IsAgentName).
std::string AgentNameOf(const json& body) {
  const std::string* n = Field(body, "name", 64);
  return n != nullptr ? *n : "mcp";
}

}  // namespace

std::optional<Response> TenantLifecycle::RefuseUnlessActive(const TenantId& tenant) const {
  auto info = tenants_.Get(tenant);
  if (!info) return FromError(info.error());
  if (info->status != "active") return HttpProblem(403, "the tenant is suspended");
  return std::nullopt;
}

Response TenantLifecycle::PairAgent(const Request& req) const {
  auto tenant = Owner(req);
  if (!tenant) return OwnerUnauthorized(req, tenant.error());
  std::string name = "mcp";
  int64_t ttl = 600;
  if (!req.body.empty()) {
    auto body = AgentBody(req.body);
    if (!body) return HttpProblem(400, "the body must be a JSON object");
    name = AgentNameOf(*body);
    if (auto it = body->find("ttl_seconds"); it != body->end()) {
      if (!it->is_number_integer()) return HttpProblem(400, "ttl_seconds must be an integer");
      ttl = it->get<int64_t>();
    }
  }
  if (!IsAgentName(name)) return HttpProblem(400, "name must be 1-32 of [a-z0-9_-]");
  if (ttl < 60 || ttl > 86400) return HttpProblem(400, "ttl_seconds must be 60 to 86400");
  if (auto refused = RefuseUnlessActive(*tenant)) return *std::move(refused);
  OAuthStore store(storage_.state(), clock_);
  auto code = store.CreatePairingCode(*tenant, name, std::chrono::seconds(ttl));
  if (!code) return FromError(code.error());
  Response r = Response::Json(201, json{{"pairing_code", *code},
                                        {"agent", "agent:" + name},
                                        {"expires_at", clock_.UnixSeconds() + ttl}}
                                       .dump());
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response TenantLifecycle::ApproveAgent(const Request& req) const {
  auto tenant = Owner(req);
  if (!tenant) return OwnerUnauthorized(req, tenant.error());
  auto body = AgentBody(req.body);
  if (!body) return HttpProblem(400, "the body must be a JSON object");
  const std::string* code = Field(*body, "approval_code", 32);
  if (code == nullptr) return HttpProblem(400, "approval_code is required");
  const std::string name = AgentNameOf(*body);
  if (!IsAgentName(name)) return HttpProblem(400, "name must be 1-32 of [a-z0-9_-]");
  if (auto refused = RefuseUnlessActive(*tenant)) return *std::move(refused);
  OAuthStore store(storage_.state(), clock_);
  auto approved = store.ApproveRequest(*code, *tenant, name);
  if (!approved) return FromError(approved.error());
  log::Info("oauth: owner approved an authorization request from a device",
            {{"tenant", tenant->value()}, {"agent", name}});
  Response r = Response::Json(200, ApprovalJson(*approved).dump());
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

Response TenantLifecycle::Delete(const Request& req) const {
  auto tenant = Owner(req);
  if (!tenant) return OwnerUnauthorized(req, tenant.error());
  auto keyring = tenants_.OpenForOwner(*tenant);
  if (!keyring) return FromError(keyring.error());
  vault::Vault v(storage_, *keyring, clock_);
  auto erased = v.Erase();
  if (!erased) return FromError(erased.error());
  if (Status s = tenants_.Remove(*tenant); !s.ok()) return FromError(s.error());
  log::Info("tenant deleted", {{"tenant", tenant->value()}});
  return Response::Json(200, json{{"tenant", tenant->value()},
                                  {"deleted", true},
                                  {"records", erased->records},
                                  {"decoys", erased->decoys}}
                                 .dump());
}

}  // namespace signet::api
