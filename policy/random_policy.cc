#include "policy/random_policy.h"

namespace signet::policy {
namespace {

constexpr const char* kDomains[] = {"shop.example", "x.shop.example", "evilshop.example",
                                    "bank.example", "mybank.bank",    "clinic.example",
                                    "agency.gov",   "pharma.pharmacy"};
constexpr const char* kPurposes[] = {"checkout", "kyc", "care", "age_check"};
constexpr const char* kCurrencies[] = {"EUR", "USD", "JPY"};

}  // namespace

RandomPolicyGenerator::RandomPolicyGenerator(uint64_t seed, Options options)
    : rng_(seed), options_(options) {}

std::string RandomPolicyGenerator::Actor() {
  return "actor-" + std::to_string(Pick(static_cast<uint64_t>(options_.actors)));
}

std::string RandomPolicyGenerator::Attribute(DataCategory category) {
  return std::string(CategoryName(category)) + ".attr" +
         std::to_string(Pick(static_cast<uint64_t>(options_.attributes_per_category)));
}

std::string RandomPolicyGenerator::Domain() { return kDomains[Pick(std::size(kDomains))]; }

Match RandomPolicyGenerator::AnyMatch() {
  Match m;
  if (Chance(35)) {
    for (uint64_t i = 0, n = 1 + Pick(2); i < n; ++i) m.actors.push_back(Actor());
  }
  if (Chance(15)) m.roles = static_cast<uint8_t>(1 + Pick((1u << kRoleCount) - 1));
  if (Chance(15)) m.min_role = static_cast<Role>(Pick(kRoleCount));
  if (Chance(10)) m.domains.push_back(Domain());
  if (Chance(50)) {
    for (uint64_t i = 0, n = 1 + Pick(2); i < n; ++i) {
      const auto c = static_cast<DataCategory>(Pick(kCategoryCount));
      m.attributes.push_back(Chance(25) ? std::string(CategoryName(c)) + ".*" : Attribute(c));
    }
  } else if (Chance(40)) {
    m.categories = static_cast<uint8_t>(1 + Pick((1u << kCategoryCount) - 1));
  }
  if (Chance(30)) m.operations = static_cast<uint8_t>(1 + Pick((1u << kOperationCount) - 1));
  if (Chance(30)) m.tiers = static_cast<uint8_t>((1 + Pick(7)) << 1);
  if (Chance(8)) m.purposes.push_back(kPurposes[Pick(std::size(kPurposes))]);
  if (Chance(8)) m.methods = static_cast<uint8_t>(1 + Pick((1u << kMethodCount) - 1));
  if (Chance(8)) m.min_confidence = static_cast<int>(Pick(101));
  return m;
}

TimeWindow RandomPolicyGenerator::AnyWindow() {
  TimeWindow w;
  w.days = static_cast<uint8_t>(1 + Pick(127));
  w.start_minute = static_cast<int>(Pick(1440));
  do {
    w.end_minute = static_cast<int>(1 + Pick(1440));
  } while (w.end_minute == w.start_minute);
  w.utc_offset_minutes = static_cast<int>(Pick(2 * 14 * 4 + 1)) * 15 - 14 * 60;
  return w;
}

std::vector<AmountCap> RandomPolicyGenerator::AnyCaps() {
  std::vector<AmountCap> caps;
  for (const char* c : kCurrencies) {
    if (Chance(60)) caps.push_back({c, static_cast<int64_t>(Pick(100000))});
  }
  if (caps.empty()) caps.push_back({"EUR", 5000});
  return caps;
}

RateCondition RandomPolicyGenerator::AnyRate() {
  return {static_cast<uint32_t>(Pick(6)), static_cast<int64_t>(60 + Pick(86400)),
          Chance(50) ? RateScope::kActor : RateScope::kAttribute};
}

Trigger RandomPolicyGenerator::AnyTrigger() {
  Trigger t;
  t.first_request = Chance(20);
  if (Chance(20)) t.confidence_below = static_cast<int>(1 + Pick(100));
  t.role_conflict = Chance(10);
  if (Chance(20)) t.amount_over = AnyCaps();
  if (Chance(20)) t.rate_over = AnyRate();
  if (Chance(15)) t.outside = AnyWindow();
  return t;
}

void RandomPolicyGenerator::FillKind(Rule* r) {
  switch (r->kind) {
    case RuleKind::kTierThreshold:
      r->match.roles = 0;
      r->match.min_role.reset();
      r->match.tiers = 0;
      r->threshold_tier = static_cast<Tier>(1 + Pick(3));
      r->threshold_role = static_cast<Role>(Pick(kRoleCount));
      r->below_deny = Chance(30);
      break;
    case RuleKind::kGrant:
      r->acknowledge_mismatch = Chance(30);
      break;
    case RuleKind::kDeny:
      break;
    case RuleKind::kDomainRestriction:
      if (Chance(70)) r->allowed_domains = {Domain(), Domain()};
      if (r->allowed_domains.empty() || Chance(30)) r->denied_domains = {Domain()};
      break;
    case RuleKind::kTimeWindow:
      r->window = AnyWindow();
      break;
    case RuleKind::kAmountLimit:
      r->limits = AnyCaps();
      r->other_currencies_allowed = Chance(50);
      break;
    case RuleKind::kRateLimit:
      r->rate = AnyRate();
      break;
    case RuleKind::kAnomalyTrigger:
      r->trigger = AnyTrigger();
      break;
  }
  const bool constraint = r->kind == RuleKind::kDomainRestriction ||
                          r->kind == RuleKind::kTimeWindow || r->kind == RuleKind::kAmountLimit ||
                          r->kind == RuleKind::kRateLimit;
  if (constraint && Chance(30)) r->on_violation = Violation::kAnomaly;
}

Rule RandomPolicyGenerator::AnyRule(const std::string& id) {
  Rule r;
  r.id = id;
  // Permits are the common case in real policies; weight them up.
  static constexpr RuleKind kWeighted[] = {RuleKind::kTierThreshold, RuleKind::kGrant,
                                           RuleKind::kGrant,         RuleKind::kGrant,
                                           RuleKind::kDeny,          RuleKind::kDomainRestriction,
                                           RuleKind::kTimeWindow,    RuleKind::kAmountLimit,
                                           RuleKind::kRateLimit,     RuleKind::kAnomalyTrigger};
  r.kind = kWeighted[Pick(std::size(kWeighted))];
  r.match = AnyMatch();
  if (Chance(20)) r.ttl_seconds = static_cast<int64_t>(Pick(3600));
  FillKind(&r);
  return r;
}

Rule RandomPolicyGenerator::DenyRule(const std::string& id) {
  Rule r;
  r.id = id;
  r.kind = RuleKind::kDeny;
  r.match = AnyMatch();
  return r;
}

PolicyDocument RandomPolicyGenerator::Document(size_t rules) {
  PolicyDocument doc;
  doc.settings.default_ttl_seconds = static_cast<int64_t>(60 + Pick(600));
  doc.settings.use_default_domain_roles = Chance(80);
  for (int i = 0; i < options_.actors; ++i) {
    if (Chance(30)) {
      doc.actors.push_back({"actor-" + std::to_string(i), static_cast<Role>(Pick(kRoleCount))});
    }
  }
  doc.domain_roles.push_back({"bank.example", Role::kFinancial, Chance(50)});
  doc.domain_roles.push_back({"clinic.example", Role::kMedical, true});
  if (Chance(50)) doc.domain_roles.push_back({"shop.example", Role::kCommerce, Chance(50)});
  for (size_t i = 0; i < rules; ++i) doc.rules.push_back(AnyRule("r" + std::to_string(i)));
  return doc;
}

std::vector<int64_t> RandomPolicyGenerator::Times() {
  std::vector<int64_t> out;
  for (uint64_t i = 0, n = Pick(8); i < n; ++i) {
    out.push_back(options_.base_time - static_cast<int64_t>(Pick(2 * 86400)));
  }
  return out;
}

Request RandomPolicyGenerator::AnyRequest() {
  Request r;
  r.actor.id = Actor();
  if (Chance(70)) r.actor.domain = Domain();
  if (Chance(40)) r.actor.self_declared = static_cast<Role>(Pick(kRoleCount));
  if (Chance(15)) r.actor.verified_claims.push_back({static_cast<Role>(Pick(kRoleCount)), "did:x"});
  r.predicate.category = static_cast<DataCategory>(Pick(kCategoryCount));
  r.predicate.attribute = Attribute(r.predicate.category);
  r.predicate.operation = static_cast<Operation>(Pick(kOperationCount));
  r.predicate.tier = static_cast<Tier>(1 + Pick(3));
  Context& c = r.context;
  c.time = options_.base_time + static_cast<int64_t>(Pick(7 * 86400));
  if (Chance(50)) c.purpose = kPurposes[Pick(std::size(kPurposes))];
  if (Chance(70)) c.domain = Domain();
  c.session = "s" + std::to_string(Pick(4));
  if (Chance(40)) c.amount = Amount{static_cast<int64_t>(Pick(200000)), kCurrencies[Pick(3)]};
  c.history.total_prior = Chance(30) ? 0 : Pick(50);
  c.history.actor_requests = Times();
  c.history.attribute_requests = Times();
  if (Chance(15)) {
    c.approval = Approval{"ap",
                          Chance(80) ? r.actor.id : Actor(),
                          Chance(80) ? r.predicate.attribute : Attribute(r.predicate.category),
                          Chance(80) ? r.predicate.operation : Operation::kRead,
                          c.time + static_cast<int64_t>(Pick(600)) - 100,
                          Chance(50) ? c.session : ""};
  }
  return r;
}

}  // namespace signet::policy

