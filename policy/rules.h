#pragma once

// The owner's policy document: versioned rules plus the owner's actor and domain role tables.
// Its JSON form ({"version":1, "rules":[...]}) is parsed and validated in policy/rules_json.h;
// docs/policy.md describes every field. Plain data; the engine compiles it (policy/engine.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/domain.h"
#include "policy/model.h"

namespace signet::policy {

// RuleKind names what a rule does when its Match applies.
enum class RuleKind : uint8_t {
  kTierThreshold,      // PERMIT when role >= min_role for its tier (below: no match, or DENY)
  kGrant,              // PERMIT
  kDeny,               // DENY
  kDomainRestriction,  // violation when the destination domain is not allowed / is denied
  kTimeWindow,         // violation outside the window
  kAmountLimit,        // violation when the amount exceeds the limit for its currency
  kRateLimit,          // violation when the history holds too many requests in the window
  kAnomalyTrigger,     // ANOMALY when all its conditions hold
};
inline constexpr int kRuleKindCount = 8;
// RuleKindName returns the JSON name ("tier_threshold", "grant", ...).
std::string_view RuleKindName(RuleKind kind);
// ParseRuleKind maps a RuleKindName back; nullopt if unknown.
std::optional<RuleKind> ParseRuleKind(std::string_view name);

// Match selects the requests a rule applies to. Every non-empty field must match (AND); an
// empty list means "any". Masks are bit sets indexed by the enum value.
struct Match {
  std::vector<std::string> actors;      // exact actor ids
  uint8_t roles = 0;                    // bit per Role; 0 = any
  std::optional<Role> min_role;         // role >= min_role
  std::vector<std::string> domains;     // destination domain within one of these (normalised)
  std::vector<std::string> attributes;  // exact names, or "prefix.*" for a whole subtree
  uint8_t categories = 0;               // bit per DataCategory
  uint8_t operations = 0;               // bit per Operation
  uint8_t tiers = 0;                    // bit per Tier (bit 1, 2, 3)
  std::vector<std::string> purposes;    // exact purposes
  uint8_t methods = 0;                  // bit per ClassificationMethod
  int min_confidence = 0;               // classification confidence >= this
  bool operator==(const Match&) const = default;
};

// TimeWindow is a weekly window in a fixed UTC offset: days (bit 0 = Monday .. bit 6 = Sunday),
// [start_minute, end_minute) of the local day (end 1440 = midnight; start > end wraps past
// midnight into the next day). Only fixed offsets: there is no time zone database in a pure
// module, so daylight saving must be handled by the owner changing the offset.
struct TimeWindow {
  uint8_t days = 0x7f;
  int start_minute = 0;
  int end_minute = 1440;
  int utc_offset_minutes = 0;  // -14:00 .. +14:00
  bool operator==(const TimeWindow&) const = default;
};

// AmountCap is the most `currency` an amount may be, in minor units.
struct AmountCap {
  std::string currency;
  int64_t max_minor = 0;
  bool operator==(const AmountCap&) const = default;
};

// RateScope says which history list a rate counts: the actor's requests for anything, or for
// this attribute only.
enum class RateScope : uint8_t { kActor, kAttribute };

// RateCondition is "more than `max_count` requests within the last `window_seconds`" (the
// current request included).
struct RateCondition {
  uint32_t max_count = 0;
  int64_t window_seconds = 0;
  RateScope scope = RateScope::kActor;
  bool operator==(const RateCondition&) const = default;
};

// Trigger holds an anomaly trigger's conditions; all present conditions must hold (AND); none
// means "whenever the match applies".
struct Trigger {
  bool first_request = false;           // the actor has no earlier requests at all
  std::optional<int> confidence_below;  // classification confidence < this
  bool role_conflict = false;           // a weaker method claimed a higher role
  std::vector<AmountCap> amount_over;   // the amount exceeds the cap of its currency
  std::optional<RateCondition> rate_over;
  std::optional<TimeWindow> outside;  // the time is outside this window
  bool operator==(const Trigger&) const = default;
};

// Violation is what a constraint rule (domain, time, amount, rate) does when violated.
enum class Violation : uint8_t { kDeny, kAnomaly };

// Rule is one entry of the document. Only the fields of its kind are meaningful (the parser
// rejects the others).
struct Rule {
  std::string id;  // [A-Za-z0-9._:-]{1,64}, unique in the document
  RuleKind kind = RuleKind::kGrant;
  std::string description;
  Match match;
  std::optional<int64_t> ttl_seconds;  // caps the decision's expiry

