#pragma once

// The SQLite-backed stores of the embedded backend (internal to storage/embedded/).

#include <memory>

#include "storage/audit_chain_store.h"
#include "storage/embedded/sqlite_db.h"
#include "storage/record_index.h"
#include "storage/state_store.h"

namespace signet::storage::embedded {

// SqliteRecordIndex keeps record rows in the `records` table.
class SqliteRecordIndex final : public RecordIndex {
 public:
  explicit SqliteRecordIndex(std::shared_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Upsert(const BlindId& id, const RecordRow& row) override;
  Result<std::optional<RecordRow>> Find(const BlindId& id) override;
  Status Remove(const BlindId& id) override;
  Result<bool> Contains(const BlindId& id) override;
  Status Swap(const BlindId& id, const std::optional<ByteView>& expected,
              const RecordRow& desired) override;
  Result<bool> References(const BlobDigest& digest) override;
  Status Ping() override;

 private:
  Result<bool> Exists(const char* sql, ByteView key);
  std::shared_ptr<SqliteDb> db_;
};

// SqliteAuditChainStore keeps chains in `audit_entries`; appends check the head inside a write
// transaction, which SQLite serialises.
class SqliteAuditChainStore final : public AuditChainStore {
 public:
  SqliteAuditChainStore(std::shared_ptr<SqliteDb> db, AuditLimits limits)
      : db_(std::move(db)), limits_(limits) {}
  Status Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) override;
  Result<std::vector<AuditEntry>> Read(const BlindId& chain, uint64_t from_seq,
                                       size_t limit) override;
  Result<std::optional<AuditEntry>> Head(const BlindId& chain) override;
  Status Ping() override;

 private:
  Result<std::vector<AuditEntry>> Query(const char* sql, const BlindId& chain, int64_t from,
                                        int64_t limit);
  std::shared_ptr<SqliteDb> db_;
  const AuditLimits limits_;
};

// SqliteStateStore keeps state in `state_entries` with expiry from the injected clock.
class SqliteStateStore final : public StateStore {
 public:
  SqliteStateStore(std::shared_ptr<SqliteDb> db, StateLimits limits, const Clock& clock)
      : db_(std::move(db)), limits_(limits), clock_(clock) {}
  Status PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                     Duration ttl) override;
  Status Put(std::string_view ns, std::string_view key, ByteView value, Duration ttl) override;
  Status CompareAndSwap(std::string_view ns, std::string_view key,
                        const std::optional<ByteView>& expected, ByteView desired,
                        Duration ttl) override;
  Result<std::optional<Bytes>> Get(std::string_view ns, std::string_view key) override;
  Result<bool> Delete(std::string_view ns, std::string_view key) override;
  Result<std::optional<Bytes>> ConsumeOnce(std::string_view ns, std::string_view key) override;
  Status PutAllIfAbsent(std::span<const StateWrite> batch) override;
  Result<std::vector<StateEntry>> Scan(std::string_view ns, std::string_view start_key,
                                       size_t limit) override;
  Result<int64_t> Increment(std::string_view ns, std::string_view key, int64_t delta,
                            Duration ttl) override;
  Result<uint64_t> PurgeExpired() override;
  Status Ping() override;

 private:
  std::shared_ptr<SqliteDb> db_;
  const StateLimits limits_;
  const Clock& clock_;
};

}  // namespace signet::storage::embedded
