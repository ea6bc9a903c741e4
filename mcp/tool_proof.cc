// signet_get_proof: a proof for a relying party, bound to its audience and nonce.
//
//   sd-jwt  an SD-JWT VC (typ dc+sd-jwt) issued by the vault's identity key with the requested
//           claims selectively disclosable and a fresh holder key in cnf, presented with every
//           claim disclosed and a KB-JWT (aud = audience, nonce) signed by that holder key. A
//           fresh holder key per proof keeps proofs to different relying parties unlinkable by
//           key.
//   bbs     a BBS signature (BLS12-381-SHA-256) by the vault's BBS key over one message per
//           claim, and a BBS proof of it that binds the presentation header
//           {"aud": audience, "nonce": nonce}.
//   range   a Bulletproofs predicate proof (v >= a, v <= b, a <= v <= b) over a fresh Pedersen
//           commitment to the value, bound to audience and nonce, plus an SD-JWT VC (with KB-JWT)
//           in which the vault signs that commitment.

#include <algorithm>
#include <charconv>
#include <set>

#include "base/encoding.h"
#include "credentials/decimal.h"
#include "credentials/derived_claims.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "crypto/random.h"
#include "mcp/bbs_credential.h"
#include "mcp/tools.h"
#include "proofs/bbs/bbs.h"
#include "proofs/bulletproofs/predicate.h"

