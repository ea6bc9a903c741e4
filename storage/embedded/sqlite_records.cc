// SQLite RecordIndex and AuditChainStore.

#include "storage/embedded/sqlite_stores.h"

namespace signet::storage::embedded {
namespace {

std::optional<RecordRow> ReadRow(const Stmt& st) {
  RecordRow row;
  row.size = static_cast<uint64_t>(st.Int(2));
  if (st.IsNull(0)) {
    Bytes d = st.Blob(1);
    if (d.size() != row.digest.size()) return std::nullopt;
    std::copy(d.begin(), d.end(), row.digest.begin());
  } else {
    row.inline_value = st.Blob(0);
  }
  return row;
}

void BindRow(Stmt& st, int first, const RecordRow& row) {
  if (row.is_blob()) {
    st.BindNull(first).Bind(first + 1, ByteView(row.digest));
  } else {
    st.Bind(first, ByteView(*row.inline_value)).BindNull(first + 1);
  }
  st.Bind(first + 2, static_cast<int64_t>(row.size));
}

constexpr const char* kUpsert =
    "INSERT INTO records (id, value, blob_digest, size) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (id) DO UPDATE SET value = excluded.value, blob_digest = excluded.blob_digest, "
    "size = excluded.size";
constexpr const char* kFind = "SELECT value, blob_digest, size FROM records WHERE id = ?1";

Status UpsertRow(Conn& c, const BlindId& id, const RecordRow& row) {
  Result<std::unique_ptr<Stmt>> st = c.Prepare(kUpsert);
  if (!st) return std::move(st).error();
  (*st)->Bind(1, id.view());
  BindRow(**st, 2, row);
  Result<int64_t> n = (*st)->Run();
  if (!n) return std::move(n).error();
  return OkStatus();
}

Result<std::optional<RecordRow>> FindRow(Conn& c, const BlindId& id) {
  Result<std::unique_ptr<Stmt>> st = c.Prepare(kFind);
  if (!st) return std::move(st).error();
  (*st)->Bind(1, id.view());
  Result<bool> row = (*st)->Step();
  if (!row) return std::move(row).error();
  if (!*row) return std::optional<RecordRow>();
  std::optional<RecordRow> r = ReadRow(**st);
  if (!r) return DataLoss("record row is malformed");
  return r;
}

}  // namespace

Status SqliteRecordIndex::Upsert(const BlindId& id, const RecordRow& row) {
  return db_->Write([&](Conn& c) { return UpsertRow(c, id, row); });
}

Result<std::optional<RecordRow>> SqliteRecordIndex::Find(const BlindId& id) {
  std::optional<RecordRow> out;
  Status s = db_->Read([&](Conn& c) -> Status {
    Result<std::optional<RecordRow>> r = FindRow(c, id);
    if (!r) return std::move(r).error();
    out = std::move(*r);
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return out;
}

Status SqliteRecordIndex::Remove(const BlindId& id) {
  return db_->Write([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st = c.Prepare("DELETE FROM records WHERE id = ?1");
    if (!st) return std::move(st).error();
    Result<int64_t> n = (*st)->Bind(1, id.view()).Run();
    if (!n) return std::move(n).error();
    return OkStatus();
  });
}

Result<bool> SqliteRecordIndex::Contains(const BlindId& id) {
  return Exists("SELECT 1 FROM records WHERE id = ?1", id.view());
}

Result<bool> SqliteRecordIndex::References(const BlobDigest& digest) {
  return Exists("SELECT 1 FROM records WHERE blob_digest = ?1 LIMIT 1", ByteView(digest));
}

Result<bool> SqliteRecordIndex::Exists(const char* sql, ByteView key) {
  bool found = false;
  Status s = db_->Read([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st = c.Prepare(sql);
    if (!st) return std::move(st).error();
    Result<bool> row = (*st)->Bind(1, key).Step();
    if (!row) return std::move(row).error();
    found = *row;
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return found;
}

Status SqliteRecordIndex::Swap(const BlindId& id, const std::optional<ByteView>& expected,
                               const RecordRow& desired) {
  return db_->Write([&](Conn& c) -> Status {
    Result<std::optional<RecordRow>> cur = FindRow(c, id);
    if (!cur) return std::move(cur).error();
    bool match = expected ? (cur->has_value() && RowMatches(**cur, *expected)) : !cur->has_value();
    if (!match) return Conflict("record changed concurrently");
    return UpsertRow(c, id, desired);
  });
}

Status SqliteRecordIndex::Ping() {
  return db_->Read([](Conn& c) { return c.Exec("SELECT 1"); });
}

Status SqliteAuditChainStore::Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) {
  Status ok = CheckAppend(limits_, entry);
  if (!ok) return ok;
  return db_->Write([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> head =
        c.Prepare("SELECT max(seq) FROM audit_entries WHERE chain = ?1");
    if (!head) return std::move(head).error();
    Result<bool> row = (*head)->Bind(1, chain.view()).Step();
    if (!row) return std::move(row).error();
    uint64_t next = (*head)->IsNull(0) ? 0 : static_cast<uint64_t>((*head)->Int(0)) + 1;
    head->reset();
    if (expected_seq < next) return Conflict("audit sequence number already taken");
    if (expected_seq > next) return FailedPrecondition("audit sequence number leaves a gap");
    Result<std::unique_ptr<Stmt>> ins =
        c.Prepare("INSERT INTO audit_entries (chain, seq, entry) VALUES (?1, ?2, ?3)");
    if (!ins) return std::move(ins).error();
    (*ins)->Bind(1, chain.view()).Bind(2, static_cast<int64_t>(expected_seq)).Bind(3, entry);
    Result<int64_t> n = (*ins)->Run();
    if (!n) return std::move(n).error();
    return OkStatus();
  });
}

Result<std::vector<AuditEntry>> SqliteAuditChainStore::Read(const BlindId& chain, uint64_t from_seq,
                                                            size_t limit) {
  Status ok = CheckRead(limits_, limit);
  if (!ok) return std::move(ok).error();
  if (from_seq > static_cast<uint64_t>(INT64_MAX)) return std::vector<AuditEntry>();
  return Query(
      "SELECT seq, entry FROM audit_entries WHERE chain = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3",
      chain, static_cast<int64_t>(from_seq), static_cast<int64_t>(limit));
}

Result<std::optional<AuditEntry>> SqliteAuditChainStore::Head(const BlindId& chain) {
  Result<std::vector<AuditEntry>> r = Query(
      "SELECT seq, entry FROM audit_entries WHERE chain = ?1 AND seq >= ?2 "
      "ORDER BY seq DESC LIMIT ?3",
      chain, 0, 1);
  if (!r) return std::move(r).error();
  if (r->empty()) return std::optional<AuditEntry>();
  return std::optional<AuditEntry>(std::move(r->front()));
}

Result<std::vector<AuditEntry>> SqliteAuditChainStore::Query(const char* sql, const BlindId& chain,
                                                             int64_t from, int64_t limit) {
  std::vector<AuditEntry> out;
  Status s = db_->Read([&](Conn& c) -> Status {
    Result<std::unique_ptr<Stmt>> st = c.Prepare(sql);
    if (!st) return std::move(st).error();
    (*st)->Bind(1, chain.view()).Bind(2, from).Bind(3, limit);
    for (;;) {
      Result<bool> row = (*st)->Step();
      if (!row) return std::move(row).error();
      if (!*row) return OkStatus();
      out.push_back({static_cast<uint64_t>((*st)->Int(0)), (*st)->Blob(1)});
    }
  });
  if (!s) return std::move(s).error();
  return out;
}

Status SqliteAuditChainStore::Ping() {
  return db_->Read([](Conn& c) { return c.Exec("SELECT 1"); });
}

}  // namespace signet::storage::embedded
