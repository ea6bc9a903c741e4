#include "storage/state_store.h"

#include <chrono>

namespace signet::storage {

namespace {

bool ValidNamespace(std::string_view ns) {
  if (ns.empty() || ns.size() > 32) return false;
  for (char c : ns) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status ValidateStateKey(const StateLimits& limits, std::string_view ns, std::string_view key) {
  if (!ValidNamespace(ns)) return InvalidArgument("state namespace must match [a-z0-9_]{1,32}");
  if (key.empty()) return InvalidArgument("state key must not be empty");
  if (key.size() > limits.max_key_size) return TooLarge("state key is too long");
  return OkStatus();
}

Status ValidateStateWrite(const StateLimits& limits, std::string_view ns, std::string_view key,
                          ByteView value, Duration ttl) {
  Status s = ValidateStateKey(limits, ns, key);
  if (!s) return s;
  if (value.size() > limits.max_value_size) return TooLarge("state value is too large");
  if (ttl < Duration::zero()) return InvalidArgument("ttl must not be negative");
  if (ttl > std::chrono::hours(24 * 365 * 100)) return InvalidArgument("ttl is too long");
  return OkStatus();
}

int64_t UnixMillis(Time t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

int64_t ExpiryMillis(Time now, Duration ttl) {
  if (ttl == kNoExpiry) return 0;
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
  return UnixMillis(now) + (ms > 0 ? ms : 1);
}

Bytes EncodeCounter(int64_t v) {
  Bytes out;
  AppendU64BE(&out, static_cast<uint64_t>(v));
  return out;
}

Result<int64_t> DecodeCounter(ByteView b) {
  ByteReader r(b);
  uint64_t v = 0;
  if (!r.ReadU64BE(&v) || !r.empty()) {
    return FailedPrecondition("state value is not a counter");
  }
  return static_cast<int64_t>(v);
}

}  // namespace signet::storage
