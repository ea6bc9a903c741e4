// VerifyCapability (declared in capability.h): checks first, state last.

#include <algorithm>
#include <chrono>

#include "base/contention.h"
#include "base/encoding.h"
#include "credentials/capability.h"
#include "credentials/decimal.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"
#include "credentials/time_format.h"
#include "crypto/secret_bytes.h"
#include "crypto/sha2.h"

namespace signet::credentials {
namespace {

constexpr std::string_view kSpendPrefix = "pw.";
constexpr const char* kKnownClauses[] = {"permissions", "max_amount", "purpose", "one_time", "budget"};
constexpr size_t kLedgerRetries = 8;

Error Invalid(std::string_view why, std::string_view detail = {}) {
  return CredentialError(ErrorCode::kInvalidArgument, why, detail);
}
Error Denied(std::string_view why, std::string_view detail = {}) {
  return CredentialError(ErrorCode::kPermissionDenied, why, detail);
}
Error LedgerDown(const Error& e) {
  return CredentialError(ErrorCode::kUnavailable, reason::kLedgerUnavailable, e.message());
}

// Parts is a split presentation.
struct Parts {
  std::string_view token;
  std::vector<std::string_view> disclosures;
  std::optional<std::string_view> spend;
  std::string_view bound_prefix;  // everything up to and including the last '~'
  std::string_view binding;       // may be empty
};

Result<Parts> Split(std::string_view p, size_t max_disclosures) {
  const size_t last = p.rfind('~');
  const size_t first = p.find('~');
  if (first == std::string_view::npos || first == 0) {
    return Invalid(reason::kMalformed, "a capability presentation is <token>~...~[binding]");
  }
  Parts out{p.substr(0, first), {}, std::nullopt, p.substr(0, last + 1), p.substr(last + 1)};
  for (size_t pos = first + 1; pos <= last;) {
    const size_t next = p.find('~', pos);
    const std::string_view part = p.substr(pos, next - pos);
    if (part.empty() || out.spend) return Invalid(reason::kMalformed, "presentation parts");
    if (part.substr(0, kSpendPrefix.size()) == kSpendPrefix) {
      out.spend = part;
    } else if (out.disclosures.size() == max_disclosures) {
      return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge, "too many disclosures");
    } else {
      out.disclosures.push_back(part);
    }
    pos = next + 1;
  }
  return out;
}

Result<CapabilitySpend> ParseSpend(std::string_view s) {
  s.remove_prefix(kSpendPrefix.size());
  const size_t dot = s.find('.');
  const std::string_view k = s.substr(0, dot);
  if (dot == std::string_view::npos || k.empty() || k.size() > 5 ||
      k.find_first_not_of("0123456789") != std::string_view::npos || k[0] == '0') {
    return Invalid(reason::kPaywordInvalid, "spend is pw.<units>.<link>");
  }
  Result<Bytes> link = Base64UrlDecode(s.substr(dot + 1));
  if (!link || link->size() != 32) return Invalid(reason::kPaywordInvalid, "link");
  CapabilitySpend out;
  out.total = static_cast<uint32_t>(std::stoul(std::string(k)));
  std::copy(link->begin(), link->end(), out.link.begin());
  return out;
}

// PeekClaims decodes the (not yet verified) message of a v4.public token.
Result<Json> PeekClaims(std::string_view token) {
  if (token.substr(0, paseto::kPublicHeader.size()) != paseto::kPublicHeader) {
    return Invalid(reason::kWrongHeader);
  }
  std::string_view body = token.substr(paseto::kPublicHeader.size());
  body = body.substr(0, body.find('.'));
  Result<Bytes> payload = Base64UrlDecode(body);
  if (!payload) return Invalid(reason::kBase64Malformed);
  if (payload->size() < 64) return Invalid(reason::kMalformed, "token too short");
  return ParseJson(AsStringView(ByteView(*payload).first(payload->size() - 64)),
                   {.max_bytes = 16 * 1024, .max_depth = 8, .max_values = 1024});
}

// VerifySignature checks the token under the issuer's Ed25519 keys.
Status VerifySignature(std::string_view token, const std::string& issuer,
                       const CapabilityVerifyOptions& o) {
  if (o.issuer_keys == nullptr) return FailedPrecondition("capability verify: no key resolver");
  Result<std::vector<PublicJwk>> keys = o.issuer_keys->Resolve(issuer);
  if (!keys) return std::move(keys).error();
  bool any_ed25519 = false;
  for (const PublicJwk& k : *keys) {
    if (k.ed25519_bytes() == nullptr) continue;
    any_ed25519 = true;
    if (paseto::VerifyPublicEncodedKey(*k.ed25519_bytes(), token, AsBytes(kCapabilityAssertion),
                                       ByteView())) {
      return OkStatus();
    }
  }
  if (!any_ed25519) return Invalid(reason::kAlgorithmKeyMismatch);
  return CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidSignature);
}

