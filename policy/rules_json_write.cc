// The writing half of policy/rules_json.h: PolicyDocument -> JSON in a fixed field order.

#include <nlohmann/json.hpp>

#include "policy/rules_json.h"
#include "policy/time_window.h"

namespace signet::policy {
namespace {

using ojson = nlohmann::ordered_json;

constexpr std::string_view kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// MaskNames lists the names of the set bits of `mask` (bit i named by name(i)).
template <typename NameFn>
ojson MaskNames(uint8_t mask, int count, NameFn name) {
  ojson out = ojson::array();
  for (int i = 0; i < count; ++i) {
    if ((mask >> i) & 1) out.push_back(name(i));
  }
  return out;
}

ojson MatchJson(const Match& m) {
  ojson out = ojson::object();
  if (!m.actors.empty()) out["actors"] = m.actors;
  if (m.roles != 0) {
    out["roles"] = MaskNames(m.roles, kRoleCount, [](int i) { return RoleName(Role(i)); });
  }
  if (m.min_role) out["min_role"] = RoleName(*m.min_role);
  if (!m.domains.empty()) out["domains"] = m.domains;
  if (!m.attributes.empty()) out["attributes"] = m.attributes;
  if (m.categories != 0) {
    out["categories"] = MaskNames(m.categories, kCategoryCount,
                                  [](int i) { return CategoryName(DataCategory(i)); });
  }
  if (m.operations != 0) {
    out["operations"] =
        MaskNames(m.operations, kOperationCount, [](int i) { return OperationName(Operation(i)); });
  }
  if (m.tiers != 0) {
    ojson tiers = ojson::array();
    for (int t = 1; t <= 3; ++t) {
      if ((m.tiers >> t) & 1) tiers.push_back(t);
    }
    out["tiers"] = std::move(tiers);
  }
  if (!m.purposes.empty()) out["purposes"] = m.purposes;
  if (m.methods != 0) {
    out["methods"] = MaskNames(m.methods, kMethodCount,
                               [](int i) { return MethodName(ClassificationMethod(i)); });
  }
  if (m.min_confidence != 0) out["min_confidence"] = m.min_confidence;
  return out;
}

ojson WindowJson(const TimeWindow& w) {
  return ojson{{"days", MaskNames(w.days, 7, [](int i) { return kDayNames[i]; })},
               {"start", FormatClockTime(w.start_minute)},
               {"end", FormatClockTime(w.end_minute)},
               {"utc_offset", FormatUtcOffset(w.utc_offset_minutes)}};
}

ojson CapsJson(const std::vector<AmountCap>& caps) {
  ojson out = ojson::array();
  for (const AmountCap& c : caps)
    out.push_back({{"currency", c.currency}, {"max_minor", c.max_minor}});
  return out;
}

void AddRate(const RateCondition& r, ojson* out) {
  (*out)["max"] = r.max_count;
  (*out)["window_seconds"] = r.window_seconds;
  (*out)["scope"] = r.scope == RateScope::kActor ? "actor" : "attribute";
}

ojson TriggerJson(const Trigger& t) {
  ojson out = ojson::object();
  if (t.first_request) out["first_request"] = true;
  if (t.confidence_below) out["confidence_below"] = *t.confidence_below;
  if (t.role_conflict) out["role_conflict"] = true;
  if (!t.amount_over.empty()) out["amount_over"] = CapsJson(t.amount_over);
  if (t.rate_over) {
    ojson rate = ojson::object();
    AddRate(*t.rate_over, &rate);
    out["rate_over"] = std::move(rate);
  }
  if (t.outside) out["outside"] = WindowJson(*t.outside);
  return out;
}

const char* ViolationName(Violation v) { return v == Violation::kDeny ? "deny" : "anomaly"; }

void AddKindFields(const Rule& r, ojson* out) {
  ojson& o = *out;
  switch (r.kind) {
    case RuleKind::kTierThreshold:
      o["tier"] = static_cast<int>(r.threshold_tier);
      o["min_role"] = RoleName(r.threshold_role);
      o["below"] = r.below_deny ? "deny" : "no_match";
      break;
    case RuleKind::kGrant:
      if (r.acknowledge_mismatch) o["acknowledge_mismatch"] = true;
      break;
    case RuleKind::kDeny:
      break;
    case RuleKind::kDomainRestriction:
      if (!r.allowed_domains.empty()) o["allowed_domains"] = r.allowed_domains;
      if (!r.denied_domains.empty()) o["denied_domains"] = r.denied_domains;
      o["on_violation"] = ViolationName(r.on_violation);
      break;
    case RuleKind::kTimeWindow:
      o["window"] = WindowJson(r.window);
      o["on_violation"] = ViolationName(r.on_violation);
      break;
    case RuleKind::kAmountLimit:
      o["limits"] = CapsJson(r.limits);
      o["other_currencies"] = r.other_currencies_allowed ? "allow" : "deny";
      o["on_violation"] = ViolationName(r.on_violation);
      break;
    case RuleKind::kRateLimit:
      AddRate(r.rate, &o);
      o["on_violation"] = ViolationName(r.on_violation);
      break;
    case RuleKind::kAnomalyTrigger:
      o["when"] = TriggerJson(r.trigger);
      break;
  }
}

ojson RuleJson(const Rule& r) {
  ojson out{{"id", r.id}, {"kind", RuleKindName(r.kind)}};
  if (!r.description.empty()) out["description"] = r.description;
  ojson match = MatchJson(r.match);
  if (!match.empty()) out["match"] = std::move(match);
  if (r.ttl_seconds) out["ttl_seconds"] = *r.ttl_seconds;
  AddKindFields(r, &out);
  return out;
}

std::string Dump(const ojson& v, int indent) {
  return v.dump(indent, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

std::string SerializeRule(const Rule& rule, int indent) { return Dump(RuleJson(rule), indent); }

std::string SerializePolicyDocument(const PolicyDocument& doc, int indent) {
  ojson out{{"version", PolicyDocument::kVersion},
            {"settings",
             {{"default_ttl_seconds", doc.settings.default_ttl_seconds},
              {"use_default_domain_roles", doc.settings.use_default_domain_roles}}}};
  ojson actors = ojson::array();
  for (const ActorRoleEntry& a : doc.actors) {
    actors.push_back({{"id", a.actor}, {"role", RoleName(a.role)}});
  }
  out["actors"] = std::move(actors);
  ojson domains = ojson::array();
  for (const DomainRoleEntry& d : doc.domain_roles) {
    domains.push_back(
        {{"domain", d.domain}, {"role", RoleName(d.role)}, {"subdomains", d.subdomains}});
  }
  out["domain_roles"] = std::move(domains);
  ojson rules = ojson::array();
  for (const Rule& r : doc.rules) rules.push_back(RuleJson(r));
  out["rules"] = std::move(rules);
  return Dump(out, indent);
}

}  // namespace signet::policy
