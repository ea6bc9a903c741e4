#include "policy/decision.h"

#include <array>
#include <nlohmann/json.hpp>

#include "policy/json_util.h"
#include "policy/mismatch.h"
#include "policy/time_window.h"

namespace signet::policy {
namespace {

using internal::DumpJson;
using internal::PredicateJson;
using nlohmann::json;

constexpr std::array<std::string_view, 21> kReasonNames = {"rule_permit",
                                                           "rule_deny",
                                                           "below_threshold",
                                                           "domain_not_allowed",
                                                           "domain_denied",
                                                           "outside_time_window",
                                                           "amount_over_limit",
                                                           "currency_not_allowed",
                                                           "rate_limit_exceeded",
                                                           "anomaly_triggered",
                                                           "insufficient_role",
                                                           "cross_domain",
                                                           "mismatch_acknowledged",
                                                           "no_matching_rule",
                                                           "tier3_requires_approval",
                                                           "approval_applied",
                                                           "approval_rejected",
                                                           "tier2_disclosure_forbidden",
                                                           "self_declaration_capped",
                                                           "deadline_exceeded",
                                                           "invalid_request"};
constexpr std::array<std::string_view, 6> kAnomalyNames = {"no_matching_rule", "insufficient_role",
                                                           "cross_domain",     "triggered",
                                                           "constraint",       "tier3_approval"};
constexpr std::array<std::string_view, 4> kChoiceNames = {"deny_once", "deny_always", "allow_once",
                                                          "allow_always"};

json ClassificationJson(const Classification& c) {
  return json{{"role", RoleName(c.role)},
              {"method", MethodName(c.method)},
              {"confidence", c.confidence},
              {"self_declared_capped", c.self_declared_capped},
              {"conflict", c.conflict}};
}

json ReportJson(const AnomalyReport& r) {
  json kinds = json::array(), options = json::array();
  for (AnomalyKind k : r.kinds) kinds.push_back(AnomalyKindName(k));
  for (OwnerChoice c : r.options) options.push_back(OwnerChoiceName(c));
  json what = PredicateJson(r.predicate);
  what["purpose"] = r.purpose;
  what["destination_domain"] = r.destination_domain;
  what["session"] = r.session;
  if (r.amount) what["amount"] = json{{"currency", r.amount->currency}, {"minor", r.amount->minor}};
  json who = ClassificationJson(r.classification);
  who["actor"] = r.actor_id;
  who["domain"] = r.actor_domain;
  return json{{"who", std::move(who)},
              {"what", std::move(what)},
              {"why", json{{"kinds", std::move(kinds)},
                           {"severity", SeverityName(r.severity)},
                           {"rules", r.rule_ids},
                           {"summary", r.Summary()}}},
              {"options", std::move(options)},
              {"time", FormatRfc3339(r.time)}};
}

}  // namespace

std::string_view EffectName(Effect effect) {
  switch (effect) {
    case Effect::kPermit:
      return "permit";
    case Effect::kDeny:
      return "deny";
    case Effect::kAnomaly:
      return "anomaly";
  }
  return "deny";
}

std::string_view ReasonCodeName(ReasonCode code) {
  const auto i = static_cast<size_t>(code);
  return i < kReasonNames.size() ? kReasonNames[i] : "invalid";
}

std::string_view AnomalyKindName(AnomalyKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kAnomalyNames.size() ? kAnomalyNames[i] : "invalid";
}

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
  }
  return "high";
}

std::string_view OwnerChoiceName(OwnerChoice choice) {
  const auto i = static_cast<size_t>(choice);
  return i < kChoiceNames.size() ? kChoiceNames[i] : "invalid";
}

std::optional<OwnerChoice> ParseOwnerChoice(std::string_view name) {
  for (size_t i = 0; i < kChoiceNames.size(); ++i) {
    if (kChoiceNames[i] == name) return static_cast<OwnerChoice>(i);
  }
  return std::nullopt;
}

