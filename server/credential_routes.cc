#include "server/credential_routes.h"

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "api/issuer_metadata.h"
#include "api/problem.h"
#include "api/status_list.h"
#include "api/verify.h"
#include "base/encoding.h"
#include "base/log.h"
#include "credentials/reason.h"
#include "credentials/status_service.h"
#include "credentials/verifier.h"
#include "proofs/bbs/bbs.h"
#include "server/mcp_stack.h"

namespace signet::server {
namespace {

using credentials::Json;
using credentials::PublicJwk;

constexpr char kIdentityKid[] = "identity";
constexpr size_t kMaxTrustFileBytes = size_t{1} << 20;
constexpr size_t kMaxTrustEntries = 256;
constexpr auto kKeyCacheTtl = std::chrono::seconds(60);

Error UnknownTenant(std::string_view issuer, std::string_view why) {
  return credentials::CredentialError(ErrorCode::kUnauthenticated,
                                      credentials::reason::kUnknownIssuer,
                                      std::string(why) + ": " + std::string(issuer));
}

bool IsTenantId(std::string_view s) {
  if (s.size() != 22 || !s.starts_with("t_")) return false;
  return s.substr(2).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// LocalIssuerKeys resolves our own tenants' identity keys from the registry's public records
// (cached for a minute, so a suspended tenant stops verifying within that time) and every other
// issuer through the configured trust list.
class LocalIssuerKeys final : public credentials::IssuerKeyResolver {
 public:
  LocalIssuerKeys(std::string base, vault::TenantRegistry& tenants, const Clock& clock,
                  credentials::TrustList trusted)
      : base_(std::move(base)), tenants_(tenants), clock_(clock), trusted_(std::move(trusted)) {}

  Result<std::vector<PublicJwk>> Resolve(std::string_view issuer) const override {
    if (!issuer.starts_with(base_ + "/")) return trusted_.Resolve(issuer);
    auto tenant = TenantOfIssuer(base_, issuer);
    if (!tenant) return UnknownTenant(issuer, "not a tenant issuer of this server");
    const auto now = clock_.Monotonic();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = cache_.find(*tenant);
      if (it != cache_.end() && now - it->second.loaded < kKeyCacheTtl) return it->second.keys;
    }
    auto keys = Load(issuer, *tenant);
    if (!keys) return keys;
    std::lock_guard<std::mutex> lock(mu_);
    cache_[*tenant] = Entry{*keys, now};
    return keys;
  }

  // ResolveBbs returns a local tenant's BBS issuer public key (derived from its keyring, which is
  // unsealed once per cache period) or the trusted BBS keys of another issuer.
  Result<std::vector<Bytes>> ResolveBbs(std::string_view issuer) const override {
    if (!issuer.starts_with(base_ + "/")) return trusted_.ResolveBbs(issuer);
    auto tenant = TenantOfIssuer(base_, issuer);
    if (!tenant) return UnknownTenant(issuer, "not a tenant issuer of this server");
    const auto now = clock_.Monotonic();
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = bbs_cache_.find(*tenant);
      if (it != bbs_cache_.end() && now - it->second.loaded < kKeyCacheTtl) return it->second.keys;
    }
    auto keys = LoadBbs(issuer, *tenant);
    if (!keys) return keys;
    std::lock_guard<std::mutex> lock(mu_);
    bbs_cache_[*tenant] = BbsEntry{*keys, now};
    return keys;
  }

 private:
  struct Entry {
    std::vector<PublicJwk> keys;
    std::chrono::steady_clock::time_point loaded;
  };
  struct BbsEntry {
    std::vector<Bytes> keys;
    std::chrono::steady_clock::time_point loaded;
  };

  Result<std::vector<Bytes>> LoadBbs(std::string_view issuer, const TenantId& tenant) const {
    auto keyring = tenants_.Open(tenant);
    if (!keyring) {
      if (keyring.error().code() == ErrorCode::kNotFound) {
        return UnknownTenant(issuer, "no such tenant on this server");
      }
      if (keyring.error().code() == ErrorCode::kPermissionDenied) {
        return UnknownTenant(issuer, "the tenant is suspended");
      }
      return std::move(keyring).error();
    }
    auto sk = proofs::bbs::KeyGen(keyring->bbs_seed().Reveal(crypto::SecretAccess::Get()), {});
    if (!sk) return std::move(sk).error();
    auto pk = proofs::bbs::SkToPk(*sk);
    if (!pk) return std::move(pk).error();
    return std::vector<Bytes>{*std::move(pk)};
  }

  Result<std::vector<PublicJwk>> Load(std::string_view issuer, const TenantId& tenant) const {
    auto info = tenants_.Get(tenant);
    if (!info) {
      if (info.error().code() == ErrorCode::kNotFound) {
        return UnknownTenant(issuer, "no such tenant on this server");
      }
      return std::move(info).error();  // storage trouble: fail closed
    }
    if (info->status != "active") return UnknownTenant(issuer, "the tenant is suspended");
    auto raw = HexDecode(info->identity_public);
    if (!raw) return DataLoss("tenant identity key is malformed");
    auto key = crypto::Ed25519PublicKey::FromBytes(*raw);
    if (!key) return DataLoss("tenant identity key is malformed");
    return std::vector<PublicJwk>{PublicJwk::Ed25519(*key, kIdentityKid)};
  }