namespace signet::policy {

Rule RandomPolicyGenerator::OwnerRule(const std::string& id) {
  Rule r;
  r.id = id;
  const auto category = static_cast<DataCategory>(Pick(kCategoryCount));
  const uint64_t roll = Pick(100);
  if (roll < 70) {
    r.kind = roll < 60 ? RuleKind::kGrant : RuleKind::kDeny;
    r.match.actors = {Actor()};
    r.match.attributes = {Attribute(category)};
    r.match.operations = OperationBit(static_cast<Operation>(Pick(kOperationCount)));
    if (r.kind == RuleKind::kGrant) r.match.tiers = TierBit(static_cast<Tier>(1 + Pick(2)));
    r.acknowledge_mismatch = r.kind == RuleKind::kGrant && Chance(30);
    return r;
  }
  if (roll < 75) {
    r.kind = RuleKind::kTierThreshold;
    r.threshold_tier = static_cast<Tier>(1 + Pick(2));
    r.threshold_role = static_cast<Role>(1 + Pick(kRoleCount - 1));
    r.match.categories = CategoryBit(category);
    return r;
  }
  static constexpr RuleKind kScoped[] = {RuleKind::kDomainRestriction, RuleKind::kTimeWindow,
                                         RuleKind::kAmountLimit, RuleKind::kRateLimit,
                                         RuleKind::kAnomalyTrigger};
  r.kind = kScoped[Pick(std::size(kScoped))];
  if (Chance(50)) {
    r.match.attributes = {std::string(CategoryName(category)) + ".*"};
  } else {
    r.match.categories = CategoryBit(category);
  }
  r.match.operations = OperationBit(static_cast<Operation>(Pick(kOperationCount)));
  FillKind(&r);
  return r;
}

PolicyDocument RandomPolicyGenerator::OwnerDocument(size_t rules) {
  PolicyDocument doc = Document(0);
  for (size_t i = 0; i < rules; ++i) doc.rules.push_back(OwnerRule("o" + std::to_string(i)));
  return doc;
}

Request RandomPolicyGenerator::OwnerRequest(const PolicyDocument& doc) {
  Request r = AnyRequest();
  if (doc.rules.empty() || Chance(50)) return r;
  const Rule* grant = nullptr;
  for (int tries = 0; tries < 64 && grant == nullptr; ++tries) {
    const Rule& rule = doc.rules[Pick(doc.rules.size())];
    if (rule.kind == RuleKind::kGrant && !rule.match.actors.empty() &&
        !rule.match.attributes.empty()) {
      grant = &rule;
    }
  }
  if (grant == nullptr) return r;
  const Rule& rule = *grant;
  r.actor.id = rule.match.actors.front();
  r.predicate.attribute = rule.match.attributes.front();
  r.predicate.category =
      CategoryFromAttribute(r.predicate.attribute).value_or(r.predicate.category);
  for (int op = 0; op < kOperationCount; ++op) {
    if ((rule.match.operations >> op) & 1) r.predicate.operation = static_cast<Operation>(op);
  }
  for (int t = 1; t <= 3; ++t) {
    if ((rule.match.tiers >> t) & 1) r.predicate.tier = static_cast<Tier>(t);
  }
  return r;
}

}  // namespace signet::policy