namespace signet::mcp {
namespace {

using credentials::PublicJwk;

constexpr std::string_view kVct = "urn:signet:claims:v1";
constexpr int64_t kBbsCredentialValidity = 7 * 24 * 3600;  // a new BBS credential, seconds
constexpr size_t kMaxBbsCredentialClaims = 64;  // the verifier's limit on header claims

std::string IssuerFor(const ToolServices& s, const Principal& p) {
  return s.options.issuer_base + "/t/" + p.tenant.value();
}

// Claims read and computed for a proof.
struct Computed {
  Json claims = Json::object();
  std::vector<std::string> labels;
};

// SignedVc issues an SD-JWT VC over `claims` (all selectively disclosable except `plain`) and
// presents it with a KB-JWT for (audience, nonce), under a fresh holder key.
Result<std::string> SignedVc(TenantVault& vault, const std::string& issuer, const Json& claims,
                             const std::vector<std::string>& plain, const std::string& audience,
                             const std::string& nonce, int64_t now, int64_t ttl) {
  const crypto::Ed25519PrivateKey holder = crypto::Ed25519PrivateKey::Generate();
  credentials::sdjwt::VcClaims vc;
  vc.issuer = issuer;
  vc.vct = std::string(kVct);
  vc.issued_at = now;
  vc.expires_at = now + ttl;
  vc.holder_key = PublicJwk::Ed25519(holder.public_key());
  vc.claims = claims;
  vc.claims["jti"] = Base64UrlEncode(crypto::RandomBytes(16));
  credentials::sdjwt::DisclosureFrame frame;
  for (const auto& [name, value] : claims.items()) {
    if (std::find(plain.begin(), plain.end(), name) == plain.end()) frame.sd.push_back(name);
  }
  const credentials::Ed25519JwsSigner issuer_signer(vault.keyring().identity(), "identity");
  auto issued = credentials::sdjwt::IssueVc(vc, frame, issuer_signer);
  if (!issued) return std::move(issued).error();
  const credentials::Ed25519JwsSigner holder_signer(holder);
  credentials::sdjwt::KeyBinding kb{audience, nonce, now, &holder_signer};
  // Every disclosure is presented (the frame made exactly the claims to present disclosable), so
  // the presentation is the issued SD-JWT followed by the KB-JWT over it: the same bytes
  // sdjwt::Present would produce, without parsing back what was just built.
  std::string presentation = issued->Serialize();
  auto kb_jwt = credentials::sdjwt::MakeKeyBindingJwt(presentation, kb);
  if (!kb_jwt) return std::move(kb_jwt).error();
  return presentation + *kb_jwt;
}

Json IssuerJwk(TenantVault& vault) {
  return PublicJwk::Ed25519(vault.keyring().identity().public_key(), "identity").ToJson();
}

// RangeEncoding maps a stored value and the predicate bounds to unsigned integers.
struct RangeValues {
  uint64_t value = 0;
  proofs::bulletproofs::Predicate predicate;
  std::string encoding;
  Json statement;
};

constexpr int64_t kDayOffset = 719162;  // days from 0001-01-01 to 1970-01-01

Result<uint64_t> DateNumber(std::string_view text) {
  auto d = credentials::ParseFullDate(text);
  if (!d) return InvalidArgument("expected a date YYYY-MM-DD");
  return static_cast<uint64_t>(credentials::DaysFromCivil(*d) + kDayOffset);
}

// ScaledNumber reads a non-negative decimal with at most 2 fraction digits as hundredths.
Result<uint64_t> ScaledNumber(std::string_view text) {
  auto d = credentials::Decimal::Parse(text);
  if (!d) return InvalidArgument("expected a decimal number");
  const std::string canon = d->ToString();
  if (canon.starts_with('-')) return InvalidArgument("range proofs need a non-negative value");
  const size_t dot = canon.find('.');
  std::string digits = canon.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : canon.substr(dot + 1);
  if (frac.size() > 2) return InvalidArgument("range proofs take at most 2 decimal places");
  frac.resize(2, '0');
  digits += frac;
  uint64_t out = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || p != digits.data() + digits.size()) {
    return InvalidArgument("the number is too large for a range proof");
  }
  return out;
}

Result<RangeValues> RangeFor(const Json& pred, std::string_view value,
                             const credentials::CivilDate& today) {
  const std::string op = pred.at("op").get<std::string>();
  const std::string lower = pred.value("lower", "");
  const std::string upper = pred.value("upper", "");
  RangeValues r;
  if (op == "age_at_least") {
    int n = 0;
    auto [p, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), n);
    if (ec != std::errc() || p != lower.data() + lower.size() || n < 1 || n > 150) {
      return InvalidArgument("lower must be the age in whole years (1 to 150)");
    }
    credentials::CivilDate cutoff{today.year - n, today.month, today.day};
    if (!credentials::IsValidDate(cutoff)) cutoff.day = 28;  // 29 February in a common year
    auto v = DateNumber(value);
    if (!v) return v.error().WithContext("the stored value");
    r.value = *v;
    r.predicate = proofs::bulletproofs::Predicate::AtMost(
        static_cast<uint64_t>(credentials::DaysFromCivil(cutoff) + kDayOffset));
    r.encoding = "days_since_0001_01_01";
    r.statement = {{"born_on_or_before", credentials::FormatFullDate(cutoff)}, {"age_at_least", n}};
    return r;
  }
  const bool is_date = credentials::ParseFullDate(value).has_value();
  auto number = [&](std::string_view t) { return is_date ? DateNumber(t) : ScaledNumber(t); };
  auto v = number(value);
  if (!v) return v.error().WithContext("the stored value");
  r.value = *v;
  r.encoding = is_date ? "days_since_0001_01_01" : "hundredths";
  auto lo = op == "at_most" ? Result<uint64_t>(0) : number(lower);
  auto hi = op == "at_least" ? Result<uint64_t>(0) : number(upper);
  if (!lo) return lo.error().WithContext("lower");
  if (!hi) return hi.error().WithContext("upper");
  if (op == "at_least") r.predicate = proofs::bulletproofs::Predicate::AtLeast(*lo);
  if (op == "at_most") r.predicate = proofs::bulletproofs::Predicate::AtMost(*hi);
  if (op == "between") r.predicate = proofs::bulletproofs::Predicate::Between(*lo, *hi);
  if (!r.predicate.IsValid()) return InvalidArgument("lower must not exceed upper");
  r.statement = {{"op", op}, {"lower", lower}, {"upper", upper}};
  return r;
}

}  // namespace

ProofTool::ProofTool(ToolKit& kit) : kit_(kit) {}

