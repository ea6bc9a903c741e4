#include "credentials/capability.h"

#include <algorithm>
#include <chrono>

#include "base/encoding.h"
#include "credentials/decimal.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/time_format.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::credentials {
namespace {

constexpr std::string_view kSpendPrefix = "pw.";
constexpr const char* kHideable[] = {"permissions", "max_amount", "purpose"};

Error Invalid(std::string_view why, std::string_view detail = {}) {
  return CredentialError(ErrorCode::kInvalidArgument, why, detail);
}

bool Contains(std::span<const char* const> list, std::string_view s) {
  return std::any_of(list.begin(), list.end(), [&](const char* e) { return s == e; });
}

Status ValidateMoney(const Money& m) {
  if (!Decimal::Parse(m.value)) return InvalidArgument("invalid money value");
  if (m.currency.size() != 3 ||
      !std::all_of(m.currency.begin(), m.currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return InvalidArgument("currency must be an ISO 4217 code");
  }
  return OkStatus();
}

// ClauseValues renders the policy clauses (all of them, before hiding).
Json ClauseValues(const CapabilityPolicy& p, const std::optional<PaywordChain>& chain) {
  Json out = Json::object();
  if (!p.permissions.empty()) out["permissions"] = p.permissions;
  if (p.max_amount) out["max_amount"] = MoneyToJson(*p.max_amount);
  if (p.purpose) out["purpose"] = *p.purpose;
  if (p.one_time) out["one_time"] = true;
  if (p.budget) {
    out["budget"] = {{"alg", "sha-256"},
                     {"anchor", Base64UrlEncode(chain->Anchor())},
                     {"units", p.budget->units}};
    if (p.budget->unit_value) out["budget"]["unit_value"] = MoneyToJson(*p.budget->unit_value);
  }
  return out;
}

Status ValidateRequest(const CapabilityRequest& r) {
  if (r.issuer.empty() || r.subject.empty() || r.audience.empty()) {
    return InvalidArgument("capability needs issuer, subject and audience");
  }
  if (r.expires_at <= r.issued_at) return InvalidArgument("capability must expire after issuance");
  if (r.policy.one_time && r.policy.budget) {
    return InvalidArgument("a capability is either one-time or budgeted, not both");
  }
  if (r.policy.max_amount && !ValidateMoney(*r.policy.max_amount)) return InvalidArgument("max_amount");
  if (r.policy.budget && r.policy.budget->unit_value && !ValidateMoney(*r.policy.budget->unit_value)) {
    return InvalidArgument("budget unit_value");
  }
  for (const std::string& name : r.selectively_disclosed) {
    if (!Contains(kHideable, name)) return InvalidArgument("clause cannot be hidden: " + name);
  }
  return OkStatus();
}

// Policy builds the policy object: plain clauses, and digests of the hidden ones.
Result<Json> Policy(const CapabilityRequest& r, const Json& clauses,
                    std::vector<sdjwt::Disclosure>* disclosures) {
  Json policy = Json::object();
  std::vector<std::string> digests;
  for (auto it = clauses.begin(); it != clauses.end(); ++it) {
    const auto& hidden = r.selectively_disclosed;
    if (std::find(hidden.begin(), hidden.end(), it.key()) == hidden.end()) {
      policy[it.key()] = it.value();
      continue;
    }
    Result<sdjwt::Disclosure> d = sdjwt::MakeDisclosure(sdjwt::RandomSalt(), it.key(), it.value());
    if (!d) return std::move(d).error();
    digests.push_back(d->digest);
    disclosures->push_back(*std::move(d));
  }
  for (const std::string& name : r.selectively_disclosed) {
    if (!clauses.contains(name)) return InvalidArgument("hidden clause is not set: " + name);
  }
  if (r.decoys > 16) return InvalidArgument("too many decoys");
  for (size_t i = 0; i < r.decoys; ++i) {
    digests.push_back(Base64UrlEncode(crypto::Sha256(crypto::RandomBytes(16))));
  }
  if (!digests.empty()) {
    std::sort(digests.begin(), digests.end());
    policy["_sd"] = digests;
    policy["_sd_alg"] = "sha-256";
  }
  return policy;
}

}  // namespace

Json MoneyToJson(const Money& m) { return {{"value", m.value}, {"currency", m.currency}}; }

Result<Money> MoneyFromJson(const Json& j) {
  const std::string* value = StringMember(j, "value");
  const std::string* currency = StringMember(j, "currency");
  if (value == nullptr || currency == nullptr || j.size() != 2) {
    return Invalid(reason::kMalformed, "money is {value, currency}");
  }
  Money m{*value, *currency};
  if (!ValidateMoney(m)) return Invalid(reason::kMalformed, "money");
  return m;
}

Result<IssuedCapability> IssueCapability(const CapabilityRequest& r,
                                         const crypto::Ed25519PrivateKey& issuer_key) {
  if (Status s = ValidateRequest(r); !s) return std::move(s).error();
  IssuedCapability out;
  if (r.policy.budget) {
    Result<PaywordChain> chain = PaywordChain::Create(r.policy.budget->units);
    if (!chain) return std::move(chain).error();
    out.budget_chain = *std::move(chain);
  }
  Result<Json> policy = Policy(r, ClauseValues(r.policy, out.budget_chain), &out.clause_disclosures);
  if (!policy) return std::move(policy).error();
  out.jti = r.jti.empty() ? Base64UrlEncode(crypto::RandomBytes(16)) : r.jti;
  Json claims = {{"iss", r.issuer},       {"sub", r.subject},
                 {"aud", r.audience},     {"iat", FormatRfc3339(r.issued_at)},
                 {"exp", FormatRfc3339(r.expires_at)}, {"jti", out.jti},
                 {"policy", *std::move(policy)}};
  if (r.not_before) claims["nbf"] = FormatRfc3339(*r.not_before);
  if (r.agent_key) claims["cnf"] = {{"k4", paseto::PaserkPublic(*r.agent_key)}};
  if (r.status) claims["status"] = StatusClaim(*r.status);
  Result<std::string> message = DumpJson(claims);
  if (!message) return std::move(message).error();
  out.token = paseto::SignPublic(issuer_key, AsBytes(*message), {}, AsBytes(kCapabilityAssertion));
  return out;
}

Result<std::string> PresentCapability(std::string_view token,
                                      std::span<const sdjwt::Disclosure> disclosures,
                                      std::span<const std::string> reveal,
                                      const CapabilitySpend* spend,
                                      const CapabilityBinding* binding) {
  std::string out(token);
  out += '~';
  for (const sdjwt::Disclosure& d : disclosures) {
    const bool wanted = std::any_of(reveal.begin(), reveal.end(), [&](const std::string& r) {
      return r == d.encoded || (d.name && r == *d.name);
    });
    if (wanted) out += d.encoded + "~";
  }
  if (spend != nullptr) {
    out += std::string(kSpendPrefix) + std::to_string(spend->total) + "." +
           Base64UrlEncode(spend->link) + "~";
  }
  if (binding == nullptr) return out;
  if (binding->agent_key == nullptr) return InvalidArgument("binding needs the agent key");
  const Json claims = {{"aud", binding->audience},
                       {"nonce", binding->nonce},
                       {"iat", FormatRfc3339(binding->issued_at)},
                       {"cap_hash", Base64UrlEncode(crypto::Sha256(AsBytes(out)))}};
  Result<std::string> message = DumpJson(claims);
  if (!message) return std::move(message).error();
  return out + paseto::SignPublic(*binding->agent_key, AsBytes(*message), {},
                                  AsBytes(kCapabilityBindingAssertion));
}

bool IsCapabilityPresentation(std::string_view presentation) {
  return presentation.substr(0, paseto::kPublicHeader.size()) == paseto::kPublicHeader;
}

}  // namespace signet::credentials
