#pragma once

// StateStore: small server state with expiry (sessions, OAuth codes and tokens, nonces, pending
// approval requests, the consumption ledger, the webhook outbox, rate-limit counters). Hosted
// servers keep all of it in Postgres so replicas are stateless (ARCHITECTURE.md §5.1).
//
// Expiry is computed from the store's injected Clock (base/clock.h), never from the database's
// own clock, so tests use a FakeClock and replicas agree with the app's notion of time. An
// expired entry behaves exactly like an absent one; PurgeExpired reclaims the space.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"

namespace signet::storage {

// Well-known namespaces. Any name matching [a-z0-9_]{1,32} is accepted.
namespace ns {
inline constexpr std::string_view kSessions = "sessions";
inline constexpr std::string_view kOauthCodes = "oauth_codes";
inline constexpr std::string_view kOauthTokens = "oauth_tokens";
inline constexpr std::string_view kNonces = "nonces";
inline constexpr std::string_view kPending = "pending";
inline constexpr std::string_view kLedger = "ledger";
inline constexpr std::string_view kOutbox = "outbox";
inline constexpr std::string_view kRate = "rate";
}  // namespace ns

// kNoExpiry as a ttl means the entry never expires.
inline constexpr Duration kNoExpiry = Duration::zero();

// StateLimits bound keys, values and batches.
struct StateLimits {
  size_t max_key_size = 512;
  uint64_t max_value_size = uint64_t{1024} * 1024;
  size_t max_batch = 100;
  size_t max_scan = 1000;
};

// StateWrite is one entry of a PutAllIfAbsent batch.
struct StateWrite {
  std::string ns;
  std::string key;
  Bytes value;
  Duration ttl = kNoExpiry;
};

// StateEntry is one entry returned by Scan.
struct StateEntry {
  std::string key;
  Bytes value;
  std::optional<Time> expires_at;  // nullopt = never
};

// StateStore is a namespaced key/value store with TTLs. Keys are opaque byte strings (ordered
// bytewise), values opaque bytes.
//
// Thread safety: every method may be called concurrently, also across processes sharing the
// backend; each method is atomic. Failure modes: kAlreadyExists (PutIfAbsent/PutAllIfAbsent),
// kConflict (CompareAndSwap mismatch), kInvalidArgument (bad namespace, key, ttl or limit),
// kTooLarge, kFailedPrecondition (Increment on a value that is not a counter), kUnavailable.
class StateStore {
 public:
  virtual ~StateStore() = default;

  // PutIfAbsent writes the entry unless a live one exists (kAlreadyExists). An expired entry
  // counts as absent and is replaced.
  virtual Status PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                             Duration ttl) = 0;
  // Put writes the entry, replacing any previous one (and its expiry).
  virtual Status Put(std::string_view ns, std::string_view key, ByteView value, Duration ttl) = 0;
  // CompareAndSwap replaces the live value `expected` (nullopt = absent) with `desired` and the
  // new ttl; kConflict otherwise.
  virtual Status CompareAndSwap(std::string_view ns, std::string_view key,
                                const std::optional<ByteView>& expected, ByteView desired,
                                Duration ttl) = 0;
  // Get returns the live value, or std::nullopt if absent or expired.
  virtual Result<std::optional<Bytes>> Get(std::string_view ns, std::string_view key) = 0;
  // Delete removes the entry; returns whether a live entry was removed.
  virtual Result<bool> Delete(std::string_view ns, std::string_view key) = 0;
  // ConsumeOnce atomically reads and deletes the live entry: of N concurrent callers exactly one
  // receives the value, the others std::nullopt.
  virtual Result<std::optional<Bytes>> ConsumeOnce(std::string_view ns, std::string_view key) = 0;
  // PutAllIfAbsent writes every entry of `batch` (up to max_batch, any namespaces) in one
  // transaction, or none of them if any live entry exists (kAlreadyExists) or a call fails.
  virtual Status PutAllIfAbsent(std::span<const StateWrite> batch) = 0;
  // Scan returns up to `limit` (1..max_scan) live entries of `ns` with key >= start_key,
  // ordered by key (bytewise).
  virtual Result<std::vector<StateEntry>> Scan(std::string_view ns, std::string_view start_key,
                                               size_t limit) = 0;
  // Increment atomically adds `delta` to the counter at `key` and returns the new value. An
  // absent or expired counter starts at 0 and gets `ttl`; a live counter keeps its expiry.
  // Counters are stored as 8-byte big-endian two's-complement values.
  virtual Result<int64_t> Increment(std::string_view ns, std::string_view key, int64_t delta,
                                    Duration ttl) = 0;
  // PurgeExpired deletes every expired entry and returns how many.
  virtual Result<uint64_t> PurgeExpired() = 0;
  // Ping checks the backend is reachable (for /readyz).
  virtual Status Ping() = 0;
};

// ValidateStateKey checks a namespace and key against the limits (shared by backends).
Status ValidateStateKey(const StateLimits& limits, std::string_view ns, std::string_view key);
// ValidateStateWrite checks namespace, key, value size and ttl (shared by backends).
Status ValidateStateWrite(const StateLimits& limits, std::string_view ns, std::string_view key,
                          ByteView value, Duration ttl);
// ExpiryMillis returns the expiry for `ttl` from `now` in Unix milliseconds, 0 for kNoExpiry.
int64_t ExpiryMillis(Time now, Duration ttl);
// UnixMillis returns `t` as milliseconds since the epoch.
int64_t UnixMillis(Time t);
// EncodeCounter / DecodeCounter convert a counter to and from its stored form.
Bytes EncodeCounter(int64_t v);
Result<int64_t> DecodeCounter(ByteView b);

}  // namespace signet::storage
