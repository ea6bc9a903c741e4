// SQLite StateStore. Every read filters on expiry against the application clock; writes that
// depend on the current value run in one BEGIN IMMEDIATE transaction.

#include "storage/embedded/sqlite_stores.h"

namespace signet::storage::embedded {
namespace {

// The live-entry filter: never expires (0) or expires after `now` (?3).
constexpr const char* kGetLive =
    "SELECT value FROM state_entries WHERE ns = ?1 AND key = ?2 AND "
    "(expires_ms = 0 OR expires_ms > ?3)";
constexpr const char* kUpsert =
    "INSERT INTO state_entries (ns, key, value, expires_ms) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, expires_ms = excluded.expires_ms";
constexpr const char* kDelete = "DELETE FROM state_entries WHERE ns = ?1 AND key = ?2";

Result<std::optional<Bytes>> GetLive(Conn& c, std::string_view ns, std::string_view key,
                                     int64_t now) {
  Result<std::unique_ptr<Stmt>> st = c.Prepare(kGetLive);
  if (!st) return std::move(st).error();
  Result<bool> row = (*st)->Bind(1, ns).Bind(2, AsBytes(key)).Bind(3, now).Step();
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<Bytes>();
  return std::optional<Bytes>((*st)->Blob(0));
}

Status Upsert(Conn& c, std::string_view ns, std::string_view key, ByteView value, int64_t expires) {
  Result<std::unique_ptr<Stmt>> st = c.Prepare(kUpsert);
  if (!st) return std::move(st).error();
  Result<int64_t> n =
      (*st)->Bind(1, ns).Bind(2, AsBytes(key)).Bind(3, value).Bind(4, expires).Run();
  if (!n) return std::move(n).error();
  return OkStatus();
}

Result<int64_t> Remove(Conn& c, std::string_view ns, std::string_view key) {
  Result<std::unique_ptr<Stmt>> st = c.Prepare(kDelete);
  if (!st) return std::move(st).error();
  return (*st)->Bind(1, ns).Bind(2, AsBytes(key)).Run();
}

}  // namespace

Status SqliteStateStore::PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                                     Duration ttl) {
  StateWrite w{std::string(ns), std::string(key), Bytes(value.begin(), value.end()), ttl};
  return PutAllIfAbsent(std::span<const StateWrite>(&w, 1));
}

Status SqliteStateStore::Put(std::string_view ns, std::string_view key, ByteView value,
                             Duration ttl) {
  Status s = ValidateStateWrite(limits_, ns, key, value, ttl);
  if (!s) return s;
  int64_t exp = ExpiryMillis(clock_.Now(), ttl);
  return db_->Write([&](Conn& c) { return Upsert(c, ns, key, value, exp); });
}

Status SqliteStateStore::CompareAndSwap(std::string_view ns, std::string_view key,
                                        const std::optional<ByteView>& expected, ByteView desired,
                                        Duration ttl) {
  Status s = ValidateStateWrite(limits_, ns, key, desired, ttl);
  if (!s) return s;
  Time now = clock_.Now();
  return db_->Write([&](Conn& c) -> Status {
    Result<std::optional<Bytes>> cur = GetLive(c, ns, key, UnixMillis(now));
    if (!cur) return std::move(cur).error();
    bool match =
        expected ? (cur->has_value() && std::ranges::equal(**cur, *expected)) : !cur->has_value();
    if (!match) return Conflict("state entry changed concurrently");
    return Upsert(c, ns, key, desired, ExpiryMillis(now, ttl));
  });
}

