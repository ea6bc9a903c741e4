#include "policy/tracker.h"

#include <algorithm>

#include "base/encoding.h"
#include "crypto/hmac.h"
#include "policy/choices.h"
#include "policy/json_util.h"
#include "policy/rules_json.h"

namespace signet::policy {
namespace {

using internal::AsInt;
using internal::AsString;
using internal::Child;
using internal::ExpectObject;
using internal::Find;
using internal::ForEach;
using internal::json;

constexpr std::string_view kMacLabel = "signet/policy/pattern-counters/v1";

bool ValidKey(const PatternKey& k) {
  return ValidPrintable(k.actor_id, kMaxIdBytes) && ValidAttribute(k.attribute) &&
         static_cast<int>(k.operation) < kOperationCount &&
         ParseTier(static_cast<int>(k.tier)).has_value();
}

void AppendString(Bytes* out, std::string_view s) {
  AppendU32BE(out, static_cast<uint32_t>(s.size()));
  Append(out, AsBytes(s));
}

// Covers reports whether `doc` has a rule of `kind` naming the key's actor and covering its
// attribute and operation.
bool Covers(const PolicyDocument& doc, RuleKind kind, const PatternKey& k) {
  return std::any_of(doc.rules.begin(), doc.rules.end(), [&](const Rule& r) {
    const Match& m = r.match;
    return r.kind == kind &&
           std::find(m.actors.begin(), m.actors.end(), k.actor_id) != m.actors.end() &&
           (m.attributes.empty() ||
            std::any_of(m.attributes.begin(), m.attributes.end(),
                        [&](const std::string& p) { return AttributeMatches(p, k.attribute); })) &&
           (m.operations == 0 || (m.operations & OperationBit(k.operation)) != 0);
  });
}

Error Corrupt(std::string_view what) {
  return DataLoss("policy counters are corrupt: " + std::string(what));
}

Result<std::pair<PatternKey, PatternCounts>> ParseEntry(const json& e, const std::string& p) {
  if (Status s = ExpectObject(
          e, p, {"actor", "attribute", "operation", "tier", "approvals", "denials", "last_seen"});
      !s.ok()) {
    return std::move(s).error();
  }
  for (const char* field :
       {"actor", "attribute", "operation", "tier", "approvals", "denials", "last_seen"}) {
    if (Find(e, field) == nullptr) return internal::PathError(Child(p, field), "is required");
  }
  PatternKey k;
  PatternCounts c;
  auto actor = AsString(e["actor"], Child(p, "actor"), kMaxIdBytes);
  auto attribute = AsString(e["attribute"], Child(p, "attribute"), kMaxAttributeBytes);
  auto op = AsString(e["operation"], Child(p, "operation"), 16);
  auto tier = AsInt(e["tier"], Child(p, "tier"), 1, 3);
  auto approvals = AsInt(e["approvals"], Child(p, "approvals"), 0, INT64_MAX);
  auto denials = AsInt(e["denials"], Child(p, "denials"), 0, INT64_MAX);
  auto last = AsInt(e["last_seen"], Child(p, "last_seen"), 0, INT64_MAX);
  for (const Result<std::string>* r : {&actor, &attribute, &op}) {
    if (!*r) return r->error();
  }
  for (const Result<int64_t>* r : {&tier, &approvals, &denials, &last}) {
    if (!*r) return r->error();
  }
  auto operation = ParseOperation(*op);
  if (!operation) return internal::PathError(Child(p, "operation"), "unknown operation");
  k = PatternKey{*actor, *attribute, *operation, static_cast<Tier>(*tier)};
  if (!ValidKey(k)) return internal::PathError(p, "invalid key");
  c = PatternCounts{static_cast<uint64_t>(*approvals), static_cast<uint64_t>(*denials), *last};
  return std::pair{std::move(k), c};
}

}  // namespace

std::string SuggestionsToJson(const std::vector<Suggestion>& suggestions) {
  using ojson = nlohmann::ordered_json;
  ojson out = ojson::array();
  for (const Suggestion& s : suggestions) {
    out.push_back(ojson{{"choice", OwnerChoiceName(s.choice)},
                        {"actor", s.key.actor_id},
                        {"attribute", s.key.attribute},
                        {"operation", OperationName(s.key.operation)},
                        {"tier", static_cast<int>(s.key.tier)},
                        {"approvals", s.counts.approvals},
                        {"denials", s.counts.denials},
                        {"rationale", s.rationale},
                        {"rule", ojson::parse(SerializeRule(s.rule), nullptr, false)}});
  }
  return out.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

PatternKey PatternKeyFor(const AnomalyReport& report) {
  return PatternKey{report.actor_id, report.predicate.attribute, report.predicate.operation,
                    report.predicate.tier};
}

Status PatternTracker::Record(const PatternKey& key, bool approved, int64_t time) {
  if (!ValidKey(key)) return InvalidArgument("invalid pattern key");
  if (time < 0) return InvalidArgument("time before 1970");
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) return ResourceExhausted("too many tracked patterns");
    it = entries_.emplace(key, PatternCounts{}).first;
  }
  (approved ? it->second.approvals : it->second.denials) += 1;
  it->second.last_seen = std::max(it->second.last_seen, time);
  ++generation_;
  return OkStatus();
}

