#include "policy/classify.h"

#include <algorithm>

namespace signet::policy {
namespace {

// Candidate is one method's opinion.
struct Candidate {
  Role role;
  ClassificationMethod method;
  int confidence;
};

std::optional<Candidate> FromCredentials(const Actor& actor) {
  if (actor.verified_claims.empty()) return std::nullopt;
  Role best = Role::kPublic;
  for (const VerifiedRoleClaim& c : actor.verified_claims) best = std::max(best, c.role);
  return Candidate{best, ClassificationMethod::kCredential, kConfidenceCredential};
}

}  // namespace

Classification ActorClassifier::Classify(const Actor& actor, std::string_view domain) const {
  std::optional<Candidate> chosen;
  Role highest_other = Role::kPublic;  // highest role claimed by a weaker method
  auto consider = [&](std::optional<Candidate> c) {
    if (!c) return;
    if (!chosen) {
      chosen = c;
    } else {
      highest_other = std::max(highest_other, c->role);
    }
  };
  if (auto it = explicit_roles_.find(actor.id); it != explicit_roles_.end()) {
    consider(Candidate{it->second, ClassificationMethod::kExplicit, kConfidenceExplicit});
  }
  consider(FromCredentials(actor));
  if (auto m = domains_.Lookup(domain)) {
    consider(Candidate{m->role, ClassificationMethod::kDomainInference, m->confidence});
  }
  Classification out;
  if (actor.self_declared) {
    const Role declared = std::min(*actor.self_declared, kMaxSelfDeclaredRole);
    out.self_declared_capped = *actor.self_declared > kMaxSelfDeclaredRole;
    consider(Candidate{declared, ClassificationMethod::kSelfDeclared, kConfidenceSelfDeclared});
    highest_other = std::max(highest_other, *actor.self_declared);
  }
  if (!chosen) return out;
  out.role = chosen->role;
  out.method = chosen->method;
  out.confidence = chosen->confidence;
  out.conflict = highest_other > chosen->role;
  return out;
}

}  // namespace signet::policy