Json ProofTool::Schema() {
  return {
      {"type", "object"},
      {"properties",
       {{"format",
         {{"type", "string"},
          {"enum", {"sd-jwt", "bbs", "range"}},
          {"description",
           "sd-jwt: an SD-JWT VC presentation with key binding (most relying parties); bbs: a "
           "BBS zero-knowledge proof; range: a range proof that a number or date lies within "
           "bounds without revealing it."}}},
        {"audience",
         {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 512},
          {"description",
           "The relying party the proof is for: its domain (shop.example) or https origin. The "
           "proof verifies only for this audience."}}},
        {"nonce",
         {{"type", "string"},
          {"minLength", 16},
          {"maxLength", 256},
          {"description", "The relying party's fresh challenge (at least 16 characters)."}}},
        {"claims",
         {{"type", "array"},
          {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 128}}},
          {"minItems", 1},
          {"maxItems", 16},
          {"uniqueItems", true},
          {"description",
           "sd-jwt and bbs: what to prove. Conclusions: age_over_N (from the birth date), "
           "balance_above_X (from the balance; write 100.50 as 100_50). Or a vault label whose "
           "value is disclosed, allowed for Tier-1 labels only (e.g. email, name)."}}},
        {"predicate",
         {{"type", "object"},
          {"properties",
           {{"label", {{"type", "string"}, {"minLength", 1}, {"maxLength", 128}}},
            {"op",
             {{"type", "string"}, {"enum", {"age_at_least", "at_least", "at_most", "between"}}}},
            {"lower", {{"type", "string"}, {"maxLength", 32}}},
            {"upper", {{"type", "string"}, {"maxLength", 32}}},
            {"certified_by", {{"type", "string"}, {"enum", {"sd-jwt", "bbs"}}}}}},
          {"required", {"label", "op"}},
          {"additionalProperties", false},
          {"description",
           "range only: the statement to prove about one vault label. age_at_least (lower = "
           "years, label holds a birth date), at_least (lower), at_most (upper), between (lower "
           "and upper). Bounds are numbers with up to 2 decimals, or dates YYYY-MM-DD when the "
           "label holds a date. certified_by: what certifies the commitment, an SD-JWT VC "
           "(default) or a BBS proof."}}},
        {"unlinkable",
         {{"type", "boolean"},
          {"description",
           "bbs only: set true when the relying party must not be able to tell this "
           "presentation from others; the proof is then refused if it would disclose every "
           "claim of the vault's BBS credential."}}},
        {"purpose",
         {{"type", "string"},
          {"maxLength", 256},
          {"description", "Why the relying party asks, in a few words (shown to the owner)."}}}}},
      {"required", {"format", "audience", "nonce"}},
      {"additionalProperties", false}};
}

ToolResult ProofTool::Run(const CallContext& ctx, const Json& args, const Grant* grant) {
  const std::string format = args.at("format").get<std::string>();
  const std::string audience = args.at("audience").get<std::string>();
  const std::string nonce = args.at("nonce").get<std::string>();
  auto domain = AudienceDomain(audience);
  if (!domain) return ToolResult::Fail(domain.error().message());
  if (format == "range") {
    if (!args.contains("predicate")) return ToolResult::Fail("format range needs a predicate");
  } else if (!args.contains("claims")) {
    return ToolResult::Fail("format " + format + " needs claims");
  }
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kName);
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return kit_.Failed(index.error(), kName);

  std::vector<ClaimPlan> plans;
  std::vector<Ask> asks;
  const std::string purpose = args.value("purpose", "");
  if (format == "range") {
    auto plan = PlanClaim(args.at("predicate").at("label").get<std::string>(), *index);
    if (!plan) return ToolResult::Fail(plan.error().message());
    plans.push_back(*plan);
  } else {
    for (const Json& c : args.at("claims")) {
      auto plan = PlanClaim(c.get<std::string>(), *index);
      if (!plan) return ToolResult::Fail(plan.error().message());
      plans.push_back(std::move(*plan));
    }
  }
  for (const ClaimPlan& p : plans) {
    // A range proof reveals only a conclusion about the value, whatever the label.
    const policy::Operation op = format == "range" ? policy::Operation::kProve : p.operation();
    asks.push_back(Ask{.label = p.label,
                       .tier = p.tier,
                       .operation = op,
                       .purpose = purpose,
                       .destination = *domain});
  }
  auto verdict = kit_.Decide(ctx.principal, asks, grant);
  if (!verdict) return kit_.Failed(verdict.error(), kName);
  if (verdict->outcome == Outcome::kDeny) return kit_.Refused(*verdict);
  if (verdict->outcome == Outcome::kSuspend)
    return kit_.Suspend(ctx, kName, args, *verdict, &*index);

  const auto today = TodayUtc(kit_.Now());
  Json claims = Json::object();
  std::set<std::string> labels;
  std::optional<SecretText> range_value;
  for (const ClaimPlan& p : plans) {
    labels.insert(p.label);
    auto value = kit_.ReadValue(**vault, *index, p.label, grant);
    if (!value) return kit_.Failed(value.error(), kName);
    if (format == "range") {
      range_value = std::move(*value);
      break;
    }
    auto computed = ComputeClaim(p, value->str(), today);
    if (!computed) return ToolResult::Fail(p.claim + ": " + computed.error().message());
    claims[p.claim] = std::move(*computed);
  }
  Json event = {{"outcome", "released"},
                {"format", format},
                {"audience", audience},
                {"labels", labels},
                {"claims", Json::array()}};
  for (const auto& [name, v] : claims.items()) event["claims"].push_back(name);
  const BbsFromVault bbs{&*index, args.value("unlinkable", false)};
  Result<Json> out = format == "sd-jwt" ? SdJwt(**vault, ctx, claims, audience, nonce)
                     : format == "bbs"  ? Bbs(**vault, ctx, claims, audience, nonce, &bbs)
                                        : Range(**vault, ctx, args.at("predicate"),
                                                range_value->str(), audience, nonce);
  if (!out) {
    if (out.error().code() == ErrorCode::kInvalidArgument)
      return ToolResult::Fail(out.error().message());
    return kit_.Failed(out.error(), kName);
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, kName, event); !s.ok()) {
    return kit_.Failed(s.error(), kName);
  }
  (*out)["decisions"] = VerdictJson(*verdict);
  return ToolResult::Ok(std::move(*out), "proof for " + audience + " (" + format +
                                             "): " + Dump(out->at("proof_summary")));
}

