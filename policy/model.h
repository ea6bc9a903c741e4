#pragma once

// The policy model: who asks (Actor, classified into a Role), for what (Predicate: an attribute
// of some DataCategory, an Operation on it, the record's Tier) and in which Context (purpose,
// destination domain, time, session, amount, history summary, an owner Approval). The engine in
// policy/engine.h turns these into a Decision (policy/decision.h). Everything here is plain data:
// no I/O, no clocks; the caller supplies the time inside the Context. See docs/policy.md.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace signet::policy {

// Role is an actor's place in the trust hierarchy, ordered from least to most trusted:
// Public < Commerce < Financial < Medical < Identity < TrustedAgent. TrustedAgent is the
// owner's own agent; the sectoral roles (Financial, Medical, Identity) are also the home of the
// matching data categories (see HomeRole).
enum class Role : uint8_t { kPublic, kCommerce, kFinancial, kMedical, kIdentity, kTrustedAgent };
inline constexpr int kRoleCount = 6;

// RoleName returns the stable lowercase name ("public", ..., "trusted_agent").
std::string_view RoleName(Role role);
// ParseRole maps a RoleName back to a Role; nullopt if unknown.
std::optional<Role> ParseRole(std::string_view name);

// Tier is the sensitivity tier of the record behind a predicate (ARCHITECTURE.md §2): 1 = low,
// 2 = conclusions-only on egress, 3 = structurally isolated, released only by an approver.
enum class Tier : uint8_t { k1 = 1, k2 = 2, k3 = 3 };
// ParseTier maps 1, 2, 3 to a Tier; nullopt otherwise.
std::optional<Tier> ParseTier(int64_t value);

// Operation is what the actor wants to do with the attribute.
//   read:     the agent reads the value for its own reasoning (never leaves the agent)
//   prove:    derive a predicate / proof about it (only a conclusion leaves)
//   disclose: send the raw value to a third party (forbidden for Tier 2, invariant 4)
//   issue:    issue a credential containing it
//   pay:      authorise a payment funded by it (amount limits apply)
enum class Operation : uint8_t { kRead, kProve, kDisclose, kIssue, kPay };
inline constexpr int kOperationCount = 5;
// OperationName returns the stable lowercase name.
std::string_view OperationName(Operation op);
// ParseOperation maps an OperationName back; nullopt if unknown.
std::optional<Operation> ParseOperation(std::string_view name);

// DataCategory is the domain an attribute belongs to. By convention an attribute's first label
// names its category ("medical.blood_type"); see CategoryFromAttribute.
enum class DataCategory : uint8_t { kPublic, kCommerce, kFinancial, kMedical, kIdentity };
inline constexpr int kCategoryCount = 5;
// CategoryName returns the stable lowercase name.
std::string_view CategoryName(DataCategory category);
// ParseCategory maps a CategoryName back; nullopt if unknown.
std::optional<DataCategory> ParseCategory(std::string_view name);
// CategoryFromAttribute returns the category named by the attribute's first label, or nullopt.
std::optional<DataCategory> CategoryFromAttribute(std::string_view attribute);
// HomeRole is the role whose domain `category` is (public -> Public, medical -> Medical, ...).
Role HomeRole(DataCategory category);

// ClassificationMethod says how an actor's role was established, weakest first. Precedence when
// several apply: explicit > credential > domain inference > self-declaration.
enum class ClassificationMethod : uint8_t {
  kNone,             // nothing known: the actor is Public
  kSelfDeclared,     // the actor says so (never enough for Financial and above)
  kDomainInference,  // the actor's domain is in the domain -> role table
  kCredential,       // a verified credential or authority proves the role
  kExplicit,         // the owner assigned the role
};
inline constexpr int kMethodCount = 5;
// MethodName returns the stable lowercase name.
std::string_view MethodName(ClassificationMethod method);
// ParseMethod maps a MethodName back; nullopt if unknown.
std::optional<ClassificationMethod> ParseMethod(std::string_view name);

