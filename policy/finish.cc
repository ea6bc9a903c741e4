// Decision assembly: deny-overrides combining of the rule hits, the mismatch check, the Tier-3
// and no-match escalations, approvals, expiry, reasons and the anomaly report.

#include <algorithm>
#include <array>

#include "policy/engine_internal.h"
#include "policy/mismatch.h"

namespace signet::policy::internal {
namespace {

// AddReason appends a reason with only its code set and returns it to fill in place.
Reason& AddReason(Decision* d, ReasonCode code) {
  Reason& r = d->reasons.emplace_back();
  r.code = code;
  return r;
}

// HitDetail records what the hit's reason sentence needs (Reason::Message renders it).
void HitDetail(const Hit& h, const Rule& rule, const EvalState& s, ReasonDetail& d) {
  const Context& ctx = s.request.context;
  switch (h.code) {
    case ReasonCode::kRulePermit:
      d.rule_kind = RuleKindName(rule.kind);
      break;
    case ReasonCode::kBelowThreshold:
      d.role = s.classification.role;
      d.required_role = rule.threshold_role;
      d.tier = static_cast<int>(rule.threshold_tier);
      break;
    case ReasonCode::kDomainNotAllowed:
    case ReasonCode::kDomainDenied:
      d.text = s.destination;
      break;
    case ReasonCode::kAmountOverLimit:
      d.value = ctx.amount ? ctx.amount->minor : 0;
      d.limit = h.value;
      if (ctx.amount) d.text = ctx.amount->currency;
      break;
    case ReasonCode::kCurrencyNotAllowed:
      if (ctx.amount) d.text = ctx.amount->currency;
      break;
    case ReasonCode::kRateLimitExceeded:
      d.value = h.value;
      d.window = rule.rate.window_seconds;
      d.limit = rule.rate.max_count;
      break;
    default:
      break;
  }
}

Severity KindSeverity(AnomalyKind kind, Tier tier) {
  switch (kind) {
    case AnomalyKind::kNoMatchingRule:
      return tier == Tier::k1 ? Severity::kLow
                              : (tier == Tier::k2 ? Severity::kMedium : Severity::kHigh);
    case AnomalyKind::kTier3Approval:
      return Severity::kHigh;
    default:
      return tier == Tier::k3 ? Severity::kHigh : Severity::kMedium;
  }
}

// ApprovalProblem returns why `a` does not authorise the request, or "" if it does.
std::string_view ApprovalProblem(const Approval& a, const Request& r) {
  if (a.actor_id != r.actor.id) return "it is for another actor";
  if (a.attribute != r.predicate.attribute) return "it is for another attribute";
  if (a.operation != r.predicate.operation) return "it is for another operation";
  if (r.context.time >= a.expires_at) return "it has expired";
  if (!a.session.empty() && a.session != r.context.session) return "it is for another session";
  return "";
}

// Tally collects what the hits say.
// Kinds are kept inline in order of first appearance (at most one of each): no allocation.
struct Tally {
  static constexpr size_t kMaxKinds = 8;
  bool deny = false, permit = false, acknowledged = false;
  std::array<AnomalyKind, kMaxKinds> kinds{};
  size_t kind_count = 0;
  Severity severity = Severity::kLow;
  void AddKind(AnomalyKind k, Severity s) {
    const auto end = kinds.begin() + static_cast<ptrdiff_t>(kind_count);
    if (std::find(kinds.begin(), end, k) == end && kind_count < kMaxKinds) kinds[kind_count++] = k;
    severity = std::max(severity, s);
  }
  bool no_kinds() const { return kind_count == 0; }
};

void AddMatched(Decision* d, const std::string& id) {
  if (d->matched_rules.empty() || d->matched_rules.back() != id) d->matched_rules.push_back(id);
}

// ApplyHits turns the sorted hits into reasons, matched rules, the expiry and the tally.
void ApplyHits(const PolicyDocument& doc, const EvalState& s, Decision* d, Tally* t) {
  const int64_t now = s.request.context.time;
  const Tier tier = s.request.predicate.tier;
  for (const Hit& h : s.hits) {
    const Rule& rule = doc.rules[h.rule];
    if (rule.ttl_seconds) d->expires_at = std::min(d->expires_at, now + *rule.ttl_seconds);
    switch (h.type) {
      case HitType::kExpiryCap:
        d->expires_at = std::min(d->expires_at, h.value);
        continue;
      case HitType::kAcknowledge:
        t->acknowledged = true;
        AddMatched(d, rule.id);
        continue;
      case HitType::kPermit:
        t->permit = true;
        break;
      case HitType::kDeny:
        t->deny = true;
        break;
      case HitType::kAnomaly: {
        const AnomalyKind k = h.code == ReasonCode::kAnomalyTriggered ? AnomalyKind::kTriggered
                                                                      : AnomalyKind::kConstraint;
        t->AddKind(k, KindSeverity(k, tier));
        break;
      }
    }
    AddMatched(d, rule.id);
    Reason& r = AddReason(d, h.code);
    r.rule_id = rule.id;
    HitDetail(h, rule, s, r.detail);
  }
}

void AddMismatch(const EvalState& s, Decision* d, Tally* t) {
  const Request& r = s.request;
  const Role role = s.classification.role;
  auto m = CheckMismatch(role, r.predicate.category, r.predicate.tier);
  if (!m) return;
  const ReasonCode code = t->acknowledged ? ReasonCode::kMismatchAcknowledged
                          : m->kind == AnomalyKind::kInsufficientRole ? ReasonCode::kInsufficientRole
                                                                      : ReasonCode::kCrossDomain;
  ReasonDetail& detail = AddReason(d, code).detail;
  detail.role = role;
  detail.category = r.predicate.category;
  detail.mismatch = static_cast<int>(m->kind);
  if (!t->acknowledged) t->AddKind(m->kind, m->severity);
}

AnomalyReport BuildReport(const EvalState& s, const Decision& d, const Tally& t) {
  const Request& r = s.request;
  AnomalyReport rep;
  rep.actor_id = r.actor.id;
  rep.actor_domain = r.actor.domain;
  rep.classification = s.classification;
  rep.predicate = r.predicate;
  rep.purpose = r.context.purpose;
  rep.destination_domain = std::string(s.destination);
  rep.session = r.context.session;
  rep.amount = r.context.amount;
  rep.kinds.assign(t.kinds.begin(), t.kinds.begin() + static_cast<ptrdiff_t>(t.kind_count));
  rep.severity = t.severity;
  rep.rule_ids = d.matched_rules;
  rep.time = r.context.time;
  bool scoped_grant_resolves = r.predicate.tier != Tier::k3;
  for (size_t i = 0; i < t.kind_count; ++i) {
    if (t.kinds[i] == AnomalyKind::kTriggered || t.kinds[i] == AnomalyKind::kConstraint) {
      scoped_grant_resolves = false;
    }
  }
  rep.options = {OwnerChoice::kDenyOnce, OwnerChoice::kDenyAlways, OwnerChoice::kAllowOnce};
  if (scoped_grant_resolves) rep.options.push_back(OwnerChoice::kAllowAlways);
  return rep;
}

// Escalate decides between PERMIT, approval and ANOMALY once no rule denies.
void Escalate(const EvalState& s, Decision* d, Tally* t) {
  const Request& r = s.request;
  if (!t->permit) {
    t->AddKind(AnomalyKind::kNoMatchingRule,
               KindSeverity(AnomalyKind::kNoMatchingRule, r.predicate.tier));
    AddReason(d, ReasonCode::kNoMatchingRule);
  }
  if (r.predicate.tier == Tier::k3) {
    t->AddKind(AnomalyKind::kTier3Approval, Severity::kHigh);
    AddReason(d, ReasonCode::kTier3RequiresApproval);
  }
  if (t->no_kinds()) {
    d->effect = Effect::kPermit;
    return;
  }
  if (const std::optional<Approval>& a = r.context.approval) {
    const std::string_view problem = ApprovalProblem(*a, r);
    ReasonDetail detail;
    detail.text = a->id;
    if (problem.empty()) {
      d->effect = Effect::kPermit;
      d->expires_at = std::min(d->expires_at, a->expires_at);
      d->reasons.push_back({ReasonCode::kApprovalApplied, "", std::move(detail), {}});
      return;
    }
    detail.note = problem;
    d->reasons.push_back({ReasonCode::kApprovalRejected, "", std::move(detail), {}});
  }
  d->effect = Effect::kAnomaly;
  d->approval_required = true;
  d->anomaly = BuildReport(s, *d, *t);
}

}  // namespace

Decision FinishDecision(const PolicyDocument& doc, EvalState* s) {
  std::sort(s->hits.begin(), s->hits.end(), [](const Hit& a, const Hit& b) {
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.type != b.type) return a.type < b.type;
    if (a.code != b.code) return a.code < b.code;
    return a.value < b.value;
  });
  s->hits.erase(std::unique(s->hits.begin(), s->hits.end()), s->hits.end());
  Decision d;
  d.reasons.reserve(s->hits.size() + 3);
  d.matched_rules.reserve(s->hits.size());
  d.classification = s->classification;
  d.expires_at = s->request.context.time + doc.settings.default_ttl_seconds;
  Tally t;
  ApplyHits(doc, *s, &d, &t);
  if (s->classification.self_declared_capped) {
    AddReason(&d, ReasonCode::kSelfDeclarationCapped);
  }
  AddMismatch(*s, &d, &t);
  if (t.deny) {
    d.effect = Effect::kDeny;
    return d;
  }
  Escalate(*s, &d, &t);
  return d;
}

Decision FailClosed(const Request& request, const Classification& classification, ReasonCode code,
                    std::string message) {
  Decision d;
  d.effect = Effect::kDeny;
  d.classification = classification;
  d.expires_at = std::max<int64_t>(request.context.time, 0);  // do not cache a failure
  d.reasons.push_back({code, "", {}, std::move(message)});
  return d;
}

}  // namespace signet::policy::internal
