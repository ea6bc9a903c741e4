// JSON forms of scope items and policy anomaly reports (records.h), shared by the sealed
// records, the webhook payload and the status API.

#include "notify/records.h"
#include "vault/classification.h"

namespace signet::notify::internal {
namespace {

constexpr size_t kMaxText = 1024;
constexpr size_t kMaxRules = 64;

template <typename E, size_t N>
Result<E> ByName(std::string_view name, const E (&all)[N], std::string_view (*fn)(E),
                 std::string_view what) {
  for (E e : all) {
    if (fn(e) == name) return e;
  }
  return InvalidArgument(std::string(what) + ": unknown value");
}

constexpr policy::AnomalyKind kKinds[] = {
    policy::AnomalyKind::kNoMatchingRule, policy::AnomalyKind::kInsufficientRole,
    policy::AnomalyKind::kCrossDomain,    policy::AnomalyKind::kTriggered,
    policy::AnomalyKind::kConstraint,     policy::AnomalyKind::kTier3Approval};
constexpr policy::Severity kSeverities[] = {policy::Severity::kLow, policy::Severity::kMedium,
                                            policy::Severity::kHigh};

json WhoJson(const policy::AnomalyReport& r) {
  const auto& c = r.classification;
  return json{{"actor", r.actor_id},
              {"domain", r.actor_domain},
              {"role", policy::RoleName(c.role)},
              {"classification_method", policy::MethodName(c.method)},
              {"confidence", c.confidence},
              {"self_declared_capped", c.self_declared_capped},
              {"conflict", c.conflict}};
}

json WhatJson(const policy::AnomalyReport& r) {
  const auto& p = r.predicate;
  json what{{"attribute", p.attribute},
            {"category", policy::CategoryName(p.category)},
            {"operation", policy::OperationName(p.operation)},
            {"tier", static_cast<int>(p.tier)},
            {"purpose", r.purpose},
            {"destination", r.destination_domain},
            {"session", r.session}};
  if (r.amount) what["amount"] = json{{"currency", r.amount->currency}, {"minor", r.amount->minor}};
  return what;
}

Status ParseWho(const json& j, policy::AnomalyReport* r) {
  auto f = Fields::Open(j, "/who",
                        {"actor", "domain", "role", "classification_method", "confidence",
                         "self_declared_capped", "conflict"});
  if (!f) return std::move(f).error();
  auto actor = f->String("actor", kMaxText);
  auto domain = f->String("domain", kMaxText);
  auto role = f->String("role", 32);
  auto method = f->String("classification_method", 32);
  auto confidence = f->Int("confidence", 0, 100);
  auto capped = f->OptBool("self_declared_capped");
  auto conflict = f->OptBool("conflict");
  if (Status s = FirstError(actor, domain, role, method, confidence, capped, conflict); !s.ok()) {
    return s;
  }
  auto pr = policy::ParseRole(*role);
  auto pm = policy::ParseMethod(*method);
  if (!pr || !pm) return f->ErrorAt("role", "unknown role or method");
  r->actor_id = *actor;
  r->actor_domain = *domain;
  r->classification = {*pr, *pm, static_cast<int>(*confidence), *capped, *conflict};
  return OkStatus();
}

Status ParseAmount(const Fields& what, policy::AnomalyReport* r) {
  if (!what.Has("amount")) return OkStatus();
  auto obj = what.Object("amount");
  if (!obj) return std::move(obj).error();
  auto f = Fields::Open(**obj, what.Member("amount"), {"currency", "minor"});
  if (!f) return std::move(f).error();
  auto currency = f->String("currency", 3);
  auto minor = f->Int("minor", INT64_MIN, INT64_MAX);
  if (Status s = FirstError(currency, minor); !s.ok()) return s;
  r->amount = policy::Amount{*minor, *currency};
  return OkStatus();
}

Status ParseWhat(const json& j, policy::AnomalyReport* r) {
  auto f = Fields::Open(j, "/what",
                        {"attribute", "category", "operation", "tier", "purpose", "destination",
                         "session", "amount", "scope"});
  if (!f) return std::move(f).error();
  auto attribute = f->String("attribute", policy::kMaxAttributeBytes);
  auto category = f->String("category", 32);
  auto operation = f->String("operation", 32);
  auto tier = f->Int("tier", 1, 3);
  auto purpose = f->String("purpose", kMaxText);
  auto destination = f->String("destination", kMaxText);
  auto session = f->String("session", kMaxText);
  if (Status s = FirstError(attribute, category, operation, tier, purpose, destination, session);
      !s.ok()) {
    return s;
  }
  auto pc = policy::ParseCategory(*category);
  auto po = policy::ParseOperation(*operation);
  if (!pc || !po) return f->ErrorAt("category", "unknown category or operation");
  r->predicate = {*attribute, *pc, *po, *policy::ParseTier(*tier)};
  r->purpose = *purpose;
  r->destination_domain = *destination;
  r->session = *session;
  return ParseAmount(*f, r);
}

Status ParseWhy(const json& j, policy::AnomalyReport* r) {
  auto f = Fields::Open(j, "/why", {"kinds", "severity", "rules", "summary"});
  if (!f) return std::move(f).error();
  auto kinds = f->Array("kinds", 8);
  auto severity = f->String("severity", 16);
  auto rules = f->Array("rules", kMaxRules);
  auto summary = f->String("summary", kMaxText);
  if (Status s = FirstError(kinds, severity, rules, summary); !s.ok()) return s;
  for (const json& k : **kinds) {
    if (!k.is_string()) return f->ErrorAt("kinds", "must hold strings");
    auto kind = ByName(k.get<std::string>(), kKinds, policy::AnomalyKindName, "/why/kinds");
    if (!kind) return std::move(kind).error();
    r->kinds.push_back(*kind);
  }
  auto sev = ByName(*severity, kSeverities, policy::SeverityName, "/why/severity");
  if (!sev) return std::move(sev).error();
  r->severity = *sev;
  for (const json& rule : **rules) {
    if (!rule.is_string() || rule.get_ref<const std::string&>().size() > kMaxText) {
      return f->ErrorAt("rules", "must hold strings");
    }
    r->rule_ids.push_back(rule.get<std::string>());
  }
  // "summary" is derived from the other fields (AnomalyReport::Summary): read, not stored.
  return OkStatus();
}

}  // namespace

json ScopeItemJson(const ScopeItem& item) {
  return json{{"item", item.Key()},
              {"label", item.label},
              {"index", item.index},
              {"tier", item.tier},
              {"compartment", item.compartment}};
}

Result<ScopeItem> ScopeItemFromJson(const json& j, std::string path) {
  auto f = Fields::Open(j, std::move(path), {"item", "label", "index", "tier", "compartment"});
  if (!f) return std::move(f).error();
  auto label = f->String("label", kMaxLabelBytes);
  auto index = f->Int("index", 0, INT64_MAX);
  auto tier = f->Int("tier", 1, 3);
  auto compartment = f->OptString("compartment", 32);
  if (Status s = FirstError(label, index, tier, compartment); !s.ok()) return std::move(s).error();
  ScopeItem item{*label, static_cast<uint64_t>(*index), static_cast<int>(*tier), *compartment};
  if (f->Has("item")) {
    auto key = f->String("item", kMaxLabelBytes + 24);
    if (!key) return std::move(key).error();
    if (*key != item.Key()) return f->ErrorAt("item", "does not match label and index");
  }
  return item;
}

Status ValidateScope(const std::vector<ScopeItem>& scope) {
  if (scope.empty() || scope.size() > kMaxScopeItems) {
    return InvalidArgument("scope must have 1.." + std::to_string(kMaxScopeItems) + " items");
  }
  for (size_t i = 0; i < scope.size(); ++i) {
    const ScopeItem& s = scope[i];
    if (Status v = vault::ValidateLabel(s.label); !v.ok()) {
      return InvalidArgument("scope: " + v.error().message());
    }
    if (s.tier < 1 || s.tier > 3) return InvalidArgument("scope: tier must be 1, 2 or 3");
    if ((s.tier == 3) == s.compartment.empty()) {
      return InvalidArgument("scope: a compartment is required for Tier 3 and only there");
    }
    for (char c : s.compartment) {
      if (!((c >= 'a' && c <= 'z') || c == '_') || s.compartment.size() > 32) {
        return InvalidArgument("scope: bad compartment");
      }
    }
    for (size_t k = 0; k < i; ++k) {
      if (scope[k].Key() == s.Key()) return InvalidArgument("scope: duplicate item " + s.Key());
    }
  }
  return OkStatus();
}

json ReportToJson(const policy::AnomalyReport& r) {
  json kinds = json::array(), choices = json::array();
  for (auto k : r.kinds) kinds.push_back(policy::AnomalyKindName(k));
  for (auto c : r.options) choices.push_back(policy::OwnerChoiceName(c));
  return json{{"who", WhoJson(r)},
              {"what", WhatJson(r)},
              {"why", json{{"kinds", std::move(kinds)},
                           {"severity", policy::SeverityName(r.severity)},
                           {"rules", r.rule_ids},
                           {"summary", r.Summary()}}},
              {"owner_choices", std::move(choices)},
              {"time", r.time}};
}

Result<policy::AnomalyReport> ReportFromJson(const json& j) {
  auto f = Fields::Open(j, "", {"who", "what", "why", "owner_choices", "time"});
  if (!f) return std::move(f).error();
  policy::AnomalyReport r;
  auto who = f->Object("who");
  auto what = f->Object("what");
  auto why = f->Object("why");
  auto choices = f->Array("owner_choices", 8);
  auto time = f->Int("time", 0, INT64_MAX);
  if (Status s = FirstError(who, what, why, choices, time); !s.ok()) return std::move(s).error();
  if (Status s = ParseWho(**who, &r); !s.ok()) return std::move(s).error();
  if (Status s = ParseWhat(**what, &r); !s.ok()) return std::move(s).error();
  if (Status s = ParseWhy(**why, &r); !s.ok()) return std::move(s).error();
  for (const json& c : **choices) {
    auto choice = c.is_string() ? policy::ParseOwnerChoice(c.get<std::string>()) : std::nullopt;
    if (!choice) return f->ErrorAt("owner_choices", "unknown choice");
    r.options.push_back(*choice);
  }
  r.time = *time;
  return r;
}

ApprovalStatus BuildStatus(const PendingRecord& r, const std::optional<DecisionRecord>& d,
                           bool grant_available) {
  ApprovalStatus s;
  s.id = r.id;
  s.tenant = r.tenant;
  s.kind = r.kind;
  s.requested = r.scope;
  s.created_at = r.created_ms / 1000;
  s.deadline = r.deadline;
  s.report = r.report;
  if (!d) return s;
  s.state = d->state;
  s.modified = d->modified;
  s.decided_at = d->decided_at;
  s.decided_by = d->decided_by;
  s.choice = d->choice;
  s.note = d->note;
  for (const ScopeItem& item : r.scope) {
    for (const std::string& key : d->granted) {
      if (key == item.Key()) s.granted.push_back(item);
    }
  }
  s.grant_available = grant_available && d->state == ApprovalState::kApproved;
  return s;
}

}  // namespace signet::notify::internal
