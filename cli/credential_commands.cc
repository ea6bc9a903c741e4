#include "cli/credential_commands.h"

#include <algorithm>
#include <chrono>

#include "base/encoding.h"
#include "cli/config_loading.h"
#include "cli/credential_internal.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "credentials/derived_claims.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/status_service.h"
#include "crypto/random.h"
#include "mcp/claims.h"
#include "server/credential_routes.h"

namespace signet::cli {
namespace {

using credentials::Json;

constexpr char kRegistryRecord[] = "credentials";
constexpr char kDefaultVct[] = "urn:signet:claims:v1";
constexpr char kIdentityKid[] = "identity";
constexpr int64_t kMaxTtlSeconds = int64_t{5} * 365 * 86400;

// IssueContext is what issuing needs from the opened vault.
struct IssueContext {
  vault::Vault* records = nullptr;
  const vault::DelegatedKeyring* keyring = nullptr;
  std::string base;
  TenantId tenant;
};

Result<IssueContext> OpenIssuer(VaultEnv& env) {
  auto tenant = env.Tenant();
  if (!tenant) return std::move(tenant).error();
  auto keyring = env.Keyring();
  if (!keyring) return std::move(keyring).error();
  auto v = env.OpenVault();
  if (!v) return std::move(v).error();
  return IssueContext{*v, *keyring, server::CredentialIssuerBase(env.config()), tenant->id};
}

Result<std::vector<IssuedCredential>> LoadRegistry(vault::Vault& v) {
  auto stored = v.GetSystemRecord(kRegistryRecord);
  if (!stored) return std::move(stored).error();
  if (!*stored) return std::vector<IssuedCredential>{};
  return ParseCredentialRegistry(AsStringView((*stored)->Reveal(crypto::SecretAccess::Get())));
}

Status StoreRegistry(vault::Vault& v, const std::vector<IssuedCredential>& entries,
                     std::string_view audit_kind) {
  const std::string text = SerializeCredentialRegistry(entries);
  return v.PutSystemRecord(kRegistryRecord, AsBytes(text), audit_kind);
}

// ReadLabel returns the first item of `label` (Tier 3 is refused by the vault without access).
Result<std::string> ReadLabel(vault::Vault& v, const vault::VaultIndex& index,
                              const std::string& label) {
  auto it = index.labels.find(label);
  if (it == index.labels.end() || it->second.items.empty()) {
    return NotFound("the vault holds no " + label);
  }
  auto got = v.Get(label, it->second.items.begin()->first, nullptr, "credential issue");
  if (!got) return std::move(got).error();
  return std::string(AsStringView(got->value.Reveal(crypto::SecretAccess::Get())));
}

// DerivedClaim computes one derived claim with the documented rules (credentials/derived_claims.h)
// from the vault label mcp::PlanClaim names as its source.
Result<Json> DerivedClaim(vault::Vault& v, const vault::VaultIndex& index, const std::string& name,
                          int64_t now) {
  auto plan = mcp::PlanClaim(name, index);
  if (!plan) return std::move(plan).error();
  if (plan->kind == mcp::ClaimKind::kValue) {
    return InvalidArgument("--derive takes age_over_N or balance_above_X, not '" + name + "'");
  }
  auto value = ReadLabel(v, index, plan->label);
  if (!value) return std::move(value).error();
  credentials::DerivationRules rules;
  if (plan->kind == mcp::ClaimKind::kAgeOver) {
    auto birth = credentials::ParseFullDate(*value);
    if (!birth) return InvalidArgument(plan->label + " is not a date YYYY-MM-DD");
    auto age = credentials::AgeInYears(*birth, mcp::TodayUtc(now), rules.leap_day);
    if (!age) return std::move(age).error().WithContext(plan->label);
    return Json(*age >= plan->age);
  }
  rules.balance_thresholds = {plan->threshold};
  auto derived = credentials::DeriveBalanceClaims(*value, rules);
  if (!derived) return std::move(derived).error().WithContext(plan->label);
  if (derived->size() != 1) return Internal("balance rule", "unexpected derived claims");
  return derived->begin().value();
}

Result<credentials::PublicJwk> HolderFromArgs(const Args& args) {
  const int given = static_cast<int>(args.Has("holder-key")) +
                    static_cast<int>(args.Has("holder-jwk")) +
                    static_cast<int>(args.Has("new-holder-key"));
  if (given != 1) {
    return InvalidArgument(
        "give exactly one of --holder-key FILE, --holder-jwk JSON, "
        "--new-holder-key FILE");
  }
  if (auto jwk = args.Get("holder-jwk")) return HolderPublicJwk(*jwk);
  if (auto file = args.Get("holder-key")) {
    auto text = ReadInputFile(*file);
    if (!text) return std::move(text).error();
    return HolderPublicJwk(*text);
  }
  const crypto::Ed25519PrivateKey key = crypto::Ed25519PrivateKey::Generate();
  if (Status s = WritePrivateFile(*args.Get("new-holder-key"), HolderKeyJwk(key)); !s.ok()) {
    return std::move(s).error();
  }
  return credentials::PublicJwk::Ed25519(key.public_key());
}

Result<int64_t> TtlSeconds(const Args& args) {
  auto ttl = server::ParseDuration(args.Get("ttl").value_or("720h"));
  if (!ttl) return ttl.error().WithContext("--ttl");
  const int64_t seconds = std::chrono::duration_cast<std::chrono::seconds>(*ttl).count();
  if (seconds < 60 || seconds > kMaxTtlSeconds) {
    return InvalidArgument("--ttl must be between 1m and 5 years");
  }
  return seconds;
}

// Claims collects the credential's claims: --label values and --derive conclusions.
Result<Json> CollectClaims(const Args& args, vault::Vault& v, int64_t now) {
  auto index = v.ReadIndex();
  if (!index) return std::move(index).error();
  Json claims = Json::object();
  for (const std::string& label : SplitList(args.Get("label").value_or(""))) {
    auto value = ReadLabel(v, *index, label);
    if (!value) return std::move(value).error();
    claims[label] = *value;
  }
  for (const std::string& name : SplitList(args.Get("derive").value_or(""))) {
    auto value = DerivedClaim(v, *index, name, now);
    if (!value) return value.error().WithContext(name);
    claims[name] = *value;
  }
  if (claims.empty()) return InvalidArgument("give --label and/or --derive");
  return claims;
}

int CmdIssue(const Args& args) {
  if (!args.positional().empty()) return UsageError("credential issue takes no arguments");
  auto ttl = TtlSeconds(args);
  if (!ttl) return Failure(ttl.error());
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  auto ctx = OpenIssuer(**env);
  if (!ctx) return Failure(ctx.error());
  const int64_t now = (*env)->clock().UnixSeconds();
  auto claims = CollectClaims(args, *ctx->records, now);
  if (!claims) return Failure(claims.error());
  auto registry = LoadRegistry(*ctx->records);
  if (!registry) return Failure(registry.error());
  if (registry->size() >= kMaxIssuedCredentials) {
    return Failure(ResourceExhausted("the credential registry is full (4096 entries)"));
  }
  auto holder = HolderFromArgs(args);  // after the checks: --new-holder-key writes a file
  if (!holder) return Failure(holder.error());

  const std::string issuer = server::TenantIssuer(ctx->base, ctx->tenant);
  const credentials::Ed25519JwsSigner signer(ctx->keyring->identity(), kIdentityKid);
  credentials::StatusListService lists(
      (*env)->storage().state(), signer, (*env)->clock(),
      {.issuer = issuer, .base_uri = ctx->base + "/status-lists/"});
  auto status = lists.Allocate(ctx->tenant.value());
  if (!status) return Failure(status.error());

  credentials::sdjwt::VcClaims vc;
  vc.issuer = issuer;
  vc.vct = args.Get("vct").value_or(kDefaultVct);
  vc.issued_at = now;
  vc.expires_at = now + *ttl;
  vc.holder_key = *holder;
  vc.status = *status;
  vc.claims = *claims;
  const std::string id = Base64UrlEncode(crypto::RandomBytes(16));
  vc.claims["jti"] = id;
  credentials::sdjwt::DisclosureFrame frame;
  for (const auto& [name, value] : claims->items()) frame.sd.push_back(name);
  frame.decoys = 2;
  auto issued = credentials::sdjwt::IssueVc(vc, frame, signer);
  if (!issued) return Failure(issued.error());

  IssuedCredential entry{id,         vc.vct,      holder->Thumbprint(), {},          now,
                         now + *ttl, status->uri, status->index,        std::nullopt};
  for (const auto& [name, value] : claims->items()) entry.claims.push_back(name);
  registry->push_back(entry);
  if (Status s = StoreRegistry(*ctx->records, *registry, "credential.issue"); !s.ok()) {
    return Failure(s.error());
  }
  const std::string credential = issued->Serialize();
  if (auto out = args.Get("out")) {
    if (Status s = WritePrivateFile(*out, credential + "\n"); !s.ok()) return Failure(s.error());
  }
  Json j = EntryJson(entry);
  j["issuer"] = issuer;
  if (!args.Has("out")) j["credential"] = credential;
  EmitResult(args, j, args.Has("out") ? "issued " + id : credential);
  return kExitOk;
}

int CmdList(const Args& args) {
  if (!args.positional().empty()) return UsageError("credential list takes no arguments");
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  auto registry = LoadRegistry(**v);
  if (!registry) return Failure(registry.error());
  Json list = Json::array();
  std::string text;
  for (const IssuedCredential& c : *registry) {
    list.push_back(EntryJson(c));
    text += c.id + "  " + (c.revoked_at ? "revoked" : "active ") + "  expires " +
            std::to_string(c.expires_at) + "  " + c.vct + "  " + JoinList(c.claims) + "\n";
  }
  if (registry->empty()) text = "no credentials issued";
  EmitResult(args, Json{{"credentials", list}}, text);
  return kExitOk;
}

int CmdRevoke(const Args& args) {
  if (args.positional().size() != 1) return UsageError("expected: signet credential revoke ID");
  const std::string& id = args.positional()[0];
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  auto ctx = OpenIssuer(**env);
  if (!ctx) return Failure(ctx.error());
  auto registry = LoadRegistry(*ctx->records);
  if (!registry) return Failure(registry.error());
  auto it = std::find_if(registry->begin(), registry->end(),
                         [&](const IssuedCredential& c) { return c.id == id; });
  if (it == registry->end()) return Failure(NotFound("no issued credential " + id));
  const credentials::Ed25519JwsSigner signer(ctx->keyring->identity(), kIdentityKid);
  credentials::StatusListService lists((*env)->storage().state(), signer, (*env)->clock(),
                                       {.issuer = server::TenantIssuer(ctx->base, ctx->tenant),
                                        .base_uri = ctx->base + "/status-lists/"});
  if (Status s = lists.Revoke({it->status_index, it->status_uri}); !s.ok()) {
    return Failure(s.error());
  }
  if (!it->revoked_at) {
    it->revoked_at = (*env)->clock().UnixSeconds();
    if (Status s = StoreRegistry(*ctx->records, *registry, "credential.revoke"); !s.ok()) {
      return Failure(s.error());
    }
  }
  EmitResult(args, EntryJson(*it), "revoked " + id);
  return kExitOk;
}

int RunCredential(const std::vector<std::string>& rest) {
  if (rest.empty()) return UsageError("expected: signet credential issue|list|revoke");
  const std::string& sub = rest[0];
  const std::vector<std::string> tail(rest.begin() + 1, rest.end());
  if (sub == "issue") {
    auto args = Args::Parse(tail, CredentialFlags({"label", "derive", "holder-key", "holder-jwk",
                                                   "new-holder-key", "vct", "ttl", "out"}));
    if (!args) return UsageError(args.error().message());
    return CmdIssue(*args);
  }
  if (sub == "list" || sub == "revoke") {
    auto args = Args::Parse(tail, CredentialFlags({}));
    if (!args) return UsageError(args.error().message());
    return sub == "list" ? CmdList(*args) : CmdRevoke(*args);
  }
  return UsageError("unknown credential command '" + sub + "'");
}

}  // namespace

std::optional<int> RunCredentialCommand(const std::string& cmd,
                                        const std::vector<std::string>& rest) {
  if (cmd == "credential") return RunCredential(rest);
  if (cmd == "present") return RunPresent(rest);
  if (cmd == "verify") return RunVerify(rest);
  return std::nullopt;
}

}  // namespace signet::cli