Result<Json> ProofTool::SdJwt(TenantVault& vault, const CallContext& ctx, const Json& claims,
                              const std::string& audience, const std::string& nonce) {
  const int64_t now = kit_.Now();
  const std::string issuer = IssuerFor(kit_.services(), ctx.principal);
  auto presentation = SignedVc(vault, issuer, claims, {}, audience, nonce, now,
                               kit_.services().options.credential_ttl_seconds);
  if (!presentation) return std::move(presentation).error();
  return Json{{"format", "sd-jwt"},
              {"presentation", *presentation},
              {"issuer", issuer},
              {"issuer_jwk", IssuerJwk(vault)},
              {"audience", audience},
              {"nonce", nonce},
              {"expires_at", now + kit_.services().options.credential_ttl_seconds},
              {"proof_summary", claims},
              {"how_to_use",
               "Give the presentation to the relying party as is. It carries a key-binding JWT "
               "for this audience and nonce and cannot be replayed elsewhere."}};
}

Json ProofTool::AvailableClaims(TenantVault& vault, const vault::VaultIndex& index,
                                const credentials::CivilDate& today, size_t room) {
  Json out = Json::object();
  auto add = [&](const std::string& claim) {
    if (out.size() >= room || out.contains(claim)) return;
    auto plan = PlanClaim(claim, index);
    if (!plan || plan->tier >= 3) return;
    auto value = kit_.ReadValue(vault, index, plan->label, nullptr);
    if (!value) return;
    auto computed = ComputeClaim(*plan, value->str(), today);
    if (computed) out[claim] = std::move(*computed);
  };
  const credentials::DerivationRules rules;
  for (int n : rules.age_thresholds) add("age_over_" + std::to_string(n));
  for (std::string t : rules.balance_thresholds) {
    std::replace(t.begin(), t.end(), '.', '_');
    add("balance_above_" + t);
  }
  for (const auto& [label, entry] : index.labels) {
    if (entry.tier == 1 && !entry.items.empty()) add(label);
  }
  return out;
}

