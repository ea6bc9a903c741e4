#include "policy/choices.h"

#include <algorithm>

#include "base/encoding.h"
#include "crypto/sha2.h"
#include "policy/rules_json.h"

namespace signet::policy {
namespace {

// ScopeId derives a stable rule id from the parts of a scope.
std::string ScopeId(std::string_view prefix, std::initializer_list<std::string_view> parts) {
  std::string material(prefix);
  for (std::string_view p : parts) {
    material += '\0';
    material += p;
  }
  const crypto::Sha256Digest digest = crypto::Sha256(AsBytes(material));
  return std::string(prefix) + "-" + HexEncode(ByteView(digest.data(), 6));
}

std::string Truncate(std::string s, size_t max) {
  if (s.size() > max) s.resize(max);
  return s;
}

bool IsMismatch(AnomalyKind k) {
  return k == AnomalyKind::kInsufficientRole || k == AnomalyKind::kCrossDomain;
}

}  // namespace

Rule ScopedGrant(const std::string& actor_id, const Predicate& predicate,
                 const std::string& destination, bool acknowledge_mismatch) {
  Rule r;
  r.kind = RuleKind::kGrant;
  r.id = ScopeId("owner-allow", {actor_id, predicate.attribute, OperationName(predicate.operation),
                                 std::to_string(static_cast<int>(predicate.tier)), destination,
                                 acknowledge_mismatch ? "ack" : ""});
  r.match.actors = {actor_id};
  r.match.attributes = {predicate.attribute};
  r.match.operations = OperationBit(predicate.operation);
  r.match.tiers = TierBit(predicate.tier);
  if (!destination.empty()) r.match.domains = {destination};
  r.acknowledge_mismatch = acknowledge_mismatch;
  return r;
}

Rule ScopedDeny(const std::string& actor_id, const std::string& attribute, Operation operation) {
  Rule r;
  r.kind = RuleKind::kDeny;
  r.id = ScopeId("owner-deny", {actor_id, attribute, OperationName(operation)});
  r.match.actors = {actor_id};
  r.match.attributes = {attribute};
  r.match.operations = OperationBit(operation);
  return r;
}

Result<Rule> RuleForChoice(const AnomalyReport& report, OwnerChoice choice) {
  if (choice == OwnerChoice::kDenyOnce || choice == OwnerChoice::kAllowOnce) {
    return InvalidArgument(std::string(OwnerChoiceName(choice)) + " creates no rule");
  }
  if (std::find(report.options.begin(), report.options.end(), choice) == report.options.end()) {
    return FailedPrecondition(std::string(OwnerChoiceName(choice)) +
                              " is not offered for this anomaly");
  }
  Rule r;
  if (choice == OwnerChoice::kDenyAlways) {
    r = ScopedDeny(report.actor_id, report.predicate.attribute, report.predicate.operation);
    r.description = Truncate("deny always, chosen by the owner: " + report.Summary(), kMaxTextBytes);
  } else {
    const bool mismatch = std::any_of(report.kinds.begin(), report.kinds.end(), IsMismatch);
    r = ScopedGrant(report.actor_id, report.predicate, report.destination_domain, mismatch);
    r.description = Truncate("allow always, chosen by the owner: " + report.Summary(), kMaxTextBytes);
  }
  return r;
}

Approval ApprovalForChoice(const AnomalyReport& report, std::string approval_id, int64_t expires_at,
                           bool bind_session) {
  Approval a;
  a.id = std::move(approval_id);
  a.actor_id = report.actor_id;
  a.attribute = report.predicate.attribute;
  a.operation = report.predicate.operation;
  a.expires_at = expires_at;
  if (bind_session) a.session = report.session;
  return a;
}

Result<PolicyDocument> AddRule(PolicyDocument doc, Rule rule) {
  for (const Rule& r : doc.rules) {
    if (r.id == rule.id) return AlreadyExists("a rule with id " + rule.id + " already exists");
  }
  if (doc.rules.size() >= kMaxRules) {
    return TooLarge("the policy already has " + std::to_string(kMaxRules) + " rules");
  }
  doc.rules.push_back(std::move(rule));
  if (Status s = ValidateDocument(doc); !s.ok()) return std::move(s).error();
  return doc;
}

}  // namespace signet::policy
