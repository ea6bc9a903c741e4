// Postgres StateStore. Expiry compares with the application's clock, passed as a parameter.

#include "storage/postgres/pg_stores.h"

namespace signet::storage::postgres {
namespace {

bool Live(int64_t expires_ms, int64_t now_ms) { return expires_ms == 0 || expires_ms > now_ms; }

std::string Ns(std::string_view ns) { return std::string(ns); }
pqxx::binarystring Key(std::string_view key) { return Bin(AsBytes(key)); }

}  // namespace

Status PgStateStore::PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                                 Duration ttl) {
  StateWrite w{std::string(ns), std::string(key), Bytes(value.begin(), value.end()), ttl};
  return PutAllIfAbsent(std::span<const StateWrite>(&w, 1));
}

Status PgStateStore::Put(std::string_view ns, std::string_view key, ByteView value, Duration ttl) {
  Status s = ValidateStateWrite(limits_, ns, key, value, ttl);
  if (!s) return s;
  int64_t exp = ExpiryMillis(clock_.Now(), ttl);
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one idempotent statement
    tx.exec_prepared("state_upsert", Ns(ns), Key(key), Bin(value), exp);
    tx.commit();
    return OkStatus();
  });
}

Status PgStateStore::CompareAndSwap(std::string_view ns, std::string_view key,
                                    const std::optional<ByteView>& expected, ByteView desired,
                                    Duration ttl) {
  Status s = ValidateStateWrite(limits_, ns, key, desired, ttl);
  if (!s) return s;
  Time now = clock_.Now();
  int64_t now_ms = UnixMillis(now);
  int64_t exp = ExpiryMillis(now, ttl);
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    pqxx::result cur = tx.exec_prepared("state_lock", Ns(ns), Key(key));
    bool live = !cur.empty() && Live(cur[0][1].as<int64_t>(), now_ms);
    bool match = expected ? (live && std::ranges::equal(FieldBytes(cur[0][0]), *expected)) : !live;
    if (!match) return Conflict("state entry changed concurrently");
    pqxx::result w =
        tx.exec_prepared("state_insert_if_dead", Ns(ns), Key(key), Bin(desired), exp, now_ms);
    if (live) tx.exec_prepared("state_update", Ns(ns), Key(key), Bin(desired), exp);
    if (!live && w.affected_rows() != 1) return Conflict("state entry changed concurrently");
    tx.commit();
    return OkStatus();
  });
}

Result<std::optional<Bytes>> PgStateStore::Get(std::string_view ns, std::string_view key) {
  Status ok = ValidateStateKey(limits_, ns, key);
  if (!ok) return std::move(ok).error();
  std::optional<Bytes> out;
  int64_t now_ms = UnixMillis(clock_.Now());
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    pqxx::result r = tx.exec_prepared("state_get", Ns(ns), Key(key), now_ms);
    if (!r.empty()) out = FieldBytes(r[0][0]);
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<bool> PgStateStore::Delete(std::string_view ns, std::string_view key) {
  Result<std::optional<Bytes>> r = ConsumeOnce(ns, key);
  if (!r) return std::move(r).error();
  return r->has_value();
}

Result<std::optional<Bytes>> PgStateStore::ConsumeOnce(std::string_view ns, std::string_view key) {
  Status ok = ValidateStateKey(limits_, ns, key);
  if (!ok) return std::move(ok).error();
  std::optional<Bytes> out;
  int64_t now_ms = UnixMillis(clock_.Now());
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    pqxx::result r = tx.exec_prepared("state_take", Ns(ns), Key(key));
    tx.commit();
    out.reset();
    if (!r.empty() && Live(r[0][1].as<int64_t>(), now_ms)) out = FieldBytes(r[0][0]);
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Status PgStateStore::PutAllIfAbsent(std::span<const StateWrite> batch) {
  if (batch.size() > limits_.max_batch) return TooLarge("state batch is too large");
  for (const StateWrite& w : batch) {
    Status s = ValidateStateWrite(limits_, w.ns, w.key, w.value, w.ttl);
    if (!s) return s;
  }
  Time now = clock_.Now();
  int64_t now_ms = UnixMillis(now);
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    for (const StateWrite& w : batch) {
      pqxx::result r = tx.exec_prepared("state_insert_if_dead", w.ns, Key(w.key), Bin(w.value),
                                        ExpiryMillis(now, w.ttl), now_ms);
      if (r.affected_rows() != 1) return AlreadyExists("state entry already exists");
    }
    tx.commit();
    return OkStatus();
  });
}

Result<std::vector<StateEntry>> PgStateStore::Scan(std::string_view ns, std::string_view start_key,
                                                   size_t limit) {
  Status ok = ValidateStateKey(limits_, ns, "k");
  if (!ok) return std::move(ok).error();
  if (limit == 0 || limit > limits_.max_scan) return InvalidArgument("scan limit out of range");
  std::vector<StateEntry> out;
  int64_t now_ms = UnixMillis(clock_.Now());
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    pqxx::result r =
        tx.exec_prepared("state_scan", Ns(ns), Key(start_key), now_ms, static_cast<int64_t>(limit));
    out.clear();
    for (const pqxx::row& row : r) {
      StateEntry e{ToString(FieldBytes(row[0])), FieldBytes(row[1]), std::nullopt};
      if (auto exp = row[2].as<int64_t>(); exp != 0)
        e.expires_at = Time(std::chrono::milliseconds(exp));
      out.push_back(std::move(e));
    }
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<int64_t> PgStateStore::Increment(std::string_view ns, std::string_view key, int64_t delta,
                                        Duration ttl) {
  Status ok = ValidateStateWrite(limits_, ns, key, {}, ttl);
  if (!ok) return std::move(ok).error();
  Time now = clock_.Now();
  int64_t now_ms = UnixMillis(now);
  int64_t next = 0;
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    // Make sure a row exists (a concurrent creator makes this a no-op), then lock it.
    tx.exec_prepared("state_insert_if_dead", Ns(ns), Key(key), Bin(EncodeCounter(0)),
                     ExpiryMillis(now, ttl), now_ms);
    pqxx::result cur = tx.exec_prepared("state_lock", Ns(ns), Key(key));
    if (cur.empty()) return Internal("counter row vanished");
    int64_t current = 0;
    int64_t exp = cur[0][1].as<int64_t>();
    if (Live(exp, now_ms)) {
      Result<int64_t> v = DecodeCounter(FieldBytes(cur[0][0]));
      if (!v) return std::move(v).error();
      current = *v;
    } else {
      exp = ExpiryMillis(now, ttl);
    }
    if (__builtin_add_overflow(current, delta, &next)) {
      return InvalidArgument("counter would overflow");
    }
    tx.exec_prepared("state_update", Ns(ns), Key(key), Bin(EncodeCounter(next)), exp);
    tx.commit();
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return next;
}

Result<uint64_t> PgStateStore::PurgeExpired() {
  uint64_t n = 0;
  int64_t now_ms = UnixMillis(clock_.Now());
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one idempotent statement
    n = tx.exec_prepared("state_purge", now_ms).affected_rows();
    tx.commit();
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return n;
}

Status PgStateStore::Ping() { return PingPool(*pool_); }

}  // namespace signet::storage::postgres