// VerifiedRoleClaim is a role that a credential or authority PROVES for the actor. The policy
// engine does not verify anything: the caller (credentials/ or the MCP auth layer) fills this in
// only after checking the credential's signature, status and binding to the actor.
struct VerifiedRoleClaim {
  Role role = Role::kPublic;
  std::string issuer;  // who vouches (a DID, an issuer URL); shown to the owner
  bool operator==(const VerifiedRoleClaim&) const = default;
};

// Actor is the requesting service or agent. `id` is its authenticated identity (OAuth client
// id, agent session subject); `domain` its DNS name if known (ASCII; IDNs in A-label form).
struct Actor {
  std::string id;
  std::string domain;
  std::optional<Role> self_declared;
  std::vector<VerifiedRoleClaim> verified_claims;
  bool operator==(const Actor&) const = default;
};

// Predicate is what is asked: an operation on an attribute of a category, at a tier.
struct Predicate {
  std::string attribute;  // "medical.blood_type"
  DataCategory category = DataCategory::kPublic;
  Operation operation = Operation::kRead;
  Tier tier = Tier::k1;
  bool operator==(const Predicate&) const = default;
};

// Amount is money in ISO 4217 minor units (cents for EUR, yen for JPY) of `currency` (three
// uppercase letters).
struct Amount {
  int64_t minor = 0;
  std::string currency;
  bool operator==(const Amount&) const = default;
};

// History summarises the actor's earlier requests, supplied by the caller (the engine stores
// nothing). Times are Unix seconds; order does not matter; at most kMaxHistoryEntries each.
struct History {
  uint64_t total_prior = 0;                 // all earlier requests by this actor, ever
  std::vector<int64_t> actor_requests;      // recent requests by this actor (any predicate)
  std::vector<int64_t> attribute_requests;  // recent requests by this actor for this attribute
  bool operator==(const History&) const = default;
};
inline constexpr size_t kMaxHistoryEntries = 4096;

// Approval is an owner's "allow once" for exactly this actor, attribute and operation, valid
// until `expires_at` (and only in `session` if set). Like VerifiedRoleClaim it is an input the
// caller fills in only after verifying the approver's signed callback (ARCHITECTURE.md §5.4) and
// must consume once (consumption ledger); the engine checks the binding and the expiry. It turns
// an ANOMALY (including a Tier-3 approval requirement) into PERMIT; it never overrides a DENY.
struct Approval {
  std::string id;
  std::string actor_id;
  std::string attribute;
  Operation operation = Operation::kRead;
  int64_t expires_at = 0;  // Unix seconds
  std::string session;     // empty: any session
  bool operator==(const Approval&) const = default;
};

// Context is the circumstances of the request.
struct Context {
  std::string purpose;  // free text, matched exactly by rules ("checkout", "age_check")
  std::string domain;   // the destination / audience domain (relying party), may be empty
  int64_t time = 0;     // Unix seconds; the engine never reads a clock for this
  std::string session;
  std::optional<Amount> amount;
  History history;
  std::optional<Approval> approval;
  bool operator==(const Context&) const = default;
};

// Request bundles the three inputs of an evaluation.
struct Request {
  Actor actor;
  Predicate predicate;
  Context context;
  bool operator==(const Request&) const = default;
};

// Limits on request strings (the JSON parser and Evaluate enforce them).
inline constexpr size_t kMaxIdBytes = 256;         // actor ids, session ids, approval ids
inline constexpr size_t kMaxAttributeBytes = 128;  // attribute names and patterns
inline constexpr size_t kMaxTextBytes = 256;       // purposes, issuers, descriptions
inline constexpr size_t kMaxDomainBytes = 253;     // RFC 1035 name length

// ValidAttribute reports whether `s` is an attribute name: dot-separated labels of [a-z0-9_-],
// each non-empty, at most kMaxAttributeBytes in all.
bool ValidAttribute(std::string_view s);
// ValidCurrency reports whether `s` is three uppercase ASCII letters.
bool ValidCurrency(std::string_view s);
// ValidPrintable reports whether `s` is non-empty printable ASCII (0x21..0x7e), at most `max`.
bool ValidPrintable(std::string_view s, size_t max);
// ValidText reports whether `s` (UTF-8) has no control characters and is at most `max` bytes.
bool ValidText(std::string_view s, size_t max);

}  // namespace signet::policy
