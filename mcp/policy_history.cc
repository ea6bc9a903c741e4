#include "mcp/policy_history.h"

#include <algorithm>

#include "base/bytes.h"
#include "base/contention.h"
#include "base/encoding.h"
#include "crypto/sha2.h"

namespace signet::mcp {
namespace {

constexpr std::string_view kNamespace = "policy_history";
constexpr int kMaxAttempts = 8;

Bytes Encode(const std::vector<int64_t>& times) {
  Bytes out;
  out.reserve(times.size() * 8);
  for (int64_t t : times) AppendU64BE(&out, static_cast<uint64_t>(t));
  return out;
}

Result<std::vector<int64_t>> Decode(ByteView b) {
  if (b.size() % 8 != 0 || b.size() / 8 > policy::kMaxHistoryEntries) {
    return DataLoss("malformed policy history entry");
  }
  std::vector<int64_t> out;
  ByteReader r(b);
  uint64_t v = 0;
  while (r.remaining() > 0 && r.ReadU64BE(&v)) out.push_back(static_cast<int64_t>(v));
  return out;
}

// Window keeps the times in (now - window, now], sorted, at most `keep` of the most recent.
void Window(std::vector<int64_t>* times, int64_t now, int64_t window, size_t keep) {
  std::sort(times->begin(), times->end());
  times->erase(std::remove_if(times->begin(), times->end(),
                              [&](int64_t t) { return t <= now - window || t > now; }),
               times->end());
  if (times->size() > keep) times->erase(times->begin(), times->end() - keep);
}

}  // namespace

PolicyHistory::PolicyHistory(storage::StateStore& state, const TenantId& tenant,
                             std::string actor, policy::HistoryUse needs, int64_t now)
    : state_(state),
      tenant_(tenant.value()),
      actor_(std::move(actor)),
      needs_(needs),
      now_(now),
      actor_key_(Key("a:", "")) {}

std::string PolicyHistory::Key(std::string_view kind, const std::string& attribute) const {
  Bytes parts;
  for (std::string_view p : {std::string_view(tenant_), std::string_view(actor_),
                             std::string_view(attribute)}) {
    AppendU32BE(&parts, static_cast<uint32_t>(p.size()));
    Append(&parts, AsBytes(p));
  }
  return std::string(kind) + HexEncode(crypto::Sha256(parts));
}

Result<PolicyHistory::List*> PolicyHistory::Load(const std::string& key) {
  auto it = lists_.find(key);
  if (it != lists_.end()) return &it->second;
  auto value = state_.Get(kNamespace, key);
  if (!value) return std::move(value).error();
  List list;
  if (*value) {
    auto times = Decode(**value);
    if (!times) return std::move(times).error();
    list.times = std::move(*times);
    Window(&list.times, now_, needs_.window, policy::kMaxHistoryEntries);
  }
  list.stored = *std::move(value);
  return &lists_.emplace(key, std::move(list)).first->second;
}

Result<policy::History> PolicyHistory::For(const std::string& attribute) {
  policy::History h;
  if (needs_.total_prior) {
    if (!total_loaded_) {
      auto value = state_.Get(kNamespace, Key("n:", ""));
      if (!value) return std::move(value).error();
      if (*value) {
        ByteReader r(**value);
        uint64_t n = 0;
        if (!r.ReadU64BE(&n) || r.remaining() != 0) return DataLoss("malformed request counter");
        total_ = static_cast<int64_t>(n);
      }
      total_loaded_ = true;
    }
    h.total_prior = static_cast<uint64_t>(total_ + counted_);
  }
  if (needs_.window > 0) {
    for (auto [key, out] : {std::pair{actor_key_, &h.actor_requests},
                            std::pair{Key("p:", attribute), &h.attribute_requests}}) {
      auto list = Load(key);
      if (!list) return std::move(list).error();
      *out = (*list)->times;
      out->insert(out->end(), (*list)->added.begin(), (*list)->added.end());
      Window(out, now_, needs_.window, policy::kMaxHistoryEntries);
    }
  }
  return h;
}

void PolicyHistory::Count(const std::string& attribute) {
  ++counted_;
  if (needs_.window <= 0) return;
  for (const std::string& key : {actor_key_, Key("p:", attribute)}) {
    auto it = lists_.find(key);
    if (it != lists_.end()) it->second.added.push_back(now_);
  }
}

Status PolicyHistory::SaveList(const std::string& key, List list) {
  const Duration ttl = std::chrono::seconds(needs_.window + 1);
  // The first attempt expects what Load read; a conflict re-reads and merges again.
  std::optional<Bytes> current = std::move(list.stored);
  std::vector<int64_t> times = std::move(list.times);
  for (int attempt = 0;; ++attempt) {
    times.insert(times.end(), list.added.begin(), list.added.end());
    Window(&times, now_, needs_.window, policy::kMaxHistoryEntries);
    const std::optional<ByteView> expected =
        current ? std::optional<ByteView>(ByteView(*current)) : std::nullopt;
    Status s = state_.CompareAndSwap(kNamespace, key, expected, Encode(times), ttl);
    if (s.ok() || s.error().code() != ErrorCode::kConflict) return s;
    if (attempt + 1 >= kMaxAttempts) break;
    PauseAfterConflict(attempt);
    auto reread = state_.Get(kNamespace, key);
    if (!reread) return std::move(reread).error();
    current = *std::move(reread);
    times.clear();
    if (current) {
      auto decoded = Decode(*current);
      if (!decoded) return std::move(decoded).error();
      times = std::move(*decoded);
    }
  }
  return Unavailable("the agent's request history is contended; try again");
}

Status PolicyHistory::Save() {
  if (needs_.total_prior && counted_ > 0) {
    auto n = state_.Increment(kNamespace, Key("n:", ""), counted_, storage::kNoExpiry);
    if (!n) return std::move(n).error();
  }
  for (auto& [key, list] : lists_) {
    if (list.added.empty()) continue;
    if (Status s = SaveList(key, std::move(list)); !s.ok()) return s;
  }
  return OkStatus();
}

}  // namespace signet::mcp
