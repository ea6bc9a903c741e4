// Postgres RecordIndex and AuditChainStore, and the statements of every Postgres store.

#include "storage/postgres/pg_stores.h"

namespace signet::storage::postgres {
namespace {

std::optional<RecordRow> ReadRow(const pqxx::row& r) {
  RecordRow row;
  row.size = r[2].as<uint64_t>();
  if (r[0].is_null()) {
    Bytes d = FieldBytes(r[1]);
    if (d.size() != row.digest.size()) return std::nullopt;
    std::copy(d.begin(), d.end(), row.digest.begin());
  } else {
    row.inline_value = FieldBytes(r[0]);
  }
  return row;
}

pqxx::result ExecRow(pqxx::transaction_base& tx, const char* statement, const BlindId& id,
                     const RecordRow& row) {
  auto size = static_cast<int64_t>(row.size);
  if (row.is_blob()) {
    return tx.exec_prepared(statement, Bin(id.view()), nullptr, Bin(row.digest), size);
  }
  return tx.exec_prepared(statement, Bin(id.view()), Bin(*row.inline_value), nullptr, size);
}

Result<std::optional<RecordRow>> RowFrom(const pqxx::result& r) {
  if (r.empty()) return std::optional<RecordRow>();
  std::optional<RecordRow> row = ReadRow(r[0]);
  if (!row) return DataLoss("record row is malformed");
  return row;
}

}  // namespace

std::vector<Statement> Statements() {
  return {
      {"rec_upsert",
       "INSERT INTO records (id, value, blob_digest, size) VALUES ($1, $2, $3, $4) "
       "ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value, "
       "blob_digest = EXCLUDED.blob_digest, size = EXCLUDED.size"},
      {"rec_insert_new",
       "INSERT INTO records (id, value, blob_digest, size) VALUES ($1, $2, $3, $4) "
       "ON CONFLICT (id) DO NOTHING"},
      {"rec_find", "SELECT value, blob_digest, size FROM records WHERE id = $1"},
      {"rec_find_lock", "SELECT value, blob_digest, size FROM records WHERE id = $1 FOR UPDATE"},
      {"rec_delete", "DELETE FROM records WHERE id = $1"},
      {"rec_exists", "SELECT 1 FROM records WHERE id = $1"},
      {"rec_refs", "SELECT 1 FROM records WHERE blob_digest = $1 LIMIT 1"},
      {"audit_append",
       "INSERT INTO audit_entries (chain, seq, entry) SELECT $1::bytea, $2::bigint, $3::bytea "
       "WHERE $2::bigint = 0 OR EXISTS (SELECT 1 FROM audit_entries WHERE chain = $1::bytea "
       "AND seq = $2::bigint - 1) ON CONFLICT (chain, seq) DO NOTHING"},
      {"audit_has", "SELECT 1 FROM audit_entries WHERE chain = $1 AND seq = $2"},
      {"audit_read",
       "SELECT seq, entry FROM audit_entries WHERE chain = $1 AND seq >= $2 ORDER BY seq "
       "LIMIT $3"},
      {"audit_head",
       "SELECT seq, entry FROM audit_entries WHERE chain = $1 ORDER BY seq DESC LIMIT 1"},
      {"state_get",
       "SELECT value FROM state_entries WHERE ns = $1 AND key = $2 AND "
       "(expires_ms = 0 OR expires_ms > $3)"},
      {"state_upsert",
       "INSERT INTO state_entries (ns, key, value, expires_ms) VALUES ($1, $2, $3, $4) "
       "ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, "
       "expires_ms = EXCLUDED.expires_ms"},
      {"state_insert_if_dead",
       "INSERT INTO state_entries (ns, key, value, expires_ms) VALUES ($1, $2, $3, $4) "
       "ON CONFLICT (ns, key) DO UPDATE SET value = EXCLUDED.value, "
       "expires_ms = EXCLUDED.expires_ms WHERE state_entries.expires_ms <> 0 AND "
       "state_entries.expires_ms <= $5"},
      {"state_lock",
       "SELECT value, expires_ms FROM state_entries WHERE ns = $1 AND key = $2 FOR UPDATE"},
      {"state_update",
       "UPDATE state_entries SET value = $3, expires_ms = $4 WHERE ns = $1 AND "
       "key = $2"},
      {"state_take",
       "DELETE FROM state_entries WHERE ns = $1 AND key = $2 RETURNING value, expires_ms"},
      {"state_scan",
       "SELECT key, value, expires_ms FROM state_entries WHERE ns = $1 AND key >= $2 AND "
       "(expires_ms = 0 OR expires_ms > $3) ORDER BY key LIMIT $4"},
      {"state_purge", "DELETE FROM state_entries WHERE expires_ms <> 0 AND expires_ms <= $1"},
  };
}

Status PingPool(PgPool& pool) {
  return pool.Run([](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);
    tx.exec("SELECT 1");
    return OkStatus();
  });
}