// ValidatePolicy checks the types of the disclosed clauses.
Status ValidatePolicy(const Json& policy, std::span<const sdjwt::Disclosure> disclosures) {
  for (const sdjwt::Disclosure& d : disclosures) {
    if (d.name && (*d.name == "one_time" || *d.name == "budget")) {
      return Invalid(reason::kMalformed, "one_time and budget may not be hidden");
    }
  }
  for (auto it = policy.begin(); it != policy.end(); ++it) {
    if (!std::any_of(std::begin(kKnownClauses), std::end(kKnownClauses),
                     [&](const char* c) { return it.key() == c; })) {
      return Invalid(reason::kMalformed, "unknown policy clause: " + it.key());
    }
  }
  const Json* perms = Member(policy, "permissions");
  if (perms != nullptr && (!perms->is_array() ||
                           !std::all_of(perms->begin(), perms->end(), [](const Json& p) { return p.is_string(); }))) {
    return Invalid(reason::kMalformed, "permissions");
  }
  if (const Json* m = Member(policy, "max_amount"); m != nullptr && !MoneyFromJson(*m)) {
    return Invalid(reason::kMalformed, "max_amount");
  }
  if (const Json* p = Member(policy, "purpose"); p != nullptr && !p->is_string()) {
    return Invalid(reason::kMalformed, "purpose");
  }
  if (const Json* one = Member(policy, "one_time"); one != nullptr && !one->is_boolean()) {
    return Invalid(reason::kMalformed, "one_time");
  }
  if (policy.contains("one_time") && policy.contains("budget")) {
    return Invalid(reason::kMalformed, "one_time and budget together");
  }
  return OkStatus();
}

// Budget is a parsed budget clause.
struct Budget {
  PaywordLink anchor{};
  uint32_t units = 0;
};

Result<std::optional<Budget>> ParseBudget(const Json& policy) {
  const Json* b = Member(policy, "budget");
  if (b == nullptr) return std::optional<Budget>();
  const std::string* alg = StringMember(*b, "alg");
  const std::string* anchor = StringMember(*b, "anchor");
  const std::optional<int64_t> units = IntegerMember(*b, "units");
  Result<Bytes> raw = anchor != nullptr ? Base64UrlDecode(*anchor) : Result<Bytes>(Bytes());
  if (alg == nullptr || *alg != "sha-256" || !raw || raw->size() != 32 || !units || *units < 1 ||
      *units > PaywordChain::kMaxLength) {
    return Invalid(reason::kMalformed, "budget");
  }
  Budget out;
  std::copy(raw->begin(), raw->end(), out.anchor.begin());
  out.units = static_cast<uint32_t>(*units);
  return std::optional<Budget>(out);
}

Status VerifyBinding(const Parts& parts, const Json& claims, const CapabilityVerifyOptions& o) {
  const Json* cnf = Member(claims, "cnf");
  if (cnf == nullptr) {
    if (!parts.binding.empty()) return Invalid(reason::kMalformed, "binding without cnf");
    return OkStatus();
  }
  const std::string* k4 = StringMember(*cnf, "k4");
  Result<Bytes> key = k4 != nullptr && k4->rfind("k4.public.", 0) == 0
                          ? Base64UrlDecode(std::string_view(*k4).substr(10))
                          : Result<Bytes>(Bytes());
  if (!key || key->size() != 32) return Invalid(reason::kHolderKeyMissing);
  if (parts.binding.empty()) return Invalid(reason::kKeyBindingMissing);
  Result<paseto::Token> t = paseto::VerifyPublicEncodedKey(
      *key, parts.binding, AsBytes(kCapabilityBindingAssertion), ByteView());
  if (!t) {
    if (ReasonOf(t.error()) == reason::kInvalidSignature) {
      return CredentialError(ErrorCode::kUnauthenticated, reason::kKeyBindingInvalidSignature);
    }
    return Invalid(reason::kKeyBindingMalformed, ReasonOf(t.error()));
  }
  paseto::ClaimsCheck check;
  check.clock = o.clock;
  check.clock_skew_seconds = o.clock_skew_seconds;
  check.require_expiration = false;
  check.audience = o.audience;
  Result<Json> bc = paseto::ParseClaims(t->message, check);
  if (!bc) return std::move(bc).error();
  const std::string* nonce = StringMember(*bc, "nonce");
  if (nonce == nullptr || o.nonce.empty() ||
      !crypto::ConstantTimeEquals(AsBytes(*nonce), AsBytes(o.nonce))) {
    return Invalid(reason::kNonceMismatch);
  }
  const std::string* iat = StringMember(*bc, "iat");
  Result<int64_t> when = iat != nullptr ? ParseRfc3339(*iat) : Result<int64_t>(InvalidArgument(""));
  if (!when) return Invalid(reason::kKeyBindingMalformed, "iat");
  if (o.clock->UnixSeconds() - *when > o.max_binding_age_seconds + o.clock_skew_seconds) {
    return Invalid(reason::kKeyBindingStale);
  }
  const std::string* cap_hash = StringMember(*bc, "cap_hash");
  if (cap_hash == nullptr || *cap_hash != Base64UrlEncode(crypto::Sha256(AsBytes(parts.bound_prefix)))) {
    return Invalid(reason::kBindingHashMismatch);
  }
  return OkStatus();
}