std::string Reason::Message() const {
  if (!message.empty()) return message;
  const ReasonDetail& d = detail;
  const std::string rule = rule_id.empty() ? "" : " (rule " + rule_id + ")";
  const auto mismatch = [&] {
    return MismatchMessage(Mismatch{static_cast<AnomalyKind>(d.mismatch)}, d.role, d.category);
  };
  switch (code) {
    case ReasonCode::kRulePermit:
      return std::string(d.rule_kind) + " permits" + rule;
    case ReasonCode::kRuleDeny:
      return "explicit deny" + rule;
    case ReasonCode::kBelowThreshold:
      return "role " + std::string(RoleName(d.role)) + " is below " +
             std::string(RoleName(d.required_role)) + " required for tier " +
             std::to_string(d.tier) + rule;
    case ReasonCode::kDomainNotAllowed:
      return "destination domain '" + d.text + "' is not in the allowed list" + rule;
    case ReasonCode::kDomainDenied:
      return "destination domain '" + d.text + "' is denied" + rule;
    case ReasonCode::kOutsideTimeWindow:
      return "request time is outside the allowed window" + rule;
    case ReasonCode::kAmountOverLimit:
      return "amount " + std::to_string(d.value) + " " + d.text + " exceeds the limit " +
             std::to_string(d.limit) + rule;
    case ReasonCode::kCurrencyNotAllowed:
      return "currency " + d.text + " has no limit" + rule;
    case ReasonCode::kRateLimitExceeded:
      return std::to_string(d.value) + " requests within " + std::to_string(d.window) +
             " s exceed the limit of " + std::to_string(d.limit) + rule;
    case ReasonCode::kAnomalyTriggered:
      return "anomaly trigger fired" + rule;
    case ReasonCode::kInsufficientRole:
    case ReasonCode::kCrossDomain:
      return mismatch();
    case ReasonCode::kMismatchAcknowledged:
      return mismatch() + "; the owner acknowledged it with a grant";
    case ReasonCode::kNoMatchingRule:
      return "no rule permits this request; escalating to the owner";
    case ReasonCode::kTier3RequiresApproval:
      return "tier 3 data is never released without the owner's approval";
    case ReasonCode::kApprovalApplied:
      return "approved once by the owner (" + d.text + ")";
    case ReasonCode::kApprovalRejected:
      return "approval " + d.text + " does not apply: " + std::string(d.note);
    case ReasonCode::kSelfDeclarationCapped:
      return "a self-declared role counts at most as commerce";
    default:
      return std::string(ReasonCodeName(code)) + rule;
  }
}

std::string AnomalyReport::Summary() const {
  std::string out = std::string(RoleName(classification.role)) + " actor '" + actor_id + "' (" +
                    std::string(MethodName(classification.method)) + ", confidence " +
                    std::to_string(classification.confidence) + ") asks to " +
                    std::string(OperationName(predicate.operation)) + " " + predicate.attribute +
                    " (" + std::string(CategoryName(predicate.category)) + ", tier " +
                    std::to_string(static_cast<int>(predicate.tier)) + "):";
  for (size_t i = 0; i < kinds.size(); ++i) {
    out += i == 0 ? " " : ", ";
    out += AnomalyKindName(kinds[i]);
  }
  return out;
}

std::string DecisionToJson(const Decision& d) {
  json reasons = json::array();
  for (const Reason& r : d.reasons) {
    reasons.push_back(
        json{{"code", ReasonCodeName(r.code)}, {"rule", r.rule_id}, {"message", r.Message()}});
  }
  json out{{"decision", EffectName(d.effect)},
           {"reasons", std::move(reasons)},
           {"matched_rules", d.matched_rules},
           {"expires_at", FormatRfc3339(d.expires_at)},
           {"actor", ClassificationJson(d.classification)},
           {"approval_required", d.approval_required}};
  if (d.anomaly) out["anomaly"] = ReportJson(*d.anomaly);
  return DumpJson(out, -1);
}

std::string AnomalyReportToJson(const AnomalyReport& report) {
  return DumpJson(ReportJson(report), -1);
}

std::string DecisionToText(const Decision& d) {
  std::string out = "decision: ";
  for (char c : EffectName(d.effect)) out += static_cast<char>(c - 'a' + 'A');
  out += " (expires " + FormatRfc3339(d.expires_at) + ")\n";
  const Classification& c = d.classification;
  out += "actor role: " + std::string(RoleName(c.role)) + " via " +
         std::string(MethodName(c.method)) + " (confidence " + std::to_string(c.confidence) +
         ")\nreasons:";
  for (const Reason& r : d.reasons) {
    out += "\n  - [" + std::string(ReasonCodeName(r.code)) + "] " + r.Message();
  }
  out += "\nmatched rules:";
  if (d.matched_rules.empty()) out += " none";
  for (const std::string& id : d.matched_rules) out += " " + id;
  if (d.anomaly) {
    out += "\nanomaly: " + d.anomaly->Summary() + " (severity " +
           std::string(SeverityName(d.anomaly->severity)) + ")\noptions:";
    for (OwnerChoice o : d.anomaly->options) out += " " + std::string(OwnerChoiceName(o));
  }
  return out;
}

}  // namespace signet::policy
