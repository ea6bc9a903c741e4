#include "policy/engine.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

#include "policy/domain.h"
#include "policy/engine_internal.h"
#include "policy/rules_json.h"

namespace signet::policy {
namespace {

using internal::EvalState;
using internal::FailClosed;

constexpr uint8_t kAllRoles = (1u << kRoleCount) - 1;
constexpr size_t kMaxClaims = 16;

uint8_t AtLeast(Role r) {
  return static_cast<uint8_t>(kAllRoles & ~((1u << static_cast<int>(r)) - 1));
}

// IndexRoles is the set of roles a rule can contribute anything for.
uint8_t IndexRoles(const Rule& r) {
  uint8_t mask = r.match.roles != 0 ? r.match.roles : kAllRoles;
  if (r.match.min_role) mask &= AtLeast(*r.match.min_role);
  if (r.kind == RuleKind::kTierThreshold && !r.below_deny) mask &= AtLeast(r.threshold_role);
  return mask;
}

// IndexTiers is the set of tiers a rule can apply to.
uint8_t IndexTiers(const Rule& r) {
  if (r.kind == RuleKind::kTierThreshold) return TierBit(r.threshold_tier);
  return r.match.tiers != 0 ? r.match.tiers
                            : TierBit(Tier::k1) | TierBit(Tier::k2) | TierBit(Tier::k3);
}

std::string_view FirstLabel(std::string_view attribute) {
  return attribute.substr(0, attribute.find('.'));
}

bool InRange(const Request& r) {
  return static_cast<int>(r.predicate.category) < kCategoryCount &&
         static_cast<int>(r.predicate.operation) < kOperationCount &&
         ParseTier(static_cast<int>(r.predicate.tier)).has_value() &&
         (!r.actor.self_declared || static_cast<int>(*r.actor.self_declared) < kRoleCount) &&
         (!r.context.approval || static_cast<int>(r.context.approval->operation) < kOperationCount);
}

// ValidateShape checks everything except the domains (which Evaluate normalises anyway).
Status ValidateShape(const Request& r) {
  if (!InRange(r)) return InvalidArgument("request has an out-of-range enum value");
  if (!ValidPrintable(r.actor.id, kMaxIdBytes)) return InvalidArgument("invalid actor id");
  if (r.actor.verified_claims.size() > kMaxClaims) return InvalidArgument("too many role claims");
  for (const VerifiedRoleClaim& c : r.actor.verified_claims) {
    if (static_cast<int>(c.role) >= kRoleCount || !ValidText(c.issuer, kMaxTextBytes)) {
      return InvalidArgument("invalid role claim");
    }
  }
  const Predicate& p = r.predicate;
  if (!ValidAttribute(p.attribute)) return InvalidArgument("invalid attribute name");
  if (auto named = CategoryFromAttribute(p.attribute); named && *named != p.category) {
    return InvalidArgument("category disagrees with the attribute's first label");
  }
  const Context& c = r.context;
  if (c.time < 0 || c.time > 253402300799) return InvalidArgument("time out of range");
  if (!ValidText(c.purpose, kMaxTextBytes) || !ValidText(c.session, kMaxIdBytes)) {
    return InvalidArgument("invalid purpose or session");
  }
  if (c.amount && (!ValidCurrency(c.amount->currency) || c.amount->minor < 0)) {
    return InvalidArgument("invalid amount");
  }
  if (c.history.actor_requests.size() > kMaxHistoryEntries ||
      c.history.attribute_requests.size() > kMaxHistoryEntries) {
    return InvalidArgument("history too long");
  }
  if (const auto& a = c.approval;
      a && (!ValidPrintable(a->id, kMaxIdBytes) || !ValidPrintable(a->actor_id, kMaxIdBytes) ||
            !ValidAttribute(a->attribute) || !ValidText(a->session, kMaxIdBytes))) {
    return InvalidArgument("invalid approval");
  }
  return OkStatus();
}

// NormalizeOptional normalises a possibly empty domain.
Result<std::string> NormalizeOptional(const std::string& domain) {
  if (domain.empty()) return std::string();
  return NormalizeDomain(domain);
}

// DomainView returns `domain` normalised: a view of it when it already is (the common case), or
// of the normalised copy stored in `*buffer`. False if it cannot be normalised.
bool DomainView(const std::string& domain, std::string* buffer, std::string_view* out) {
  if (domain.empty() || IsNormalizedDomain(domain)) {
    *out = domain;
    return true;
  }
  auto n = NormalizeDomain(domain);
  if (!n) return false;
  *buffer = std::move(*n);
  *out = *buffer;
  return true;
}

bool Expired(const EvalOptions& o) {
  return o.clock != nullptr && o.clock->Monotonic() >= o.deadline;
}

}  // namespace

// Compiled is the engine's immutable state: the document, the classifier and the rule index.
struct PolicyEngine::Compiled {
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Lists = std::unordered_map<std::string, std::vector<uint32_t>, Hash, std::equal_to<>>;
  // Bucket holds the rules of one (role, tier), split by how they select attributes.
  struct Bucket {
    Lists by_attribute;  // exact attribute names
    Lists by_label;      // "prefix.*" patterns, keyed by the pattern's first label
    std::array<std::vector<uint32_t>, kCategoryCount> by_category;  // no attributes, categories
    std::vector<uint32_t> any;                                      // neither
  };