std::vector<Suggestion> PatternTracker::Suggest(const PolicyDocument& doc,
                                                const SuggestionThresholds& t) const {
  std::vector<Suggestion> out;
  for (const auto& [key, counts] : entries_) {
    Suggestion s{OwnerChoice::kAllowAlways, key, counts, {}, {}};
    const std::string tally = std::to_string(counts.approvals) + " approvals, " +
                              std::to_string(counts.denials) + " denials";
    if (counts.approvals >= t.min_approvals && counts.denials == 0 && key.tier != Tier::k3) {
      if (Covers(doc, RuleKind::kGrant, key)) continue;
      const auto category = CategoryFromAttribute(key.attribute);
      const Predicate p{key.attribute, category.value_or(DataCategory::kPublic), key.operation,
                        key.tier};
      s.rule = ScopedGrant(key.actor_id, p, "", /*acknowledge_mismatch=*/true);
      s.rationale = "the owner approved every request (" + tally + ")";
    } else if (counts.denials >= t.min_denials && counts.approvals == 0) {
      if (Covers(doc, RuleKind::kDeny, key)) continue;
      s.choice = OwnerChoice::kDenyAlways;
      s.rule = ScopedDeny(key.actor_id, key.attribute, key.operation);
      s.rationale = "the owner denied every request (" + tally + ")";
    } else {
      continue;
    }
    s.rule.description = "suggested: " + s.rationale;
    out.push_back(std::move(s));
  }
  return out;
}

Bytes PatternTracker::MacInput() const {
  Bytes out;
  Append(&out, AsBytes(kMacLabel));
  AppendU64BE(&out, generation_);
  AppendU32BE(&out, static_cast<uint32_t>(entries_.size()));
  for (const auto& [k, c] : entries_) {
    AppendString(&out, k.actor_id);
    AppendString(&out, k.attribute);
    out.push_back(static_cast<uint8_t>(k.operation));
    out.push_back(static_cast<uint8_t>(k.tier));
    AppendU64BE(&out, c.approvals);
    AppendU64BE(&out, c.denials);
    AppendU64BE(&out, static_cast<uint64_t>(c.last_seen));
  }
  return out;
}

Result<std::string> PatternTracker::Serialize(const crypto::SecretBytes& key) const {
  if (key.size() < kMinKeyBytes) return InvalidArgument("counter MAC key shorter than 32 bytes");
  json entries = json::array();
  for (const auto& [k, c] : entries_) {
    entries.push_back(json{{"actor", k.actor_id},
                           {"attribute", k.attribute},
                           {"operation", OperationName(k.operation)},
                           {"tier", static_cast<int>(k.tier)},
                           {"approvals", c.approvals},
                           {"denials", c.denials},
                           {"last_seen", c.last_seen}});
  }
  const crypto::Sha256Digest mac =
      crypto::HmacSha256(key.Reveal(crypto::SecretAccess::Get()), MacInput());
  json out{{"version", 1},
           {"generation", generation_},
           {"entries", std::move(entries)},
           {"mac", Base64UrlEncode(ByteView(mac.data(), mac.size()))}};
  return internal::DumpJson(out, -1);
}

Result<PatternTracker> PatternTracker::Load(std::string_view stored,
                                            const crypto::SecretBytes& key) {
  if (key.size() < kMinKeyBytes) return InvalidArgument("counter MAC key shorter than 32 bytes");
  auto root = internal::ParseStrictJson(stored, kMaxSerializedBytes, 4);
  if (!root) return Corrupt(root.error().message());
  if (Status s = ExpectObject(*root, "", {"version", "generation", "entries", "mac"}); !s.ok()) {
    return Corrupt(s.error().message());
  }
  const json* version = Find(*root, "version");
  const json* generation = Find(*root, "generation");
  const json* entries = Find(*root, "entries");
  const json* mac = Find(*root, "mac");
  if (version == nullptr || !version->is_number_integer() || version->get<int64_t>() != 1 ||
      generation == nullptr || !generation->is_number_unsigned() || entries == nullptr ||
      mac == nullptr || !mac->is_string()) {
    return Corrupt("missing or unsupported version, generation, entries or mac");
  }
  PatternTracker t;
  t.generation_ = generation->get<uint64_t>();
  Status s = ForEach(*entries, "/entries", kMaxEntries, [&](const json& e, const std::string& p) {
    auto entry = ParseEntry(e, p);
    if (!entry) return Status(std::move(entry).error());
    if (!t.entries_.emplace(entry->first, entry->second).second) {
      return Status(internal::PathError(p, "duplicate key"));
    }
    return OkStatus();
  });
  if (!s.ok()) return Corrupt(s.error().message());
  auto tag = Base64UrlDecode(mac->get_ref<const std::string&>());
  const crypto::Sha256Digest expect =
      crypto::HmacSha256(key.Reveal(crypto::SecretAccess::Get()), t.MacInput());
  if (!tag || !crypto::ConstantTimeEquals(*tag, ByteView(expect.data(), expect.size()))) {
    return DataLoss("policy counters failed their integrity check");
  }
  return t;
}

}  // namespace signet::policy