  Tier threshold_tier = Tier::k1;             // tier_threshold
  Role threshold_role = Role::kPublic;        // tier_threshold: min_role
  bool below_deny = false;                    // tier_threshold: below the threshold -> DENY
  bool acknowledge_mismatch = false;          // grant: the owner accepted a cross-domain use
  std::vector<std::string> allowed_domains;   // domain_restriction
  std::vector<std::string> denied_domains;    // domain_restriction
  TimeWindow window;                          // time_window
  std::vector<AmountCap> limits;              // amount_limit
  bool other_currencies_allowed = false;      // amount_limit: currencies without a cap
  RateCondition rate;                         // rate_limit
  Violation on_violation = Violation::kDeny;  // constraints
  Trigger trigger;                            // anomaly_trigger
  bool operator==(const Rule&) const = default;
};

// ActorRoleEntry is the owner's explicit role assignment for one actor id.
struct ActorRoleEntry {
  std::string actor;
  Role role = Role::kPublic;
  bool operator==(const ActorRoleEntry&) const = default;
};

// Settings are document-wide options.
struct Settings {
  int64_t default_ttl_seconds = 300;  // decision expiry when no rule says less
  bool use_default_domain_roles = true;
  bool operator==(const Settings&) const = default;
};

// PolicyDocument is the whole owner policy, version 1.
struct PolicyDocument {
  static constexpr int kVersion = 1;
  Settings settings;
  std::vector<ActorRoleEntry> actors;
  std::vector<DomainRoleEntry> domain_roles;
  std::vector<Rule> rules;
  bool operator==(const PolicyDocument&) const = default;
};

// Size limits of a document (enforced by the parser and by ValidateDocument).
inline constexpr size_t kMaxDocumentBytes = 256 * 1024;
inline constexpr size_t kMaxRules = 2000;
inline constexpr size_t kMaxActorEntries = 1000;
inline constexpr size_t kMaxDomainEntries = 1000;
inline constexpr size_t kMaxListItems = 64;
inline constexpr size_t kMaxRuleIdBytes = 64;
inline constexpr int kMaxNestingDepth = 8;
inline constexpr int64_t kMaxTtlSeconds = 366LL * 24 * 3600;
inline constexpr int64_t kMaxRateWindowSeconds = 366LL * 24 * 3600;

// ValidRuleId reports whether `id` is 1..64 bytes of [A-Za-z0-9._:-].
bool ValidRuleId(std::string_view id);

// AttributeMatches reports whether `attribute` matches `pattern` (exact, or "p.*" matching every
// attribute that starts with "p.").
bool AttributeMatches(std::string_view pattern, std::string_view attribute);

// RoleBit / CategoryBit / ... make mask bits.
constexpr uint8_t RoleBit(Role r) { return static_cast<uint8_t>(1u << static_cast<int>(r)); }
constexpr uint8_t CategoryBit(DataCategory c) {
  return static_cast<uint8_t>(1u << static_cast<int>(c));
}
constexpr uint8_t OperationBit(Operation o) {
  return static_cast<uint8_t>(1u << static_cast<int>(o));
}
constexpr uint8_t TierBit(Tier t) { return static_cast<uint8_t>(1u << static_cast<int>(t)); }
constexpr uint8_t MethodBit(ClassificationMethod m) {
  return static_cast<uint8_t>(1u << static_cast<int>(m));
}

}  // namespace signet::policy