Status CheckAction(const Json& policy, const CapabilityAction& a) {
  if (a.permission) {
    const Json* perms = Member(policy, "permissions");
    if (perms == nullptr) return Denied(reason::kClauseUndisclosed, "permissions");
    if (std::find(perms->begin(), perms->end(), *a.permission) == perms->end()) {
      return Denied(reason::kPermissionDenied, *a.permission);
    }
  }
  if (a.amount) {
    const Json* max = Member(policy, "max_amount");
    if (max == nullptr) return Denied(reason::kClauseUndisclosed, "max_amount");
    Result<Money> limit = MoneyFromJson(*max);
    Result<Decimal> want = Decimal::Parse(a.amount->value);
    if (!limit || !want) return Invalid(reason::kMalformed, "amount");
    if (limit->currency != a.amount->currency) return Denied(reason::kCurrencyMismatch);
    if (*want > *Decimal::Parse(limit->value)) return Denied(reason::kAmountExceedsLimit);
  }
  return OkStatus();
}

std::string LedgerKey(std::string_view kind, const std::string& issuer, const std::string& jti) {
  crypto::Sha256Hasher h;
  const std::string sep(1, '\n');
  return std::string(kind) + HexEncode(h.Update(AsBytes(issuer)).Update(AsBytes(sep)).Update(AsBytes(jti)).Finish());
}

Duration LedgerTtl(int64_t exp, const CapabilityVerifyOptions& o) {
  const int64_t secs = std::max<int64_t>(60, exp + o.clock_skew_seconds + 60 - o.clock->UnixSeconds());
  return std::chrono::seconds(secs);
}

// AdvanceBudget moves the token's high-water mark to spend.total, if the link is valid.
Result<uint32_t> AdvanceBudget(const Budget& b, const CapabilitySpend& spend, const std::string& key,
                               Duration ttl, storage::StateStore& ledger) {
  if (spend.total > b.units) return Denied(reason::kBudgetExceeded);
  for (size_t attempt = 0; attempt < kLedgerRetries; ++attempt) {
    Result<std::optional<Bytes>> cur = ledger.Get(storage::ns::kLedger, key);
    if (!cur) return LedgerDown(cur.error());
    uint32_t mark = 0;
    PaywordLink mark_link = b.anchor;
    if (*cur) {
      ByteReader r(**cur);
      ByteView link;
      if (!r.ReadU32BE(&mark) || !r.Read(32, &link) || !r.ExpectEnd("ledger")) {
        return DataLoss("capability ledger entry is corrupt");
      }
      std::copy(link.begin(), link.end(), mark_link.begin());
    }
    if (spend.total <= mark) return Denied(reason::kPaywordReplayed);
    if (PaywordIterate(spend.link, spend.total - mark) != mark_link) {
      return Invalid(reason::kPaywordInvalid);
    }
    Bytes next;
    AppendU32BE(&next, spend.total);
    next.insert(next.end(), spend.link.begin(), spend.link.end());
    const std::optional<ByteView> expected =
        *cur ? std::optional<ByteView>(**cur) : std::optional<ByteView>();
    Status s = ledger.CompareAndSwap(storage::ns::kLedger, key, expected, next, ttl);
    if (s) return spend.total - mark;
    if (s.error().code() != ErrorCode::kConflict) return LedgerDown(s.error());
    PauseAfterConflict(static_cast<int>(attempt));
  }
  return LedgerDown(Unavailable("ledger contention"));
}

Status ConsumeOnce(const std::string& key, Duration ttl, storage::StateStore& ledger) {
  const uint8_t used[] = {1};
  Status s = ledger.PutIfAbsent(storage::ns::kLedger, key, used, ttl);
  if (s) return OkStatus();
  if (s.error().code() == ErrorCode::kAlreadyExists) return Denied(reason::kReplayed);
  return LedgerDown(s.error());
}