Result<std::optional<Bytes>> SqliteStateStore::Get(std::string_view ns, std::string_view key) {
  Status ok = ValidateStateKey(limits_, ns, key);
  if (!ok) return std::move(ok).error();
  std::optional<Bytes> out;
  Status s = db_->Read([&](Conn& c) -> Status {
    Result<std::optional<Bytes>> r = GetLive(c, ns, key, UnixMillis(clock_.Now()));
    if (!r) return std::move(r).error();
    out = std::move(*r);
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<bool> SqliteStateStore::Delete(std::string_view ns, std::string_view key) {
  Result<std::optional<Bytes>> r = ConsumeOnce(ns, key);
  if (!r) return std::move(r).error();
  return r->has_value();
}

Result<std::optional<Bytes>> SqliteStateStore::ConsumeOnce(std::string_view ns,
                                                           std::string_view key) {
  Status ok = ValidateStateKey(limits_, ns, key);
  if (!ok) return std::move(ok).error();
  std::optional<Bytes> out;
  Status s = db_->Write([&](Conn& c) -> Status {
    Result<std::optional<Bytes>> r = GetLive(c, ns, key, UnixMillis(clock_.Now()));
    if (!r) return std::move(r).error();
    out = std::move(*r);
    Result<int64_t> n = Remove(c, ns, key);
    if (!n) return std::move(n).error();
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Status SqliteStateStore::PutAllIfAbsent(std::span<const StateWrite> batch) {
  if (batch.size() > limits_.max_batch) return TooLarge("state batch is too large");
  for (const StateWrite& w : batch) {
    Status s = ValidateStateWrite(limits_, w.ns, w.key, w.value, w.ttl);
    if (!s) return s;
  }
  Time now = clock_.Now();
  return db_->Write([&](Conn& c) -> Status {
    for (const StateWrite& w : batch) {
      Result<std::optional<Bytes>> cur = GetLive(c, w.ns, w.key, UnixMillis(now));
      if (!cur) return std::move(cur).error();
      if (cur->has_value()) return AlreadyExists("state entry already exists");
      Status s = Upsert(c, w.ns, w.key, w.value, ExpiryMillis(now, w.ttl));
      if (!s) return s;
    }
    return OkStatus();
  });
}

Result<std::vector<StateEntry>> SqliteStateStore::Scan(std::string_view ns,
                                                       std::string_view start_key, size_t limit) {
  Status ok = ValidateStateKey(limits_, ns, "k");
  if (!ok) return std::move(ok).error();
  if (limit == 0 || limit > limits_.max_scan) return InvalidArgument("scan limit out of range");
  std::vector<StateEntry> out;
  Status s = db_->Read([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st = c.Prepare(
        "SELECT key, value, expires_ms FROM state_entries WHERE ns = ?1 AND key >= ?2 AND "
        "(expires_ms = 0 OR expires_ms > ?3) ORDER BY key LIMIT ?4");
    if (!st) return std::move(st).error();
    (*st)->Bind(1, ns).Bind(2, AsBytes(start_key)).Bind(3, UnixMillis(clock_.Now()));
    (*st)->Bind(4, static_cast<int64_t>(limit));
    for (;;) {
      Result<bool> row = (*st)->Step();
      if (!row) return std::move(row).error();
      if (!*row) return OkStatus();
      StateEntry e{ToString((*st)->Blob(0)), (*st)->Blob(1), std::nullopt};
      if (int64_t exp = (*st)->Int(2); exp != 0)
        e.expires_at = Time(std::chrono::milliseconds(exp));
      out.push_back(std::move(e));
    }
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<int64_t> SqliteStateStore::Increment(std::string_view ns, std::string_view key,
                                            int64_t delta, Duration ttl) {
  Status ok = ValidateStateWrite(limits_, ns, key, {}, ttl);
  if (!ok) return std::move(ok).error();
  Time now = clock_.Now();
  int64_t next = 0;
  Status s = db_->Write([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st = c.Prepare(
        "SELECT value, expires_ms FROM state_entries WHERE ns = ?1 AND key = ?2 AND "
        "(expires_ms = 0 OR expires_ms > ?3)");
    if (!st) return std::move(st).error();
    Result<bool> row = (*st)->Bind(1, ns).Bind(2, AsBytes(key)).Bind(3, UnixMillis(now)).Step();
    if (!row) return std::move(row).error();
    int64_t current = 0;
    int64_t expires = ExpiryMillis(now, ttl);
    if (*row) {
      Result<int64_t> v = DecodeCounter((*st)->Blob(0));
      if (!v) return std::move(v).error();
      current = *v;
      expires = (*st)->Int(1);
    }
    st->reset();
    if (__builtin_add_overflow(current, delta, &next)) {
      return InvalidArgument("counter would overflow");
    }
    Bytes enc = EncodeCounter(next);
    return Upsert(c, ns, key, enc, expires);
  });
  if (!s) return std::move(s).error();
  return next;
}

Result<uint64_t> SqliteStateStore::PurgeExpired() {
  int64_t n = 0;
  Status s = db_->Write([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st =
        c.Prepare("DELETE FROM state_entries WHERE expires_ms <> 0 AND expires_ms <= ?1");
    if (!st) return std::move(st).error();
    Result<int64_t> r = (*st)->Bind(1, UnixMillis(clock_.Now())).Run();
    if (!r) return std::move(r).error();
    n = *r;
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return static_cast<uint64_t>(n);
}

Status SqliteStateStore::Ping() {
  return db_->Read([](Conn& c) { return c.Exec("SELECT 1"); });
}

}  // namespace signet::storage::embedded
