#include "policy/request_json.h"

#include <tuple>

#include "policy/engine.h"
#include "policy/json_util.h"
#include "policy/time_window.h"

namespace signet::policy {
namespace {

using internal::AsInt;
using internal::AsString;
using internal::AsTime;
using internal::Child;
using internal::ExpectObject;
using internal::Find;
using internal::ForEach;
using internal::json;
using internal::PathError;

// OptionalString reads obj[key] into *out if present.
Status OptionalString(const json& obj, std::string_view path, const char* key, size_t max,
                      std::string* out) {
  const json* v = Find(obj, key);
  if (v == nullptr) return OkStatus();
  auto s = AsString(*v, Child(path, key), max);
  if (!s) return std::move(s).error();
  *out = std::move(*s);
  return OkStatus();
}

Result<const json*> Required(const json& obj, std::string_view path, const char* key) {
  const json* v = Find(obj, key);
  if (v == nullptr) return PathError(Child(path, key), "is required");
  return v;
}

template <typename T, typename ParseFn>
Result<T> Named(const json& v, std::string_view path, ParseFn parse, std::string_view what) {
  auto s = AsString(v, path, 32);
  if (!s) return std::move(s).error();
  auto e = parse(*s);
  if (!e) return PathError(path, "unknown " + std::string(what) + " \"" + *s + "\"");
  return *e;
}

Status ParseActor(const json& a, Actor* out) {
  const std::string p = "/actor";
  if (Status s = ExpectObject(a, p, {"id", "domain", "self_declared_role", "verified_roles"});
      !s.ok()) {
    return s;
  }
  auto id = Required(a, p, "id");
  if (!id) return std::move(id).error();
  if (Status s = OptionalString(a, p, "id", kMaxIdBytes, &out->id); !s.ok()) return s;
  if (Status s = OptionalString(a, p, "domain", kMaxDomainBytes + 1, &out->domain); !s.ok()) {
    return s;
  }
  if (const json* v = Find(a, "self_declared_role")) {
    auto r = Named<Role>(*v, Child(p, "self_declared_role"), ParseRole, "role");
    if (!r) return std::move(r).error();
    out->self_declared = *r;
  }
  if (const json* v = Find(a, "verified_roles")) {
    return ForEach(*v, Child(p, "verified_roles"), 16, [&](const json& c, const std::string& cp) {
      if (Status s = ExpectObject(c, cp, {"role", "issuer"}); !s.ok()) return s;
      auto role = Required(c, cp, "role");
      if (!role) return Status(std::move(role).error());
      auto r = Named<Role>(**role, Child(cp, "role"), ParseRole, "role");
      if (!r) return Status(std::move(r).error());
      VerifiedRoleClaim claim{*r, ""};
      if (Status s = OptionalString(c, cp, "issuer", kMaxTextBytes, &claim.issuer); !s.ok()) {
        return s;
      }
      out->verified_claims.push_back(std::move(claim));
      return OkStatus();
    });
  }
  return OkStatus();
}

Status ParsePredicate(const json& v, Predicate* out) {
  const std::string p = "/predicate";
  if (Status s = ExpectObject(v, p, {"attribute", "category", "operation", "tier"}); !s.ok()) {
    return s;
  }
  for (const char* key : {"attribute", "operation", "tier"}) {
    if (auto r = Required(v, p, key); !r) return std::move(r).error();
  }
  if (Status s = OptionalString(v, p, "attribute", kMaxAttributeBytes, &out->attribute); !s.ok()) {
    return s;
  }
  if (!ValidAttribute(out->attribute)) return PathError(Child(p, "attribute"), "invalid name");
  auto op =
      Named<Operation>(*Find(v, "operation"), Child(p, "operation"), ParseOperation, "operation");
  if (!op) return std::move(op).error();
  out->operation = *op;
  auto tier = AsInt(*Find(v, "tier"), Child(p, "tier"), 1, 3);
  if (!tier) return PathError(Child(p, "tier"), "must be 1, 2 or 3");
  out->tier = static_cast<Tier>(*tier);
  if (const json* c = Find(v, "category")) {
    auto cat = Named<DataCategory>(*c, Child(p, "category"), ParseCategory, "category");
    if (!cat) return std::move(cat).error();
    out->category = *cat;
  } else if (auto named = CategoryFromAttribute(out->attribute)) {
    out->category = *named;
  } else {
    return PathError(Child(p, "category"),
                     "is required when the attribute's first label is "
                     "not a category");
  }
  return OkStatus();
}

Status ParseTimes(const json& v, std::string_view path, std::vector<int64_t>* out) {
  return ForEach(v, path, kMaxHistoryEntries, [&](const json& t, const std::string& tp) {
    auto time = AsTime(t, tp);
    if (!time) return Status(std::move(time).error());
    out->push_back(*time);
    return OkStatus();
  });
}

Status ParseHistory(const json& v, std::string_view p, History* out) {
  if (Status s = ExpectObject(v, p, {"total_prior", "actor_requests", "attribute_requests"});
      !s.ok()) {
    return s;
  }
  if (const json* t = Find(v, "total_prior")) {
    auto n = AsInt(*t, Child(p, "total_prior"), 0, INT64_MAX);
    if (!n) return std::move(n).error();
    out->total_prior = static_cast<uint64_t>(*n);
  }
  if (const json* t = Find(v, "actor_requests")) {
    if (Status s = ParseTimes(*t, Child(p, "actor_requests"), &out->actor_requests); !s.ok()) {
      return s;
    }
  }
  if (const json* t = Find(v, "attribute_requests")) {
    return ParseTimes(*t, Child(p, "attribute_requests"), &out->attribute_requests);
  }
  return OkStatus();
}

Result<Approval> ParseApproval(const json& v, std::string_view p) {
  if (Status s =
          ExpectObject(v, p, {"id", "actor", "attribute", "operation", "expires_at", "session"});
      !s.ok()) {
    return std::move(s).error();
  }
  for (const char* key : {"id", "actor", "attribute", "operation", "expires_at"}) {
    if (auto r = Required(v, p, key); !r) return std::move(r).error();
  }
  Approval a;
  for (auto [key, max, dst] :
       {std::tuple{"id", kMaxIdBytes, &a.id}, std::tuple{"actor", kMaxIdBytes, &a.actor_id},
        std::tuple{"attribute", kMaxAttributeBytes, &a.attribute},
        std::tuple{"session", kMaxIdBytes, &a.session}}) {
    if (Status s = OptionalString(v, p, key, max, dst); !s.ok()) return std::move(s).error();
  }
  auto op =
      Named<Operation>(*Find(v, "operation"), Child(p, "operation"), ParseOperation, "operation");
  if (!op) return std::move(op).error();
  a.operation = *op;
  auto exp = AsTime(*Find(v, "expires_at"), Child(p, "expires_at"));
  if (!exp) return std::move(exp).error();
  a.expires_at = *exp;
  return a;
}

Status ParseAmount(const json& v, std::string_view p, Amount* out) {
  if (Status s = ExpectObject(v, p, {"currency", "minor"}); !s.ok()) return s;
  for (const char* key : {"currency", "minor"}) {
    if (auto r = Required(v, p, key); !r) return std::move(r).error();
  }
  if (Status s = OptionalString(v, p, "currency", 3, &out->currency); !s.ok()) return s;
  if (!ValidCurrency(out->currency)) return PathError(Child(p, "currency"), "must be like EUR");
  auto minor = AsInt(*Find(v, "minor"), Child(p, "minor"), 0, INT64_MAX);
  if (!minor) return std::move(minor).error();
  out->minor = *minor;
  return OkStatus();
}

Status ParseContext(const json& v, std::optional<int64_t> default_time, Context* out) {
  const std::string p = "/context";
  if (Status s = ExpectObject(
          v, p, {"purpose", "domain", "time", "session", "amount", "history", "approval"});
      !s.ok()) {
    return s;
  }
  if (const json* time = Find(v, "time")) {
    auto t = AsTime(*time, Child(p, "time"));
    if (!t) return std::move(t).error();
    out->time = *t;
  } else if (default_time) {
    out->time = *default_time;
  } else {
    return PathError(Child(p, "time"), "is required");
  }
  for (auto [key, max, dst] : {std::tuple{"purpose", kMaxTextBytes, &out->purpose},
                               std::tuple{"domain", kMaxDomainBytes + 1, &out->domain},
                               std::tuple{"session", kMaxIdBytes, &out->session}}) {
    if (Status s = OptionalString(v, p, key, max, dst); !s.ok()) return s;
  }
  if (const json* a = Find(v, "amount")) {
    out->amount.emplace();
    if (Status s = ParseAmount(*a, Child(p, "amount"), &*out->amount); !s.ok()) return s;
  }
  if (const json* h = Find(v, "history")) {
    if (Status s = ParseHistory(*h, Child(p, "history"), &out->history); !s.ok()) return s;
  }
  if (const json* a = Find(v, "approval")) {
    auto approval = ParseApproval(*a, Child(p, "approval"));
    if (!approval) return std::move(approval).error();
    out->approval = std::move(*approval);
  }
  return OkStatus();
}

}  // namespace

Result<Request> ParseRequestJson(std::string_view json_text, std::optional<int64_t> default_time) {
  auto root = internal::ParseStrictJson(json_text, kMaxRequestBytes, 6);
  if (!root) return std::move(root).error();
  if (Status s = ExpectObject(*root, "", {"actor", "predicate", "context"}); !s.ok()) {
    return std::move(s).error();
  }
  Request r;
  for (const char* key : {"actor", "predicate", "context"}) {
    if (auto v = Required(*root, "", key); !v) return std::move(v).error();
  }
  if (Status s = ParseActor(*Find(*root, "actor"), &r.actor); !s.ok()) return std::move(s).error();
  if (Status s = ParsePredicate(*Find(*root, "predicate"), &r.predicate); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = ParseContext(*Find(*root, "context"), default_time, &r.context); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = ValidateRequest(r); !s.ok()) return s.error().WithContext("invalid request");
  return r;
}

std::string RequestToJson(const Request& r) {
  json actor{{"id", r.actor.id}, {"domain", r.actor.domain}};
  if (r.actor.self_declared) actor["self_declared_role"] = RoleName(*r.actor.self_declared);
  json claims = json::array();
  for (const VerifiedRoleClaim& c : r.actor.verified_claims) {
    claims.push_back({{"role", RoleName(c.role)}, {"issuer", c.issuer}});
  }
  actor["verified_roles"] = std::move(claims);
  const Context& c = r.context;
  json ctx{{"purpose", c.purpose},
           {"domain", c.domain},
           {"time", FormatRfc3339(c.time)},
           {"session", c.session},
           {"history",
            {{"total_prior", c.history.total_prior},
             {"actor_requests", c.history.actor_requests},
             {"attribute_requests", c.history.attribute_requests}}}};
  if (c.amount) ctx["amount"] = {{"currency", c.amount->currency}, {"minor", c.amount->minor}};
  if (c.approval) {
    ctx["approval"] = {{"id", c.approval->id},
                       {"actor", c.approval->actor_id},
                       {"attribute", c.approval->attribute},
                       {"operation", OperationName(c.approval->operation)},
                       {"expires_at", FormatRfc3339(c.approval->expires_at)},
                       {"session", c.approval->session}};
  }
  return internal::DumpJson(json{{"actor", std::move(actor)},
                                 {"predicate", internal::PredicateJson(r.predicate)},
                                 {"context", std::move(ctx)}},
                            -1);
}

}  // namespace signet::policy
