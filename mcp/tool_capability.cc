// signet_request_capability: a PASETO v4.public capability token signed by the vault's identity
// key (credentials/capability.h), for one relying party and purpose, with an optional amount
// cap, one-time use and a short expiry. The policy decides it as operation "pay" on
// financial.payment (with the amount) or "issue" on commerce.capability (without); anomalies and
// amounts over the owner's limits suspend for approval.

#include <array>
#include <charconv>

#include "base/encoding.h"
#include "credentials/capability.h"
#include "credentials/decimal.h"
#include "credentials/paseto.h"
#include "mcp/tools.h"

namespace signet::mcp {
namespace {

// MinorUnitDigits is the ISO 4217 exponent of a currency (2 unless listed).
int MinorUnitDigits(std::string_view currency) {
  static constexpr std::array<std::string_view, 6> kZero = {"JPY", "KRW", "VND",
                                                            "CLP", "ISK", "XOF"};
  static constexpr std::array<std::string_view, 5> kThree = {"BHD", "KWD", "JOD", "OMR", "TND"};
  if (std::find(kZero.begin(), kZero.end(), currency) != kZero.end()) return 0;
  if (std::find(kThree.begin(), kThree.end(), currency) != kThree.end()) return 3;
  return 2;
}

// ToMinor converts a decimal amount to minor units of `currency`.
Result<int64_t> ToMinor(std::string_view value, std::string_view currency) {
  auto d = credentials::Decimal::Parse(value);
  if (!d) return InvalidArgument("max_amount.value must be a decimal number");
  std::string canon = d->ToString();
  if (canon.starts_with('-')) return InvalidArgument("max_amount must not be negative");
  const size_t dot = canon.find('.');
  std::string frac = dot == std::string::npos ? "" : canon.substr(dot + 1);
  const size_t digits = static_cast<size_t>(MinorUnitDigits(currency));
  if (frac.size() > digits) {
    return InvalidArgument(std::string(currency) + " has " + std::to_string(digits) +
                           " decimal places");
  }
  frac.resize(digits, '0');
  const std::string all = canon.substr(0, dot) + frac;
  int64_t minor = 0;
  auto [p, ec] = std::from_chars(all.data(), all.data() + all.size(), minor);
  if (ec != std::errc() || p != all.data() + all.size()) return InvalidArgument("amount too large");
  return minor;
}

Result<crypto::Ed25519PublicKey> AgentKey(const std::string& text) {
  if (text.starts_with("k4.public.")) return credentials::paseto::ParsePaserkPublic(text);
  auto raw = Base64UrlDecode(text);
  if (!raw) return InvalidArgument("agent_key must be k4.public.<key> or base64url of 32 bytes");
  return crypto::Ed25519PublicKey::FromBytes(*raw);
}

}  // namespace

Json CapabilityTool::Schema() {
  return {{"type", "object"},
          {"properties",
           {{"audience",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", 253},
              {"description",
               "The relying party's domain (shop.example). The token works only there."}}},
            {"purpose",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", 256},
              {"description",
               "What the token is for, e.g. checkout (shown to the owner, matched by policy)."}}},
            {"max_amount",
             {{"type", "object"},
              {"properties",
               {{"value",
                 {{"type", "string"},
                  {"minLength", 1},
                  {"maxLength", 24},
                  {"description", "Decimal amount, e.g. 49.90"}}},
                {"currency",
                 {{"type", "string"},
                  {"minLength", 3},
                  {"maxLength", 3},
                  {"description", "ISO 4217 code, e.g. EUR"}}}}},
              {"required", {"value", "currency"}},
              {"additionalProperties", false},
              {"description", "The most the relying party may charge with this token."}}},
            {"permissions",
             {{"type", "array"},
              {"items", {{"type", "string"}, {"minLength", 1}, {"maxLength", 64}}},
              {"maxItems", 16},
              {"uniqueItems", true},
              {"description", "Actions the relying party may take, e.g. [\"purchase\"]."}}},
            {"one_time",
             {{"type", "boolean"},
              {"description", "true (default): the relying party can use the token once."}}},
            {"expires_in",
             {{"type", "integer"},
              {"minimum", 60},
              {"maximum", 86400},
              {"description", "Lifetime in seconds (default 900)."}}},
            {"agent_key",
             {{"type", "string"},
              {"maxLength", 128},
              {"description",
               "Optional Ed25519 public key (k4.public.<base64url>) to bind the token to: each use "
               "then needs a binding signed by that key for the relying party's nonce."}}}}},
          {"required", {"audience", "purpose"}},
          {"additionalProperties", false}};
}