Status PgRecordIndex::Upsert(const BlindId& id, const RecordRow& row) {
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one idempotent statement
    ExecRow(tx, "rec_upsert", id, row);
    tx.commit();
    return OkStatus();
  });
}

Result<std::optional<RecordRow>> PgRecordIndex::Find(const BlindId& id) {
  Result<std::optional<RecordRow>> out = std::optional<RecordRow>();
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    out = RowFrom(tx.exec_prepared("rec_find", Bin(id.view())));
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Status PgRecordIndex::Remove(const BlindId& id) {
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one idempotent statement
    tx.exec_prepared("rec_delete", Bin(id.view()));
    tx.commit();
    return OkStatus();
  });
}

Result<bool> PgRecordIndex::Contains(const BlindId& id) { return Exists("rec_exists", id.view()); }

Result<bool> PgRecordIndex::References(const BlobDigest& digest) {
  return Exists("rec_refs", ByteView(digest));
}

Result<bool> PgRecordIndex::Exists(const char* statement, ByteView key) {
  bool found = false;
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    found = !tx.exec_prepared(statement, Bin(key)).empty();
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return found;
}

Status PgRecordIndex::Swap(const BlindId& id, const std::optional<ByteView>& expected,
                           const RecordRow& desired) {
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    Result<std::optional<RecordRow>> cur =
        RowFrom(tx.exec_prepared("rec_find_lock", Bin(id.view())));
    if (!cur) return std::move(cur).error();
    if (!cur->has_value()) {
      if (expected) return Conflict("record changed concurrently");
      if (ExecRow(tx, "rec_insert_new", id, desired).affected_rows() != 1) {
        return Conflict("record changed concurrently");
      }
    } else {
      if (!expected || !RowMatches(**cur, *expected))
        return Conflict("record changed concurrently");
      ExecRow(tx, "rec_upsert", id, desired);
    }
    tx.commit();
    return OkStatus();
  });
}

Status PgRecordIndex::Ping() { return PingPool(*pool_); }

Status PgAuditChainStore::Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) {
  Status ok = CheckAppend(limits_, entry);
  if (!ok) return ok;
  if (expected_seq > static_cast<uint64_t>(INT64_MAX)) return InvalidArgument("seq out of range");
  auto seq = static_cast<int64_t>(expected_seq);
  return pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    pqxx::result r = tx.exec_prepared("audit_append", Bin(chain.view()), seq, Bin(entry));
    if (r.affected_rows() == 1) {
      tx.commit();
      return OkStatus();
    }
    if (!tx.exec_prepared("audit_has", Bin(chain.view()), seq).empty()) {
      return Conflict("audit sequence number already taken");
    }
    return FailedPrecondition("audit sequence number leaves a gap");
  });
}

Result<std::vector<AuditEntry>> PgAuditChainStore::Read(const BlindId& chain, uint64_t from_seq,
                                                        size_t limit) {
  Status ok = CheckRead(limits_, limit);
  if (!ok) return std::move(ok).error();
  std::vector<AuditEntry> out;
  if (from_seq > static_cast<uint64_t>(INT64_MAX)) return out;
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    pqxx::result r = tx.exec_prepared("audit_read", Bin(chain.view()),
                                      static_cast<int64_t>(from_seq), static_cast<int64_t>(limit));
    out.clear();
    for (const pqxx::row& row : r) out.push_back({row[0].as<uint64_t>(), FieldBytes(row[1])});
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Result<std::optional<AuditEntry>> PgAuditChainStore::Head(const BlindId& chain) {
  std::optional<AuditEntry> out;
  Status s = pool_->Run([&](pqxx::connection& c) -> Status {
    pqxx::nontransaction tx(c);  // one statement: atomic, one round trip
    pqxx::result r = tx.exec_prepared("audit_head", Bin(chain.view()));
    if (!r.empty()) out = AuditEntry{r[0][0].as<uint64_t>(), FieldBytes(r[0][1])};
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Status PgAuditChainStore::Ping() { return PingPool(*pool_); }

}  // namespace signet::storage::postgres
