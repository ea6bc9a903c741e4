// In-memory StateStore: one ordered map keyed by (namespace, key), expiry from the Clock.

#include <map>
#include <mutex>
#include <utility>

#include "storage/memory/memory_storage.h"

namespace signet::storage::memory {
namespace {

class MemoryStateStore final : public StateStore {
 public:
  explicit MemoryStateStore(const MemoryOptions& o) : clock_(*o.clock), limits_(o.state_limits) {}

  Status PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                     Duration ttl) override {
    StateWrite w{std::string(ns), std::string(key), Bytes(value.begin(), value.end()), ttl};
    return PutAllIfAbsent(std::span<const StateWrite>(&w, 1));
  }

  Status Put(std::string_view ns, std::string_view key, ByteView value, Duration ttl) override {
    Status s = ValidateStateWrite(limits_, ns, key, value, ttl);
    if (!s) return s;
    std::lock_guard lock(mu_);
    map_[{std::string(ns), std::string(key)}] = Make(value, ttl);
    return OkStatus();
  }

  Status CompareAndSwap(std::string_view ns, std::string_view key,
                        const std::optional<ByteView>& expected, ByteView desired,
                        Duration ttl) override {
    Status s = ValidateStateWrite(limits_, ns, key, desired, ttl);
    if (!s) return s;
    std::lock_guard lock(mu_);
    const Entry* e = Live(ns, key);
    bool match =
        expected ? (e != nullptr && std::ranges::equal(e->value, *expected)) : e == nullptr;
    if (!match) return Conflict("state entry changed concurrently");
    map_[{std::string(ns), std::string(key)}] = Make(desired, ttl);
    return OkStatus();
  }

  Result<std::optional<Bytes>> Get(std::string_view ns, std::string_view key) override {
    Status s = ValidateStateKey(limits_, ns, key);
    if (!s) return std::move(s).error();
    std::lock_guard lock(mu_);
    const Entry* e = Live(ns, key);
    if (e == nullptr) return std::optional<Bytes>();
    return std::optional<Bytes>(e->value);
  }

  Result<bool> Delete(std::string_view ns, std::string_view key) override {
    Result<std::optional<Bytes>> v = ConsumeOnce(ns, key);
    if (!v) return std::move(v).error();
    return v->has_value();
  }

  Result<std::optional<Bytes>> ConsumeOnce(std::string_view ns, std::string_view key) override {
    Status s = ValidateStateKey(limits_, ns, key);
    if (!s) return std::move(s).error();
    std::lock_guard lock(mu_);
    const Entry* e = Live(ns, key);
    std::optional<Bytes> out;
    if (e != nullptr) out = e->value;
    map_.erase({std::string(ns), std::string(key)});
    return out;
  }

  Status PutAllIfAbsent(std::span<const StateWrite> batch) override {
    if (batch.size() > limits_.max_batch) return TooLarge("state batch is too large");
    for (const StateWrite& w : batch) {
      Status s = ValidateStateWrite(limits_, w.ns, w.key, w.value, w.ttl);
      if (!s) return s;
    }
    std::lock_guard lock(mu_);
    for (const StateWrite& w : batch) {
      if (Live(w.ns, w.key) != nullptr) return AlreadyExists("state entry already exists");
    }
    for (const StateWrite& w : batch) map_[{w.ns, w.key}] = Make(w.value, w.ttl);
    return OkStatus();
  }

  Result<std::vector<StateEntry>> Scan(std::string_view ns, std::string_view start_key,
                                       size_t limit) override {
    Status s = ValidateStateKey(limits_, ns, "k");
    if (!s) return std::move(s).error();
    if (limit == 0 || limit > limits_.max_scan) return InvalidArgument("scan limit out of range");
    std::lock_guard lock(mu_);
    std::vector<StateEntry> out;
    int64_t now = UnixMillis(clock_.Now());
    for (auto it = map_.lower_bound({std::string(ns), std::string(start_key)});
         it != map_.end() && it->first.first == ns && out.size() < limit; ++it) {
      if (Expired(it->second, now)) continue;
      std::optional<Time> exp;
      if (it->second.expires_ms != 0) {
        exp = Time(std::chrono::milliseconds(it->second.expires_ms));
      }
      out.push_back({it->first.second, it->second.value, exp});
    }
    return out;
  }

  Result<int64_t> Increment(std::string_view ns, std::string_view key, int64_t delta,
                            Duration ttl) override {
    Status s = ValidateStateWrite(limits_, ns, key, {}, ttl);
    if (!s) return std::move(s).error();
    std::lock_guard lock(mu_);
    Entry* e = Live(ns, key);
    int64_t current = 0;
    if (e != nullptr) {
      Result<int64_t> c = DecodeCounter(e->value);
      if (!c) return std::move(c).error();
      current = *c;
    }
    int64_t next = 0;
    if (__builtin_add_overflow(current, delta, &next)) {
      return InvalidArgument("counter would overflow");
    }
    if (e != nullptr) {
      e->value = EncodeCounter(next);
    } else {
      map_[{std::string(ns), std::string(key)}] = Make(EncodeCounter(next), ttl);
    }
    return next;
  }

  Result<uint64_t> PurgeExpired() override {
    std::lock_guard lock(mu_);
    int64_t now = UnixMillis(clock_.Now());
    return std::erase_if(map_, [now](const auto& kv) { return Expired(kv.second, now); });
  }

  Status Ping() override { return OkStatus(); }

 private:
  struct Entry {
    Bytes value;
    int64_t expires_ms = 0;
  };

  static bool Expired(const Entry& e, int64_t now_ms) {
    return e.expires_ms != 0 && e.expires_ms <= now_ms;
  }

  Entry Make(ByteView value, Duration ttl) const {
    return Entry{Bytes(value.begin(), value.end()), ExpiryMillis(clock_.Now(), ttl)};
  }

  // Live returns the unexpired entry or nullptr. Requires mu_.
  Entry* Live(std::string_view ns, std::string_view key) {
    auto it = map_.find({std::string(ns), std::string(key)});
    if (it == map_.end() || Expired(it->second, UnixMillis(clock_.Now()))) return nullptr;
    return &it->second;
  }

  const Clock& clock_;
  const StateLimits limits_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Entry> map_;  // guarded by mu_
};

}  // namespace

std::shared_ptr<StateStore> CreateMemoryStateStore(const MemoryOptions& options) {
  return std::make_shared<MemoryStateStore>(options);
}

}  // namespace signet::storage::memory