Result<Json> ProofTool::Bbs(TenantVault& vault, const CallContext& ctx, const Json& claims,
                            const std::string& audience, const std::string& nonce,
                            const BbsFromVault* from_vault) {
  const int64_t now = kit_.Now();
  const int64_t ttl = kit_.services().options.credential_ttl_seconds;
  const std::string issuer = IssuerFor(kit_.services(), ctx.principal);
  Result<BbsCredential> credential = InvalidArgument("no credential");
  if (from_vault == nullptr) {
    auto keys = VaultBbsKeys(vault);
    if (!keys) return std::move(keys).error();
    credential = SignBbsCredential(keys->secret, keys->public_key, issuer, now, now + ttl, claims);
  } else {
    const auto today = TodayUtc(now);
    const BbsCredentialRequest request{.issuer = issuer,
                                       .index_generation = from_vault->index->generation,
                                       .day = credentials::FormatFullDate(today),
                                       .now = now,
                                       .validity = std::max(kBbsCredentialValidity, 2 * ttl),
                                       .min_remaining = ttl};
    const size_t room = kMaxBbsCredentialClaims - claims.size();
    credential = VaultBbsCredential(vault, request, claims, [&] {
      return AvailableClaims(vault, *from_vault->index, today, room);
    });
  }
  if (!credential) return std::move(credential).error();
  std::vector<size_t> disclosed;
  for (size_t i = 0; i < credential->names.size(); ++i) {
    if (claims.contains(credential->names[i])) disclosed.push_back(i);
  }
  if (from_vault != nullptr && from_vault->unlinkable &&
      disclosed.size() == credential->names.size()) {
    return InvalidArgument(
        "unlinkable was requested, but these claims are every claim of the vault's BBS "
        "credential (" + std::to_string(disclosed.size()) +
        "): disclosing all of them identifies the credential. Ask for fewer claims, or set "
        "unlinkable to false");
  }
  const Bytes& pk = credential->public_key;
  const int64_t expires_at = std::min(now + ttl, credential->expires_at);
  // The presentation header also carries a fresh random value of the holder's ("jti"), so no two
  // presentations share one even when a relying party repeats its nonce.
  const std::string ph = Dump(Json{{"aud", audience},
                                   {"nonce", nonce},
                                   {"exp", expires_at},
                                   {"jti", Base64UrlEncode(crypto::RandomBytes(16))}});
  auto proof = proofs::bbs::ProofGen(pk, credential->signature, AsBytes(credential->header),
                                     AsBytes(ph), credential->messages, disclosed);
  if (!proof) return std::move(proof).error();
  Json disclosed_json = Json::array();
  for (size_t i : disclosed) {
    disclosed_json.push_back({{"index", i}, {"message", ToString(credential->messages[i])}});
  }
  return Json{{"format", "bbs"},
              {"ciphersuite", "BLS12-381-SHA-256"},
              {"public_key", Base64UrlEncode(pk)},
              {"header", credential->header},
              {"presentation_header", ph},
              {"proof", Base64UrlEncode(*proof)},
              {"disclosed_messages", std::move(disclosed_json)},
              {"undisclosed_count", credential->names.size() - disclosed.size()},
              {"issuer", issuer},
              {"expires_at", expires_at},
              {"proof_summary", claims},
              {"how_to_use",
               "The relying party verifies the proof with ProofVerify(public_key, proof, header, "
               "presentation_header, disclosed messages as UTF-8, their indexes); the "
               "presentation header binds its audience, nonce and expiry. Or POST this object "
               "as the presentation to /verify."}};
}

Result<Json> ProofTool::Range(TenantVault& vault, const CallContext& ctx, const Json& predicate,
                              const std::string& value, const std::string& audience,
                              const std::string& nonce) {
  auto range = RangeFor(predicate, value, TodayUtc(kit_.Now()));
  if (!range) return std::move(range).error();
  if (!range->predicate.Holds(range->value)) {
    return InvalidArgument("the stored value does not satisfy the predicate: no proof exists");
  }
  const auto commitment = proofs::bulletproofs::CommitToValue(range->value);
  auto proof = proofs::bulletproofs::ProvePredicate(range->predicate, commitment.opening,
                                                    AsBytes(audience), AsBytes(nonce));
  if (!proof) return std::move(proof).error();
  auto commitment_claim = credentials::CommitmentClaim(commitment.commitment);
  if (!commitment_claim) return std::move(commitment_claim).error();
  const std::string label = predicate.at("label").get<std::string>();
  const Json claims = {{"commitment", *commitment_claim},
                       {"committed_attribute", AttributeFor(label)},
                       {"encoding", range->encoding}};
  const int64_t now = kit_.Now();
  const std::string issuer = IssuerFor(kit_.services(), ctx.principal);
  Json out = {{"format", "range"}};
  if (predicate.value("certified_by", "sd-jwt") == "bbs") {
    auto certified = Bbs(vault, ctx, claims, audience, nonce, nullptr);
    if (!certified) return std::move(certified).error();
    certified->erase("how_to_use");
    certified->erase("proof_summary");
    out["bbs"] = std::move(*certified);
  } else {
    auto vc = SignedVc(vault, issuer, claims, {"commitment", "committed_attribute", "encoding"},
                       audience, nonce, now, kit_.services().options.credential_ttl_seconds);
    if (!vc) return std::move(vc).error();
    out["credential"] = *vc;
    out["issuer_jwk"] = IssuerJwk(vault);
  }
  out.update(Json{{"issuer", issuer},
                  {"commitment", Base64UrlEncode(commitment.commitment)},
                  {"predicate", range->predicate.ToString()},
                  {"encoding", range->encoding},
                  {"proof", Base64UrlEncode(*proof)},
                  {"audience", audience},
                  {"nonce", nonce},
                  {"proof_summary", range->statement},
                  {"how_to_use",
                   "POST this object as the presentation to the relying party's /verify (or verify "
                   "it yourself): the credential (SD-JWT+KB, or the BBS proof) certifies the "
                   "commitment for this audience and nonce, and the range proof is checked against "
                   "that commitment with domain = audience and the same nonce."}});
  return out;
}

}  // namespace signet::mcp
