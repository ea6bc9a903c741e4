// Rule matching and application: what one rule contributes to one request.

#include <algorithm>

#include "policy/domain.h"
#include "policy/engine_internal.h"
#include "policy/time_window.h"

namespace signet::policy::internal {
namespace {

bool MaskHas(uint8_t mask, int bit) { return mask == 0 || ((mask >> bit) & 1) != 0; }

bool Matches(const Match& m, const EvalState& s) {
  const Request& r = s.request;
  const Classification& c = s.classification;
  if (!MaskHas(m.roles, static_cast<int>(c.role))) return false;
  if (m.min_role && c.role < *m.min_role) return false;
  if (!MaskHas(m.categories, static_cast<int>(r.predicate.category))) return false;
  if (!MaskHas(m.operations, static_cast<int>(r.predicate.operation))) return false;
  if (!MaskHas(m.tiers, static_cast<int>(r.predicate.tier))) return false;
  if (!MaskHas(m.methods, static_cast<int>(c.method))) return false;
  if (c.confidence < m.min_confidence) return false;
  if (!m.actors.empty() &&
      std::find(m.actors.begin(), m.actors.end(), r.actor.id) == m.actors.end()) {
    return false;
  }
  if (!m.attributes.empty() &&
      std::none_of(m.attributes.begin(), m.attributes.end(), [&](const std::string& p) {
        return AttributeMatches(p, r.predicate.attribute);
      })) {
    return false;
  }
  if (!m.domains.empty() &&
      std::none_of(m.domains.begin(), m.domains.end(),
                   [&](const std::string& d) { return DomainWithin(s.destination, d); })) {
    return false;
  }
  return m.purposes.empty() ||
         std::find(m.purposes.begin(), m.purposes.end(), r.context.purpose) != m.purposes.end();
}

// RecentCount is how many requests fall in (time - window, time], the current one included.
int64_t RecentCount(const History& h, RateScope scope, int64_t now, int64_t window) {
  const std::vector<int64_t>& times =
      scope == RateScope::kActor ? h.actor_requests : h.attribute_requests;
  return 1 + std::count_if(times.begin(), times.end(),
                           [&](int64_t t) { return t > now - window && t <= now; });
}

const AmountCap* CapFor(const std::vector<AmountCap>& caps, const std::string& currency) {
  for (const AmountCap& c : caps) {
    if (c.currency == currency) return &c;
  }
  return nullptr;
}

bool TriggerHolds(const Trigger& t, const EvalState& s) {
  const Context& ctx = s.request.context;
  if (t.first_request && (ctx.history.total_prior != 0 || !ctx.history.actor_requests.empty())) {
    return false;
  }
  if (t.confidence_below && s.classification.confidence >= *t.confidence_below) return false;
  if (t.role_conflict && !s.classification.conflict) return false;
  if (!t.amount_over.empty()) {
    const AmountCap* cap = ctx.amount ? CapFor(t.amount_over, ctx.amount->currency) : nullptr;
    if (cap == nullptr || ctx.amount->minor <= cap->max_minor) return false;
  }
  if (t.rate_over && RecentCount(ctx.history, t.rate_over->scope, ctx.time,
                                 t.rate_over->window_seconds) <= t.rate_over->max_count) {
    return false;
  }
  return !t.outside || !InTimeWindow(*t.outside, ctx.time, nullptr);
}

void Add(EvalState* s, uint32_t index, HitType type, ReasonCode code, int64_t value = 0) {
  s->hits.push_back(Hit{index, type, code, value});
}

void Violate(const Rule& rule, uint32_t index, ReasonCode code, int64_t value, EvalState* s) {
  Add(s, index, rule.on_violation == Violation::kDeny ? HitType::kDeny : HitType::kAnomaly, code,
      value);
}

void ApplyDomainRestriction(const Rule& rule, uint32_t index, EvalState* s) {
  const auto within = [&](const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& d) { return DomainWithin(s->destination, d); });
  };
  if (!rule.allowed_domains.empty() && !within(rule.allowed_domains)) {
    Violate(rule, index, ReasonCode::kDomainNotAllowed, 0, s);
  } else if (within(rule.denied_domains)) {
    Violate(rule, index, ReasonCode::kDomainDenied, 0, s);
  }
}

void ApplyAmountLimit(const Rule& rule, uint32_t index, EvalState* s) {
  const std::optional<Amount>& amount = s->request.context.amount;
  if (!amount) return;  // a limit on amounts says nothing about requests without one
  const AmountCap* cap = CapFor(rule.limits, amount->currency);
  if (cap == nullptr) {
    if (!rule.other_currencies_allowed) {
      Violate(rule, index, ReasonCode::kCurrencyNotAllowed, 0, s);
    }
  } else if (amount->minor > cap->max_minor) {
    Violate(rule, index, ReasonCode::kAmountOverLimit, cap->max_minor, s);
  }
}

}  // namespace

void ApplyRule(const Rule& rule, uint32_t index, EvalState* s) {
  if (rule.kind == RuleKind::kTierThreshold && s->request.predicate.tier != rule.threshold_tier) {
    return;
  }
  if (!Matches(rule.match, *s)) return;
  const Context& ctx = s->request.context;
  switch (rule.kind) {
    case RuleKind::kTierThreshold:
      if (s->classification.role >= rule.threshold_role) {
        Add(s, index, HitType::kPermit, ReasonCode::kRulePermit);
      } else if (rule.below_deny) {
        Add(s, index, HitType::kDeny, ReasonCode::kBelowThreshold);
      }
      return;
    case RuleKind::kGrant:
      Add(s, index, HitType::kPermit, ReasonCode::kRulePermit);
      if (rule.acknowledge_mismatch) {
        Add(s, index, HitType::kAcknowledge, ReasonCode::kMismatchAcknowledged);
      }
      return;
    case RuleKind::kDeny:
      Add(s, index, HitType::kDeny, ReasonCode::kRuleDeny);
      return;
    case RuleKind::kDomainRestriction:
      ApplyDomainRestriction(rule, index, s);
      return;
    case RuleKind::kTimeWindow: {
      int64_t ends_at = 0;
      if (InTimeWindow(rule.window, ctx.time, &ends_at)) {
        Add(s, index, HitType::kExpiryCap, ReasonCode::kOutsideTimeWindow, ends_at);
      } else {
        Violate(rule, index, ReasonCode::kOutsideTimeWindow, 0, s);
      }
      return;
    }
    case RuleKind::kAmountLimit:
      ApplyAmountLimit(rule, index, s);
      return;
    case RuleKind::kRateLimit: {
      const int64_t n =
          RecentCount(ctx.history, rule.rate.scope, ctx.time, rule.rate.window_seconds);
      if (n > rule.rate.max_count) Violate(rule, index, ReasonCode::kRateLimitExceeded, n, s);
      return;
    }
    case RuleKind::kAnomalyTrigger:
      if (TriggerHolds(rule.trigger, *s)) {
        Add(s, index, HitType::kAnomaly, ReasonCode::kAnomalyTriggered);
      }
      return;
  }
}

}  // namespace signet::policy::internal