  std::string base_;
  vault::TenantRegistry& tenants_;
  const Clock& clock_;
  credentials::TrustList trusted_;
  mutable std::mutex mu_;
  mutable std::map<TenantId, Entry> cache_;         // guarded by mu_
  mutable std::map<TenantId, BbsEntry> bbs_cache_;  // guarded by mu_
};

// TenantStatusLists signs our tenants' status lists on request: the list id is the tenant id,
// the signer its vault identity key (unsealed from the registry for the request).
class TenantStatusLists final : public credentials::StatusListFetcher {
 public:
  TenantStatusLists(std::string base, storage::Storage& storage, vault::TenantRegistry& tenants,
                    const Clock& clock)
      : base_(std::move(base)), storage_(storage), tenants_(tenants), clock_(clock) {}

  // Token returns the signed list `id`: NotFound for an unknown tenant or a list never used.
  Result<std::string> Token(std::string_view id) const {
    if (!IsTenantId(id)) return NotFound("no such status list");
    const TenantId tenant{std::string(id)};
    auto keyring = tenants_.Open(tenant);
    if (!keyring) return std::move(keyring).error();
    const credentials::Ed25519JwsSigner signer(keyring->identity(), kIdentityKid);
    credentials::StatusListService service(
        storage_.state(), signer, clock_,
        {.issuer = TenantIssuer(base_, tenant), .base_uri = base_ + "/status-lists/"});
    return service.Token(id);
  }

  // Fetch serves our own list URIs in-process; other issuers' lists are not fetched.
  Result<std::string> Fetch(std::string_view uri) const override {
    const std::string prefix = base_ + "/status-lists/";
    if (!uri.starts_with(prefix)) {
      return credentials::CredentialError(ErrorCode::kUnavailable,
                                          credentials::reason::kStatusUnavailable,
                                          "status lists of other servers are not fetched");
    }
    auto token = Token(uri.substr(prefix.size()));
    if (!token) {
      return credentials::CredentialError(ErrorCode::kUnavailable,
                                          credentials::reason::kStatusUnavailable,
                                          token.error().message());
    }
    return token;
  }

 private:
  std::string base_;
  storage::Storage& storage_;
  vault::TenantRegistry& tenants_;
  const Clock& clock_;
};

Result<std::string> ReadSmallFile(const std::string& path, size_t max) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read '" + path + "'");
  std::string text(max + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > max) return TooLarge("'" + path + "' is larger than 1 MiB");
  return text;
}

Status AddTrustEntry(const Json& entry, std::string_view local_base, credentials::TrustList* list) {
  if (!entry.is_object()) return InvalidArgument("each entry must be an object");
  const std::string* issuer = credentials::StringMember(entry, "issuer");
  if (issuer == nullptr || issuer->empty()) return InvalidArgument("\"issuer\" must be a string");
  if (issuer->starts_with(std::string(local_base) + "/")) {
    return InvalidArgument("issuer " + *issuer + " is this server's own (resolved locally)");
  }
  std::vector<Json> keys;
  for (const auto& [name, value] : entry.items()) {
    if (name == "jwk") {
      keys.push_back(value);
    } else if (name == "jwks") {
      if (!value.is_object() || value.size() != 1 || !value.contains("keys") ||
          !value["keys"].is_array()) {
        return InvalidArgument("\"jwks\" must be {\"keys\": [...]}");
      }
      for (const Json& k : value["keys"]) keys.push_back(k);
    } else if (name != "issuer") {
      return InvalidArgument("unknown member \"" + name + "\"");
    }
  }
  if (keys.empty()) return InvalidArgument("issuer " + *issuer + " has no keys");
  for (const Json& k : keys) {
    if (Status s = list->AddJwk(*issuer, k); !s.ok()) {
      return s.error().WithContext("issuer " + *issuer);
    }
  }
  return OkStatus();
}

}  // namespace

std::string CredentialIssuerBase(const Config& config) {
  std::string base = PublicUrl(config);
  while (base.ends_with('/')) base.pop_back();
  return base;
}

std::string TenantIssuer(std::string_view base, const TenantId& tenant) {
  return std::string(base) + "/t/" + tenant.value();
}

std::string TenantStatusListUri(std::string_view base, const TenantId& tenant) {
  return std::string(base) + "/status-lists/" + tenant.value();
}

Result<TenantId> TenantOfIssuer(std::string_view base, std::string_view issuer) {
  const std::string prefix = std::string(base) + "/t/";
  if (!issuer.starts_with(prefix)) return NotFound("not a local issuer");
  const std::string_view id = issuer.substr(prefix.size());
  if (!IsTenantId(id)) return NotFound("not a local issuer");
  return TenantId(std::string(id));
}

