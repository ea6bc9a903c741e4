#include "policy/rules_json.h"

#include <set>
#include <span>
#include <tuple>

#include "policy/json_util.h"
#include "policy/time_window.h"

namespace signet::policy {
namespace {

using internal::AsBool;
using internal::AsInt;
using internal::AsString;
using internal::Child;
using internal::ExpectObject;
using internal::Find;
using internal::ForEach;
using internal::json;
using internal::PathError;

constexpr std::string_view kDayNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// NameMask parses an array of names into a bit mask, `parse` mapping a name to its bit index.
template <typename ParseFn>
Result<uint8_t> NameMask(const json& v, std::string_view path, ParseFn parse,
                         std::string_view what) {
  uint8_t mask = 0;
  Status s = ForEach(v, path, kMaxListItems, [&](const json& item, const std::string& p) {
    auto name = AsString(item, p, 32);
    if (!name) return Status(std::move(name).error());
    const int bit = parse(*name);
    if (bit < 0) return Status(PathError(p, "unknown " + std::string(what) + " \"" + *name + "\""));
    mask = static_cast<uint8_t>(mask | (1u << bit));
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  if (mask == 0) return PathError(path, "must not be empty");
  return mask;
}

template <typename Enum, typename Parser>
auto EnumBit(Parser parser) {
  return [parser](std::string_view n) {
    auto e = parser(n);
    return e ? static_cast<int>(*e) : -1;
  };
}

Result<Role> RoleField(const json& v, std::string_view path) {
  auto name = AsString(v, path, 32);
  if (!name) return std::move(name).error();
  auto role = ParseRole(*name);
  if (!role) return PathError(path, "unknown role \"" + *name + "\"");
  return *role;
}

// StringList parses an array of strings, each checked by `valid` (which may also rewrite it).
template <typename ValidFn>
Result<std::vector<std::string>> StringList(const json& v, std::string_view path, size_t max_len,
                                            ValidFn valid, std::string_view what) {
  std::vector<std::string> out;
  Status s = ForEach(v, path, kMaxListItems, [&](const json& item, const std::string& p) {
    auto str = AsString(item, p, max_len);
    if (!str) return Status(std::move(str).error());
    if (!valid(*str)) return Status(PathError(p, "not a valid " + std::string(what)));
    out.push_back(std::move(*str));
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  if (out.empty()) return PathError(path, "must not be empty");
  return out;
}

bool NormalizeInPlace(std::string& domain) {
  auto n = NormalizeDomain(domain);
  if (!n) return false;
  domain = std::move(*n);
  return true;
}

bool ValidAttributePattern(const std::string& s) {
  std::string_view v = s;
  if (v.ends_with(".*")) v.remove_suffix(2);
  return ValidAttribute(v);
}

Result<std::vector<std::string>> DomainList(const json& v, std::string_view path) {
  return StringList(v, path, kMaxDomainBytes + 1, NormalizeInPlace, "domain (ASCII, A-labels)");
}

Status ParseMatchList(const json& m, std::string_view path, Match* out) {
#define SIGNET_ASSIGN(field, expr)       \
  if (const json* v = Find(m, #field)) { \
    auto r = (expr);                     \
    if (!r) return std::move(r).error(); \
    out->field = std::move(*r);          \
  }
  SIGNET_ASSIGN(
      actors, StringList(
                  *v, Child(path, "actors"), kMaxIdBytes,
                  [](const std::string& s) { return ValidPrintable(s, kMaxIdBytes); }, "actor id"))
  SIGNET_ASSIGN(domains, DomainList(*v, Child(path, "domains")))
  SIGNET_ASSIGN(attributes, StringList(*v, Child(path, "attributes"), kMaxAttributeBytes,
                                       ValidAttributePattern, "attribute or prefix.*"))
  SIGNET_ASSIGN(purposes,
                StringList(
                    *v, Child(path, "purposes"), kMaxTextBytes,
                    [](const std::string& s) { return !s.empty() && ValidText(s, kMaxTextBytes); },
                    "purpose"))
  SIGNET_ASSIGN(roles, NameMask(*v, Child(path, "roles"), EnumBit<Role>(ParseRole), "role"))
  SIGNET_ASSIGN(categories, NameMask(*v, Child(path, "categories"),
                                     EnumBit<DataCategory>(ParseCategory), "category"))
  SIGNET_ASSIGN(operations, NameMask(*v, Child(path, "operations"),
                                     EnumBit<Operation>(ParseOperation), "operation"))
  SIGNET_ASSIGN(methods,
                NameMask(*v, Child(path, "methods"), EnumBit<ClassificationMethod>(ParseMethod),
                         "classification method"))
  SIGNET_ASSIGN(min_role, RoleField(*v, Child(path, "min_role")))
#undef SIGNET_ASSIGN
  return OkStatus();
}

Status ParseMatch(const json& m, std::string_view path, Match* out) {
  if (Status s = ExpectObject(m, path,
                              {"actors", "roles", "min_role", "domains", "attributes", "categories",
                               "operations", "tiers", "purposes", "methods", "min_confidence"});
      !s.ok()) {
    return s;
  }
  if (Status s = ParseMatchList(m, path, out); !s.ok()) return s;
  if (const json* v = Find(m, "tiers")) {
    Status s = ForEach(*v, Child(path, "tiers"), 3, [&](const json& item, const std::string& p) {
      auto t = AsInt(item, p, 1, 3);
      if (!t) return Status(PathError(p, "must be 1, 2 or 3"));
      out->tiers = static_cast<uint8_t>(out->tiers | TierBit(static_cast<Tier>(*t)));
      return OkStatus();
    });
    if (!s.ok()) return s;
    if (out->tiers == 0) return PathError(Child(path, "tiers"), "must not be empty");
  }
  if (const json* v = Find(m, "min_confidence")) {
    auto c = AsInt(*v, Child(path, "min_confidence"), 0, 100);
    if (!c) return std::move(c).error();
    out->min_confidence = static_cast<int>(*c);
  }
  return OkStatus();
}

Result<TimeWindow> ParseWindow(const json& w, std::string_view path) {
  if (w.is_object() && Find(w, "time_zone") != nullptr) {
    return PathError(Child(path, "time_zone"),
                     "time zone names are not supported; give utc_offset as +HH:MM");
  }
  if (Status s = ExpectObject(w, path, {"days", "start", "end", "utc_offset"}); !s.ok()) {
    return std::move(s).error();
  }
  TimeWindow out;
  if (const json* v = Find(w, "days")) {
    auto mask = NameMask(
        *v, Child(path, "days"),
        [](std::string_view n) {
          for (int i = 0; i < 7; ++i) {
            if (kDayNames[i] == n) return i;
          }
          return -1;
        },
        "day (mon..sun)");
    if (!mask) return std::move(mask).error();
    out.days = *mask;
  }
  const json* start = Find(w, "start");
  const json* end = Find(w, "end");
  if (start == nullptr) return PathError(Child(path, "start"), "is required");
  if (end == nullptr) return PathError(Child(path, "end"), "is required");
  for (auto [v, key, allow_24, dst] : {std::tuple{start, "start", false, &out.start_minute},
                                       std::tuple{end, "end", true, &out.end_minute}}) {
    auto text = AsString(*v, Child(path, key), 8);
    if (!text) return std::move(text).error();
    auto minute = ParseClockTime(*text, allow_24);
    if (!minute) return PathError(Child(path, key), minute.error().message());
    *dst = *minute;
  }
  if (out.start_minute == out.end_minute) {
    return PathError(Child(path, "end"), "must differ from start");
  }
  if (const json* v = Find(w, "utc_offset")) {
    auto text = AsString(*v, Child(path, "utc_offset"), 8);
    if (!text) return std::move(text).error();
    auto off = ParseUtcOffset(*text);
    if (!off) return PathError(Child(path, "utc_offset"), off.error().message());
    out.utc_offset_minutes = *off;
  }
  return out;
}

Result<std::vector<AmountCap>> ParseCaps(const json& v, std::string_view path) {
  std::vector<AmountCap> out;
  std::set<std::string> seen;
  Status s = ForEach(v, path, kMaxListItems, [&](const json& item, const std::string& p) {
    if (Status e = ExpectObject(item, p, {"currency", "max_minor"}); !e.ok()) return e;
    const json* cur = Find(item, "currency");
    const json* max = Find(item, "max_minor");
    if (cur == nullptr) return Status(PathError(Child(p, "currency"), "is required"));
    if (max == nullptr) return Status(PathError(Child(p, "max_minor"), "is required"));
    auto c = AsString(*cur, Child(p, "currency"), 3);
    if (!c || !ValidCurrency(*c)) {
      return Status(PathError(Child(p, "currency"), "must be an ISO 4217 code (EUR)"));
    }
    if (!seen.insert(*c).second) return Status(PathError(Child(p, "currency"), "duplicate"));
    auto m = AsInt(*max, Child(p, "max_minor"), 0, INT64_MAX);
    if (!m) return Status(std::move(m).error());
    out.push_back({*c, *m});
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  if (out.empty()) return PathError(path, "must not be empty");
  return out;
}

Result<RateCondition> ParseRate(const json& obj, std::string_view path) {
  RateCondition out;
  const json* max = Find(obj, "max");
  const json* window = Find(obj, "window_seconds");
  if (max == nullptr) return PathError(Child(path, "max"), "is required");
  if (window == nullptr) return PathError(Child(path, "window_seconds"), "is required");
  // The request history the server keeps per agent (and per agent and attribute) holds the
  // last kMaxHistoryEntries requests, so a larger max could never be exceeded.
  auto m = AsInt(*max, Child(path, "max"), 0, static_cast<int64_t>(kMaxHistoryEntries) - 1);
  if (!m) return std::move(m).error();
  auto w = AsInt(*window, Child(path, "window_seconds"), 1, kMaxRateWindowSeconds);
  if (!w) return std::move(w).error();
  out.max_count = static_cast<uint32_t>(*m);
  out.window_seconds = *w;
  if (const json* v = Find(obj, "scope")) {
    auto scope = AsString(*v, Child(path, "scope"), 16);
    if (!scope || (*scope != "actor" && *scope != "attribute")) {
      return PathError(Child(path, "scope"), "must be \"actor\" or \"attribute\"");
    }
    out.scope = *scope == "actor" ? RateScope::kActor : RateScope::kAttribute;
  }
  return out;
}

Result<Trigger> ParseTrigger(const json& w, std::string_view path) {
  if (Status s = ExpectObject(w, path,
                              {"first_request", "confidence_below", "role_conflict", "amount_over",
                               "rate_over", "outside"});
      !s.ok()) {
    return std::move(s).error();
  }
  Trigger out;
  for (auto [key, dst] : {std::pair{"first_request", &out.first_request},
                          std::pair{"role_conflict", &out.role_conflict}}) {
    if (const json* v = Find(w, key)) {
      auto b = AsBool(*v, Child(path, key));
      if (!b) return std::move(b).error();
      *dst = *b;
    }
  }
  if (const json* v = Find(w, "confidence_below")) {
    auto c = AsInt(*v, Child(path, "confidence_below"), 1, 100);
    if (!c) return std::move(c).error();
    out.confidence_below = static_cast<int>(*c);
  }
  if (const json* v = Find(w, "amount_over")) {
    auto caps = ParseCaps(*v, Child(path, "amount_over"));
    if (!caps) return std::move(caps).error();
    out.amount_over = std::move(*caps);
  }
  if (const json* v = Find(w, "rate_over")) {
    const std::string p = Child(path, "rate_over");
    if (Status s = ExpectObject(*v, p, {"max", "window_seconds", "scope"}); !s.ok()) {
      return std::move(s).error();
    }
    auto rate = ParseRate(*v, p);
    if (!rate) return std::move(rate).error();
    out.rate_over = *rate;
  }
  if (const json* v = Find(w, "outside")) {
    auto window = ParseWindow(*v, Child(path, "outside"));
    if (!window) return std::move(window).error();
    out.outside = *window;
  }
  return out;
}

Result<Violation> ParseViolation(const json& rule, std::string_view path) {
  const json* v = Find(rule, "on_violation");
  if (v == nullptr) return Violation::kDeny;
  auto s = AsString(*v, Child(path, "on_violation"), 16);
  if (!s || (*s != "deny" && *s != "anomaly")) {
    return PathError(Child(path, "on_violation"), "must be \"deny\" or \"anomaly\"");
  }
  return *s == "deny" ? Violation::kDeny : Violation::kAnomaly;
}

// KindKeys lists the fields a rule of `kind` may have besides the common ones.
std::span<const std::string_view> KindKeys(RuleKind kind) {
  static constexpr std::string_view kThreshold[] = {"tier", "min_role", "below"};
  static constexpr std::string_view kGrant[] = {"acknowledge_mismatch"};
  static constexpr std::string_view kDomain[] = {"allowed_domains", "denied_domains",
                                                 "on_violation"};
  static constexpr std::string_view kWindow[] = {"window", "on_violation"};
  static constexpr std::string_view kAmount[] = {"limits", "other_currencies", "on_violation"};
  static constexpr std::string_view kRate[] = {"max", "window_seconds", "scope", "on_violation"};
  static constexpr std::string_view kTrigger[] = {"when"};
  switch (kind) {
    case RuleKind::kTierThreshold:
      return kThreshold;
    case RuleKind::kGrant:
      return kGrant;
    case RuleKind::kDeny:
      return {};
    case RuleKind::kDomainRestriction:
      return kDomain;
    case RuleKind::kTimeWindow:
      return kWindow;
    case RuleKind::kAmountLimit:
      return kAmount;
    case RuleKind::kRateLimit:
      return kRate;
    case RuleKind::kAnomalyTrigger:
      return kTrigger;
  }
  return {};
}

Status CheckRuleKeys(const json& r, std::string_view path, RuleKind kind) {
  static constexpr std::string_view kCommon[] = {"id", "kind", "description", "match",
                                                 "ttl_seconds"};
  for (const auto& [key, value] : r.items()) {
    bool known = false;
    for (std::string_view k : kCommon) known = known || k == key;
    for (std::string_view k : KindKeys(kind)) known = known || k == key;
    if (!known) {
      return PathError(Child(path, key),
                       "unknown field for a " + std::string(RuleKindName(kind)) + " rule");
    }
  }
  return OkStatus();
}

Status ParseThreshold(const json& r, std::string_view path, Rule* rule) {
  if (rule->match.roles != 0 || rule->match.min_role || rule->match.tiers != 0) {
    return PathError(Child(path, "match"),
                     "a tier_threshold takes its tier and min_role outside match");
  }
  const json* tier = Find(r, "tier");
  const json* role = Find(r, "min_role");
  if (tier == nullptr) return PathError(Child(path, "tier"), "is required");
  if (role == nullptr) return PathError(Child(path, "min_role"), "is required");
  auto t = AsInt(*tier, Child(path, "tier"), 1, 3);
  if (!t) return PathError(Child(path, "tier"), "must be 1, 2 or 3");
  auto min_role = RoleField(*role, Child(path, "min_role"));
  if (!min_role) return std::move(min_role).error();
  rule->threshold_tier = static_cast<Tier>(*t);
  rule->threshold_role = *min_role;
  if (const json* v = Find(r, "below")) {
    auto s = AsString(*v, Child(path, "below"), 16);
    if (!s || (*s != "no_match" && *s != "deny")) {
      return PathError(Child(path, "below"), "must be \"no_match\" or \"deny\"");
    }
    rule->below_deny = *s == "deny";
  }
  return OkStatus();
}

Status ParseDomainRestriction(const json& r, std::string_view path, Rule* rule) {
  for (auto [key, dst] : {std::pair{"allowed_domains", &rule->allowed_domains},
                          std::pair{"denied_domains", &rule->denied_domains}}) {
    if (const json* v = Find(r, key)) {
      auto list = DomainList(*v, Child(path, key));
      if (!list) return std::move(list).error();
      *dst = std::move(*list);
    }
  }
  if (rule->allowed_domains.empty() && rule->denied_domains.empty()) {
    return PathError(path, "needs allowed_domains or denied_domains");
  }
  return OkStatus();
}

Status ParseAmountLimit(const json& r, std::string_view path, Rule* rule) {
  const json* limits = Find(r, "limits");
  if (limits == nullptr) return PathError(Child(path, "limits"), "is required");
  auto caps = ParseCaps(*limits, Child(path, "limits"));
  if (!caps) return std::move(caps).error();
  rule->limits = std::move(*caps);
  if (const json* v = Find(r, "other_currencies")) {
    auto s = AsString(*v, Child(path, "other_currencies"), 16);
    if (!s || (*s != "deny" && *s != "allow")) {
      return PathError(Child(path, "other_currencies"), "must be \"deny\" or \"allow\"");
    }
    rule->other_currencies_allowed = *s == "allow";
  }
  return OkStatus();
}

Status ParseKindFields(const json& r, std::string_view path, Rule* rule) {
  switch (rule->kind) {
    case RuleKind::kTierThreshold:
      return ParseThreshold(r, path, rule);
    case RuleKind::kGrant:
      if (const json* v = Find(r, "acknowledge_mismatch")) {
        auto b = AsBool(*v, Child(path, "acknowledge_mismatch"));
        if (!b) return std::move(b).error();
        rule->acknowledge_mismatch = *b;
      }
      return OkStatus();
    case RuleKind::kDeny:
      return OkStatus();
    case RuleKind::kDomainRestriction:
      return ParseDomainRestriction(r, path, rule);
    case RuleKind::kTimeWindow: {
      const json* w = Find(r, "window");
      if (w == nullptr) return PathError(Child(path, "window"), "is required");
      auto window = ParseWindow(*w, Child(path, "window"));
      if (!window) return std::move(window).error();
      rule->window = *window;
      return OkStatus();
    }
    case RuleKind::kAmountLimit:
      return ParseAmountLimit(r, path, rule);
    case RuleKind::kRateLimit: {
      auto rate = ParseRate(r, path);
      if (!rate) return std::move(rate).error();
      rule->rate = *rate;
      return OkStatus();
    }
    case RuleKind::kAnomalyTrigger:
      if (const json* w = Find(r, "when")) {
        auto t = ParseTrigger(*w, Child(path, "when"));
        if (!t) return std::move(t).error();
        rule->trigger = std::move(*t);
      }
      return OkStatus();
  }
  return OkStatus();
}

Result<Rule> ParseRule(const json& r, std::string_view path) {
  if (!r.is_object()) return PathError(path, "must be an object");
  Rule rule;
  const json* id = Find(r, "id");
  const json* kind = Find(r, "kind");
  if (id == nullptr) return PathError(Child(path, "id"), "is required");
  if (kind == nullptr) return PathError(Child(path, "kind"), "is required");
  auto id_text = AsString(*id, Child(path, "id"), kMaxRuleIdBytes);
  if (!id_text) return std::move(id_text).error();
  if (!ValidRuleId(*id_text)) return PathError(Child(path, "id"), "must be [A-Za-z0-9._:-]+");
  rule.id = *id_text;
  auto kind_text = AsString(*kind, Child(path, "kind"), 32);
  if (!kind_text) return std::move(kind_text).error();
  auto k = ParseRuleKind(*kind_text);
  if (!k) return PathError(Child(path, "kind"), "unknown rule kind \"" + *kind_text + "\"");
  rule.kind = *k;
  if (Status s = CheckRuleKeys(r, path, rule.kind); !s.ok()) return std::move(s).error();
  if (const json* v = Find(r, "description")) {
    auto d = AsString(*v, Child(path, "description"), kMaxTextBytes);
    if (!d) return std::move(d).error();
    if (!ValidText(*d, kMaxTextBytes)) {
      return PathError(Child(path, "description"), "has control characters");
    }
    rule.description = *d;
  }
  if (const json* v = Find(r, "ttl_seconds")) {
    auto ttl = AsInt(*v, Child(path, "ttl_seconds"), 0, kMaxTtlSeconds);
    if (!ttl) return std::move(ttl).error();
    rule.ttl_seconds = *ttl;
  }
  if (const json* m = Find(r, "match")) {
    if (Status s = ParseMatch(*m, Child(path, "match"), &rule.match); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = ParseKindFields(r, path, &rule); !s.ok()) return std::move(s).error();
  auto violation = ParseViolation(r, path);
  if (!violation) return std::move(violation).error();
  rule.on_violation = *violation;
  return rule;
}

Status ParseSettings(const json& v, Settings* out) {
  if (Status s = ExpectObject(v, "/settings", {"default_ttl_seconds", "use_default_domain_roles"});
      !s.ok()) {
    return s;
  }
  if (const json* t = Find(v, "default_ttl_seconds")) {
    auto ttl = AsInt(*t, "/settings/default_ttl_seconds", 1, kMaxTtlSeconds);
    if (!ttl) return std::move(ttl).error();
    out->default_ttl_seconds = *ttl;
  }
  if (const json* b = Find(v, "use_default_domain_roles")) {
    auto use = AsBool(*b, "/settings/use_default_domain_roles");
    if (!use) return std::move(use).error();
    out->use_default_domain_roles = *use;
  }
  return OkStatus();
}

Status ParseActors(const json& v, std::vector<ActorRoleEntry>* out) {
  std::set<std::string> seen;
  return ForEach(v, "/actors", kMaxActorEntries, [&](const json& item, const std::string& p) {
    if (Status s = ExpectObject(item, p, {"id", "role"}); !s.ok()) return s;
    const json* id = Find(item, "id");
    const json* role = Find(item, "role");
    if (id == nullptr) return Status(PathError(Child(p, "id"), "is required"));
    if (role == nullptr) return Status(PathError(Child(p, "role"), "is required"));
    auto id_text = AsString(*id, Child(p, "id"), kMaxIdBytes);
    if (!id_text) return Status(std::move(id_text).error());
    if (!ValidPrintable(*id_text, kMaxIdBytes)) {
      return Status(PathError(Child(p, "id"), "must be printable ASCII without spaces"));
    }
    if (!seen.insert(*id_text).second) return Status(PathError(Child(p, "id"), "duplicate"));
    auto r = RoleField(*role, Child(p, "role"));
    if (!r) return Status(std::move(r).error());
    out->push_back({*id_text, *r});
    return OkStatus();
  });
}

Status ParseDomainRoles(const json& v, std::vector<DomainRoleEntry>* out) {
  std::set<std::string> seen;
  return ForEach(
      v, "/domain_roles", kMaxDomainEntries, [&](const json& item, const std::string& p) {
        if (Status s = ExpectObject(item, p, {"domain", "role", "subdomains"}); !s.ok()) return s;
        const json* domain = Find(item, "domain");
        const json* role = Find(item, "role");
        if (domain == nullptr) return Status(PathError(Child(p, "domain"), "is required"));
        if (role == nullptr) return Status(PathError(Child(p, "role"), "is required"));
        auto text = AsString(*domain, Child(p, "domain"), kMaxDomainBytes + 1);
        if (!text) return Status(std::move(text).error());
        auto norm = NormalizeDomain(*text);
        if (!norm) return Status(PathError(Child(p, "domain"), norm.error().message()));
        if (!seen.insert(*norm).second) return Status(PathError(Child(p, "domain"), "duplicate"));
        auto r = RoleField(*role, Child(p, "role"));
        if (!r) return Status(std::move(r).error());
        if (*r == Role::kTrustedAgent) {
          return Status(PathError(Child(p, "role"), "a domain cannot imply trusted_agent"));
        }
        DomainRoleEntry e{*norm, *r, true};
        if (const json* sub = Find(item, "subdomains")) {
          auto b = AsBool(*sub, Child(p, "subdomains"));
          if (!b) return Status(std::move(b).error());
          e.subdomains = *b;
        }
        out->push_back(std::move(e));
        return OkStatus();
      });
}

Result<PolicyDocument> ParseDocumentJson(const json& root) {
  if (Status s = ExpectObject(root, "", {"version", "settings", "actors", "domain_roles", "rules"});
      !s.ok()) {
    return std::move(s).error();
  }
  const json* version = Find(root, "version");
  if (version == nullptr) return PathError("/version", "is required");
  if (!version->is_number_integer() || version->get<int64_t>() != PolicyDocument::kVersion) {
    return PathError("/version", "unsupported version (this build reads version 1)");
  }
  PolicyDocument doc;
  if (const json* v = Find(root, "settings")) {
    if (Status s = ParseSettings(*v, &doc.settings); !s.ok()) return std::move(s).error();
  }
  if (const json* v = Find(root, "actors")) {
    if (Status s = ParseActors(*v, &doc.actors); !s.ok()) return std::move(s).error();
  }
  if (const json* v = Find(root, "domain_roles")) {
    if (Status s = ParseDomainRoles(*v, &doc.domain_roles); !s.ok()) return std::move(s).error();
  }
  const json* rules = Find(root, "rules");
  if (rules == nullptr) return PathError("/rules", "is required");
  std::set<std::string> ids;
  Status s = ForEach(*rules, "/rules", kMaxRules, [&](const json& item, const std::string& p) {
    auto rule = ParseRule(item, p);
    if (!rule) return Status(std::move(rule).error());
    if (!ids.insert(rule->id).second) {
      return Status(PathError(Child(p, "id"), "duplicate rule id \"" + rule->id + "\""));
    }
    doc.rules.push_back(std::move(*rule));
    return OkStatus();
  });
  if (!s.ok()) return std::move(s).error();
  return doc;
}

}  // namespace

Result<PolicyDocument> ParsePolicyDocument(std::string_view json_text) {
  auto root = internal::ParseStrictJson(json_text, kMaxDocumentBytes, kMaxNestingDepth);
  if (!root) return std::move(root).error();
  return ParseDocumentJson(*root);
}

Result<Rule> ParseRuleJson(std::string_view json_text, std::string_view path) {
  auto root = internal::ParseStrictJson(json_text, kMaxDocumentBytes, kMaxNestingDepth);
  if (!root) return std::move(root).error();
  return ParseRule(*root, path);
}

Status ValidateDocument(const PolicyDocument& doc) {
  const std::string text = SerializePolicyDocument(doc);
  auto parsed = ParsePolicyDocument(text);
  if (!parsed) return std::move(parsed).error();
  if (!(*parsed == doc)) {
    return InvalidArgument("policy document holds values its JSON form cannot represent");
  }
  return OkStatus();
}

}  // namespace signet::policy