// Consume applies the stateful parts (one-time use, budget) after every check passed.
Status Consume(const Json& policy, const Parts& parts, const CapabilityVerifyOptions& o,
               VerifiedCapability* out) {
  Result<std::optional<Budget>> budget = ParseBudget(policy);
  if (!budget) return std::move(budget).error();
  const bool one_time = policy.value("one_time", false);
  if (!*budget && parts.spend) return Invalid(reason::kMalformed, "spend without a budget");
  if (!*budget && !one_time) return OkStatus();
  if (o.ledger == nullptr) return LedgerDown(FailedPrecondition("no ledger configured"));
  const Duration ttl = LedgerTtl(out->expires_at, o);
  if (one_time) {
    if (Status s = ConsumeOnce(LedgerKey("cap1/once/", out->issuer, out->jti), ttl, *o.ledger); !s) {
      return s;
    }
    out->consumed = true;
    return OkStatus();
  }
  if (!parts.spend) return Invalid(reason::kPaywordInvalid, "a budgeted capability needs a spend");
  Result<CapabilitySpend> spend = ParseSpend(*parts.spend);
  if (!spend) return std::move(spend).error();
  Result<uint32_t> now = AdvanceBudget(**budget, *spend, LedgerKey("cap1/pw/", out->issuer, out->jti),
                                       ttl, *o.ledger);
  if (!now) return std::move(now).error();
  out->spent_total = spend->total;
  out->spent_now = *now;
  return OkStatus();
}

// CheckClaims verifies the registered claims and fills `out`.
Status CheckRegistered(const Json& claims, const CapabilityVerifyOptions& o, VerifiedCapability* out) {
  paseto::ClaimsCheck check;
  check.clock = o.clock;
  check.clock_skew_seconds = o.clock_skew_seconds;
  check.audience = o.audience;
  if (Status s = paseto::CheckClaims(claims, check); !s) return s;
  const std::string* sub = StringMember(claims, "sub");
  const std::string* jti = StringMember(claims, "jti");
  if (sub == nullptr || jti == nullptr || jti->empty()) return Invalid(reason::kMissingClaim, "sub/jti");
  out->subject = *sub;
  out->jti = *jti;
  out->expires_at = *ParseRfc3339(claims["exp"].get_ref<const std::string&>());
  return OkStatus();
}

Status CheckStatusOf(const Json& claims, const std::string& issuer, const CapabilityVerifyOptions& o) {
  Result<std::optional<StatusReference>> ref = ParseStatusClaim(claims);
  if (!ref) return std::move(ref).error();
  if (!*ref) return OkStatus();
  if (o.status == nullptr) {
    return CredentialError(ErrorCode::kUnavailable, reason::kStatusUnavailable, "no status checker");
  }
  Result<uint8_t> v = o.status->Check(issuer, **ref);
  if (!v) return std::move(v).error();
  return CheckStatusValue(*v);
}

}  // namespace

Result<VerifiedCapability> VerifyCapability(std::string_view presentation,
                                            const CapabilityVerifyOptions& o) {
  if (presentation.size() > o.max_presentation_bytes) {
    return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge);
  }
  Result<Parts> parts = Split(presentation, o.max_disclosures);
  if (!parts) return std::move(parts).error();
  Result<Json> claims = PeekClaims(parts->token);
  if (!claims) return std::move(claims).error();
  const std::string* iss = StringMember(*claims, "iss");
  if (iss == nullptr) return Invalid(reason::kMissingClaim, "iss");
  VerifiedCapability out;
  out.issuer = *iss;
  if (Status s = VerifySignature(parts->token, out.issuer, o); !s) return std::move(s).error();
  if (Status s = CheckRegistered(*claims, o, &out); !s) return std::move(s).error();
  std::vector<sdjwt::Disclosure> disclosures;
  for (std::string_view d : parts->disclosures) {
    Result<sdjwt::Disclosure> parsed = sdjwt::ParseDisclosure(d, {.max_bytes = 4096, .max_depth = 4, .max_values = 256});
    if (!parsed) return std::move(parsed).error();
    disclosures.push_back(*std::move(parsed));
  }
  const Json* policy_raw = Member(*claims, "policy");
  if (policy_raw == nullptr || !policy_raw->is_object()) return Invalid(reason::kMissingClaim, "policy");
  Result<sdjwt::Unpacked> policy = sdjwt::Unpack(*policy_raw, disclosures, 4);
  if (!policy) return std::move(policy).error();
  if (Status s = ValidatePolicy(policy->claims, disclosures); !s) return std::move(s).error();
  if (Status s = VerifyBinding(*parts, *claims, o); !s) return std::move(s).error();
  out.holder_bound = claims->contains("cnf");
  if (Status s = CheckStatusOf(*claims, out.issuer, o); !s) return std::move(s).error();
  if (Status s = CheckAction(policy->claims, o.action); !s) return std::move(s).error();
  (*claims)["policy"] = policy->claims;
  if (Status s = RequireClaims(*claims, o.required_claims); !s) return std::move(s).error();
  if (Status s = Consume(policy->claims, *parts, o, &out); !s) return std::move(s).error();
  out.claims = *std::move(claims);
  return out;
}

}  // namespace signet::credentials