Result<credentials::TrustList> LoadTrustedIssuers(const std::string& path,
                                                  std::string_view local_base) {
  credentials::TrustList list;
  if (path.empty()) return list;
  auto text = ReadSmallFile(path, kMaxTrustFileBytes);
  if (!text) return std::move(text).error();
  auto doc = credentials::ParseJson(
      *text, {.max_bytes = kMaxTrustFileBytes, .max_depth = 8, .max_values = 64 * 1024});
  if (!doc) return doc.error().WithContext(path);
  if (!doc->is_array()) return InvalidArgument(path + ": expected a JSON array of issuers");
  if (doc->size() > kMaxTrustEntries) return InvalidArgument(path + ": more than 256 issuers");
  for (size_t i = 0; i < doc->size(); ++i) {
    if (Status s = AddTrustEntry((*doc)[i], local_base, &list); !s.ok()) {
      return s.error().WithContext(path + " entry " + std::to_string(i));
    }
  }
  return list;
}

struct CredentialVerification::Impl {
  std::string base;
  std::unique_ptr<LocalIssuerKeys> keys;
  std::unique_ptr<TenantStatusLists> lists;
  std::unique_ptr<credentials::TokenStatusListChecker> status;
  std::unique_ptr<credentials::PresentationVerifier> verifier;
};

CredentialVerification::CredentialVerification(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
CredentialVerification::~CredentialVerification() = default;

Result<std::unique_ptr<CredentialVerification>> CredentialVerification::Create(
    const Config& config, storage::Storage& storage, vault::TenantRegistry& tenants,
    const Clock& clock) {
  auto impl = std::make_unique<Impl>();
  impl->base = CredentialIssuerBase(config);
  auto trusted = LoadTrustedIssuers(config.credentials.trusted_issuers, impl->base);
  if (!trusted) return trusted.error().WithContext("credentials.trusted_issuers");
  impl->keys = std::make_unique<LocalIssuerKeys>(impl->base, tenants, clock, std::move(*trusted));
  impl->lists = std::make_unique<TenantStatusLists>(impl->base, storage, tenants, clock);
  impl->status =
      std::make_unique<credentials::TokenStatusListChecker>(*impl->lists, *impl->keys, clock);
  credentials::VerifierConfig vc;
  vc.issuer_keys = impl->keys.get();
  vc.status = impl->status.get();
  vc.ledger = &storage.state();
  vc.clock = &clock;
  impl->verifier = std::make_unique<credentials::PresentationVerifier>(std::move(vc));
  return std::unique_ptr<CredentialVerification>(new CredentialVerification(std::move(impl)));
}

const credentials::PresentationVerifier& CredentialVerification::verifier() const {
  return *impl_->verifier;
}

Result<credentials::IssuerMetadata> CredentialVerification::IssuerMetadata(
    const std::string& issuer) const {
  if (!TenantOfIssuer(impl_->base, issuer)) {
    return UnknownTenant(issuer, "not a tenant issuer of this server");
  }
  auto keys = impl_->keys->Resolve(issuer);
  if (!keys) return std::move(keys).error();
  auto bbs = impl_->keys->ResolveBbs(issuer);
  if (!bbs) return std::move(bbs).error();
  return credentials::IssuerMetadata{issuer, *std::move(keys), *std::move(bbs)};
}

Result<std::string> CredentialVerification::StatusListToken(std::string_view id) const {
  return impl_->lists->Token(id);
}

const std::string& CredentialVerification::base() const { return impl_->base; }

Status AddCredentialRoutes(Router& router, Services& services) {
  auto created = CredentialVerification::Create(services.config, services.storage, services.tenants,
                                                services.clock);
  if (!created) return std::move(created).error();
  std::shared_ptr<const CredentialVerification> cv = std::move(*created);
  const size_t max_body = cv->verifier().config().max_request_bytes;
  router.Add("POST", "/verify",
             [cv](const api::Request& req) { return api::HandleVerify(cv->verifier(), req); },
             {.max_body_bytes = max_body, .cpu_bound = true});
  router.Add("GET", "/.well-known/jwt-vc-issuer/t/{tenant}", [cv](const api::Request& req) {
    auto metadata = cv->IssuerMetadata(cv->base() + "/t/" + req.path_params.at("tenant"));
    if (!metadata) {
      if (metadata.error().code() == ErrorCode::kUnauthenticated) {
        return api::HttpProblem(404, "no such issuer");
      }
      return api::FromError(metadata.error());
    }
    return api::HandleIssuerMetadata(*metadata, req);
  });
  router.Add("GET", "/status-lists/{id}", [cv](const api::Request& req) {
    auto token = cv->StatusListToken(req.path_params.at("id"));
    if (!token) {
      if (token.error().code() == ErrorCode::kNotFound) {
        return api::HttpProblem(404, "no such status list");
      }
      return api::FromError(token.error());
    }
    api::Response r;
    r.status = 200;
    r.headers.Set("Content-Type", std::string(credentials::kStatusListMediaType));
    r.headers.Set("Cache-Control", "public, max-age=60");
    r.body = *std::move(token);
    return r;
  });
  log::Info("credential routes", {{"issuer_base", cv->base()}});
  return OkStatus();
}

}  // namespace signet::server