ToolResult CapabilityTool::Run(const CallContext& ctx, const Json& args, const Grant* grant) {
  auto domain = AudienceDomain(args.at("audience").get<std::string>());
  if (!domain) return ToolResult::Fail(domain.error().message());
  const std::string purpose = args.at("purpose").get<std::string>();
  const int64_t ttl = std::min<int64_t>(args.value("expires_in", int64_t{900}),
                                        kit_.services().options.max_capability_ttl_seconds);
  credentials::CapabilityRequest req;
  req.policy.purpose = purpose;
  req.policy.one_time = args.value("one_time", true);
  if (args.contains("permissions")) {
    for (const Json& p : args.at("permissions"))
      req.policy.permissions.push_back(p.get<std::string>());
  }
  Ask ask{.label = "commerce.capability",
          .tier = 1,
          .operation = policy::Operation::kIssue,
          .purpose = purpose,
          .destination = *domain};
  if (args.contains("max_amount")) {
    auto money = credentials::MoneyFromJson(args.at("max_amount"));
    if (!money) return ToolResult::Fail("max_amount: " + money.error().message());
    auto minor = ToMinor(money->value, money->currency);
    if (!minor) return ToolResult::Fail(minor.error().message());
    req.policy.max_amount = *money;
    ask = Ask{.label = "financial.payment",
              .tier = 2,
              .operation = policy::Operation::kPay,
              .purpose = purpose,
              .destination = *domain,
              .amount = policy::Amount{*minor, money->currency}};
  }
  if (args.contains("agent_key")) {
    auto key = AgentKey(args.at("agent_key").get<std::string>());
    if (!key) return ToolResult::Fail("agent_key: " + key.error().message());
    req.agent_key = *key;
  }
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kName);
  auto verdict = kit_.Decide(ctx.principal, {ask}, grant);
  if (!verdict) return kit_.Failed(verdict.error(), kName);
  if (verdict->outcome == Outcome::kDeny) return kit_.Refused(*verdict);
  if (verdict->outcome == Outcome::kSuspend)
    return kit_.Suspend(ctx, kName, args, *verdict, nullptr);

  const int64_t now = kit_.Now();
  req.issuer = kit_.services().options.issuer_base + "/t/" + ctx.principal.tenant.value();
  req.subject = ctx.principal.agent_id;
  req.audience = *domain;
  req.issued_at = now;
  req.expires_at = now + ttl;
  auto issued = credentials::IssueCapability(req, (*vault)->keyring().identity());
  if (!issued) return ToolResult::Fail(issued.error().message());
  Json out = {{"token", issued->token},
              {"jti", issued->jti},
              {"issuer", req.issuer},
              {"issuer_key",
               credentials::paseto::PaserkPublic((*vault)->keyring().identity().public_key())},
              {"audience", *domain},
              {"expires_at", req.expires_at},
              {"one_time", req.policy.one_time},
              {"bound_to_agent_key", req.agent_key.has_value()}};
  if (req.policy.max_amount) out["max_amount"] = credentials::MoneyToJson(*req.policy.max_amount);
  if (!req.agent_key) {
    auto presentation = credentials::PresentCapability(issued->token, issued->clause_disclosures,
                                                       {}, nullptr, nullptr);
    if (!presentation) return kit_.Failed(presentation.error(), kName);
    out["presentation"] = *presentation;
  }
  out["how_to_use"] = req.agent_key
                          ? "Present the token with a binding signed by your agent key over the "
                            "relying party's nonce (signet:capability-binding:v1)."
                          : "Give the presentation to the relying party; it verifies it against "
                            "the issuer key.";
  Json event = {{"outcome", "released"},
                {"audience", *domain},
                {"jti", issued->jti},
                {"one_time", req.policy.one_time},
                {"expires_at", req.expires_at}};
  if (req.policy.max_amount) event["max_amount"] = credentials::MoneyToJson(*req.policy.max_amount);
  if (Status s = kit_.Audit(**vault, ctx.principal, kName, event); !s.ok()) {
    return kit_.Failed(s.error(), kName);
  }
  return ToolResult::Ok(std::move(out),
                        "capability token for " + *domain + " (jti " + issued->jti + ")");
}

}  // namespace signet::mcp
