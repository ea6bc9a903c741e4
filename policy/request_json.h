#pragma once

// The JSON form of a policy Request, used by `signet policy test` and by tools that want to ask
// the engine a what-if question (docs/policy.md, "Requests"):
//
//   {"actor": {"id": "shop-bot", "domain": "shop.example", "self_declared_role": "commerce",
//              "verified_roles": [{"role": "financial", "issuer": "did:web:regulator.example"}]},
//    "predicate": {"attribute": "medical.blood_type", "operation": "prove", "tier": 2},
//    "context": {"purpose": "checkout", "domain": "shop.example",
//                "time": "2026-03-01T10:00:00Z", "session": "s-1",
//                "amount": {"currency": "EUR", "minor": 1250},
//                "history": {"total_prior": 3, "actor_requests": [1772359200],
//                            "attribute_requests": []},
//                "approval": {"id": "ap-1", "actor": "shop-bot",
//                             "attribute": "medical.blood_type", "operation": "prove",
//                             "expires_at": "2026-03-01T10:05:00Z", "session": ""}}}
//
// "category" in the predicate is optional when the attribute's first label names one. Times are
// RFC 3339 strings or Unix seconds. "verified_roles" and "approval" are taken at face value:
// in production they are filled in only after verification (policy/model.h); this form exists
// so owners can test rules. Strict like the rule parser: unknown fields are errors with a JSON
// Pointer path.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "policy/model.h"

namespace signet::policy {

// kMaxRequestBytes bounds a request document.
inline constexpr size_t kMaxRequestBytes = 256 * 1024;

// ParseRequestJson parses and validates (ValidateRequest) a request. If `default_time` is set, a
// request without "context"/"time" gets it (the CLI passes the current time); otherwise "time"
// is required.
Result<Request> ParseRequestJson(std::string_view json_text,
                                 std::optional<int64_t> default_time = std::nullopt);

// RequestToJson renders a request in the same form (times as RFC 3339).
std::string RequestToJson(const Request& request);

}  // namespace signet::policy