  PolicyDocument doc;
  HistoryUse history_use;
  ActorClassifier classifier;
  std::array<Bucket, kRoleCount * 3 * kOperationCount> buckets;

  static size_t BucketIndex(Role role, Tier tier, Operation op) {
    return (static_cast<size_t>(role) * 3 + static_cast<size_t>(tier) - 1) * kOperationCount +
           static_cast<size_t>(op);
  }
  void IndexInto(Bucket& b, const Rule& rule, uint32_t i);
  void Index(const Rule& rule, uint32_t i);
  template <typename Visit>
  bool VisitCandidates(const Request& r, Role role, Visit visit) const;
  Decision Run(const Request& r, const EvalOptions& o, bool naive) const;
};

void PolicyEngine::Compiled::IndexInto(Bucket& b, const Rule& rule, uint32_t i) {
  if (!rule.match.attributes.empty()) {
    for (const std::string& p : rule.match.attributes) {
      if (p.ends_with(".*")) {
        b.by_label[std::string(FirstLabel(p))].push_back(i);
      } else {
        b.by_attribute[p].push_back(i);
      }
    }
  } else if (rule.match.categories != 0) {
    for (int c = 0; c < kCategoryCount; ++c) {
      if ((rule.match.categories >> c) & 1) b.by_category[c].push_back(i);
    }
  } else {
    b.any.push_back(i);
  }
}

// Index adds rule `i` to the bucket of every (role, tier, operation) it can apply to.
void PolicyEngine::Compiled::Index(const Rule& rule, uint32_t i) {
  const uint8_t roles = IndexRoles(rule), tiers = IndexTiers(rule);
  const uint8_t ops = rule.match.operations != 0
                          ? rule.match.operations
                          : static_cast<uint8_t>((1u << kOperationCount) - 1);
  for (int role = 0; role < kRoleCount; ++role) {
    for (int tier = 1; tier <= 3; ++tier) {
      for (int op = 0; op < kOperationCount; ++op) {
        if (((roles >> role) & 1) == 0 || ((tiers >> tier) & 1) == 0 || ((ops >> op) & 1) == 0) {
          continue;
        }
        IndexInto(buckets[BucketIndex(Role(role), Tier(tier), Operation(op))], rule, i);
      }
    }
  }
}

// VisitCandidates calls visit(index) for every rule that may match; stops when visit is false.
// A rule may be visited twice (an exact name and a prefix of it); FinishDecision dedupes.
template <typename Visit>
bool PolicyEngine::Compiled::VisitCandidates(const Request& r, Role role, Visit visit) const {
  const Bucket& b = buckets[BucketIndex(role, r.predicate.tier, r.predicate.operation)];
  const auto each = [&](const std::vector<uint32_t>& list) {
    for (uint32_t i : list) {
      if (!visit(i)) return false;
    }
    return true;
  };
  if (!b.by_attribute.empty()) {
    if (auto it = b.by_attribute.find(std::string_view(r.predicate.attribute));
        it != b.by_attribute.end() && !each(it->second)) {
      return false;
    }
  }
  if (!b.by_label.empty()) {
    if (auto it = b.by_label.find(FirstLabel(r.predicate.attribute));
        it != b.by_label.end() && !each(it->second)) {
      return false;
    }
  }
  return each(b.by_category[static_cast<size_t>(r.predicate.category)]) && each(b.any);
}

Decision PolicyEngine::Compiled::Run(const Request& r, const EvalOptions& o, bool naive) const {
  if (Expired(o)) {
    return FailClosed(r, {}, ReasonCode::kDeadlineExceeded, "policy evaluation timed out");
  }
  Status shape = ValidateShape(r);
  std::string actor_buffer, destination_buffer;
  std::string_view actor_domain, destination;
  if (!shape.ok() || !DomainView(r.actor.domain, &actor_buffer, &actor_domain) ||
      !DomainView(r.context.domain, &destination_buffer, &destination)) {
    const std::string why = !shape.ok() ? shape.error().message() : "invalid domain";
    return FailClosed(r, {}, ReasonCode::kInvalidRequest, "invalid request: " + why);
  }
  const Classification cls = classifier.Classify(r.actor, actor_domain);
  if (r.predicate.operation == Operation::kDisclose && r.predicate.tier == Tier::k2) {
    Decision d = FailClosed(r, cls, ReasonCode::kTier2DisclosureForbidden,
                            "raw tier 2 values never leave the vault; ask for a proof instead");
    d.expires_at = r.context.time + doc.settings.default_ttl_seconds;
    return d;
  }
  thread_local std::vector<internal::Hit> hits;
  hits.clear();
  EvalState s{r, cls, destination, hits};
  int since_check = 0;
  const auto visit = [&](uint32_t i) {
    internal::ApplyRule(doc.rules[i], i, &s);
    if (++since_check < kDeadlineCheckInterval) return true;
    since_check = 0;
    return !Expired(o);
  };
  bool finished = true;
  if (naive) {
    for (uint32_t i = 0; finished && i < doc.rules.size(); ++i) finished = visit(i);
  } else {
    finished = VisitCandidates(r, cls.role, visit);
  }
  if (!finished || Expired(o)) {
    return FailClosed(r, cls, ReasonCode::kDeadlineExceeded, "policy evaluation timed out");
  }
  return internal::FinishDecision(doc, &s);
}

Status ValidateRequest(const Request& request) {
  if (Status s = ValidateShape(request); !s.ok()) return s;
  for (const std::string* d : {&request.actor.domain, &request.context.domain}) {
    if (auto n = NormalizeOptional(*d); !n) return std::move(n).error();
  }
  return OkStatus();
}

Result<PolicyEngine> PolicyEngine::Create(PolicyDocument doc) {
  if (Status s = ValidateDocument(doc); !s.ok()) return std::move(s).error();
  auto domains = DomainRoleTable::Create(doc.domain_roles, doc.settings.use_default_domain_roles);
  if (!domains) return std::move(domains).error();
  std::unordered_map<std::string, Role> explicit_roles;
  for (const ActorRoleEntry& a : doc.actors) explicit_roles.emplace(a.actor, a.role);
  auto c = std::make_unique<Compiled>();
  c->classifier = ActorClassifier(std::move(explicit_roles), std::move(*domains));
  c->doc = std::move(doc);
  c->history_use = HistoryUseOf(c->doc);
  for (uint32_t i = 0; i < c->doc.rules.size(); ++i) c->Index(c->doc.rules[i], i);
  return PolicyEngine(std::move(c));
}

PolicyEngine::PolicyEngine(std::unique_ptr<Compiled> compiled) : c_(std::move(compiled)) {}
PolicyEngine::PolicyEngine(PolicyEngine&&) noexcept = default;
PolicyEngine& PolicyEngine::operator=(PolicyEngine&&) noexcept = default;
PolicyEngine::~PolicyEngine() = default;

Decision PolicyEngine::Evaluate(const Request& request, const EvalOptions& options) const {
  return c_->Run(request, options, /*naive=*/false);
}

Decision PolicyEngine::EvaluateNaive(const Request& request, const EvalOptions& options) const {
  return c_->Run(request, options, /*naive=*/true);
}

Classification PolicyEngine::Classify(const Actor& actor) const {
  auto domain = NormalizeOptional(actor.domain);
  return c_->classifier.Classify(actor, domain ? *domain : std::string());
}

size_t PolicyEngine::CandidateCount(const Request& request) const {
  if (!ValidateShape(request).ok()) return 0;
  size_t n = 0;
  (void)c_->VisitCandidates(request, Classify(request.actor).role, [&](uint32_t) {
    ++n;
    return true;
  });
  return n;
}

const PolicyDocument& PolicyEngine::document() const { return c_->doc; }
const HistoryUse& PolicyEngine::history_use() const { return c_->history_use; }

HistoryUse HistoryUseOf(const PolicyDocument& doc) {
  HistoryUse use;
  for (const Rule& rule : doc.rules) {
    if (rule.kind == RuleKind::kRateLimit) use.window = std::max(use.window, rule.rate.window_seconds);
    if (rule.kind != RuleKind::kAnomalyTrigger) continue;
    if (rule.trigger.first_request) use.total_prior = true;
    if (rule.trigger.rate_over) use.window = std::max(use.window, rule.trigger.rate_over->window_seconds);
  }
  return use;
}

}  // namespace signet::policy
