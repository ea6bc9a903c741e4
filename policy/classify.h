#pragma once

// Actor classification: which Role an actor plays, how we know, and how sure we are.
//
// Four methods, strongest first (the strongest available one decides):
//   explicit      (confidence 100) the owner assigned the role to this actor id
//   credential    (confidence  90) a verified role claim (highest claimed role)
//   domain        (confidence 70 / 60 / 50) the actor's domain is in the domain -> role table:
//                 exact owner entry / owner entry by subdomain / built-in TLD entry
//   self-declared (confidence  20) the actor says so; capped at Commerce, because
//                 self-declaration is never enough on its own for Financial and above
// With none of these the actor is Public with confidence 0 (method "none").

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "policy/domain.h"
#include "policy/model.h"

namespace signet::policy {

// The confidence of each method (percent).
inline constexpr int kConfidenceExplicit = 100;
inline constexpr int kConfidenceCredential = 90;
inline constexpr int kConfidenceSelfDeclared = 20;
// kMaxSelfDeclaredRole is the highest role self-declaration alone can give.
inline constexpr Role kMaxSelfDeclaredRole = Role::kCommerce;

// Classification is the outcome for one actor.
struct Classification {
  Role role = Role::kPublic;
  ClassificationMethod method = ClassificationMethod::kNone;
  int confidence = 0;  // 0..100
  // self_declared_capped: the actor declared a higher role than self-declaration may give.
  bool self_declared_capped = false;
  // conflict: a weaker method claimed a higher role than the one chosen (e.g. self-declared
  // Medical, domain says Commerce). Anomaly triggers can act on it.
  bool conflict = false;
  bool operator==(const Classification&) const = default;
};

// ActorClassifier classifies actors against the owner's explicit assignments and a domain
// table. Immutable; thread-safe. Lookups are by exact actor id and normalised domain.
class ActorClassifier {
 public:
  ActorClassifier() = default;
  ActorClassifier(std::unordered_map<std::string, Role> explicit_roles, DomainRoleTable domains)
      : explicit_roles_(std::move(explicit_roles)), domains_(std::move(domains)) {}

  // Classify applies the four methods to `actor`; `domain` is the actor's domain already
  // normalised by NormalizeDomain (empty: skip domain inference).
  Classification Classify(const Actor& actor, std::string_view domain) const;

 private:
  std::unordered_map<std::string, Role> explicit_roles_;
  DomainRoleTable domains_;
};

}  // namespace signet::policy
