#pragma once

// The Postgres-backed stores of the hosted backend (internal to storage/postgres/).

#include <memory>

#include "storage/audit_chain_store.h"
#include "storage/postgres/pg_pool.h"
#include "storage/record_index.h"
#include "storage/state_store.h"

namespace signet::storage::postgres {

// Statements returns every named statement the stores use (prepared on each connection).
std::vector<Statement> Statements();

// PgRecordIndex keeps record rows in `records`; Swap locks the row (SELECT ... FOR UPDATE) or,
// for an absent row, relies on INSERT ... ON CONFLICT DO NOTHING.
class PgRecordIndex final : public RecordIndex {
 public:
  explicit PgRecordIndex(std::shared_ptr<PgPool> pool) : pool_(std::move(pool)) {}
  Status Upsert(const BlindId& id, const RecordRow& row) override;
  Result<std::optional<RecordRow>> Find(const BlindId& id) override;
  Status Remove(const BlindId& id) override;
  Result<bool> Contains(const BlindId& id) override;
  Status Swap(const BlindId& id, const std::optional<ByteView>& expected,
              const RecordRow& desired) override;
  Result<bool> References(const BlobDigest& digest) override;
  Status Ping() override;

 private:
  Result<bool> Exists(const char* statement, ByteView key);
  std::shared_ptr<PgPool> pool_;
};

// PgAuditChainStore appends with one INSERT that requires entry seq-1 to exist and relies on
// the (chain, seq) primary key, so concurrent appenders can neither fork nor leave a gap.
class PgAuditChainStore final : public AuditChainStore {
 public:
  PgAuditChainStore(std::shared_ptr<PgPool> pool, AuditLimits limits)
      : pool_(std::move(pool)), limits_(limits) {}
  Status Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) override;
  Result<std::vector<AuditEntry>> Read(const BlindId& chain, uint64_t from_seq,
                                       size_t limit) override;
  Result<std::optional<AuditEntry>> Head(const BlindId& chain) override;
  Status Ping() override;

 private:
  std::shared_ptr<PgPool> pool_;
  const AuditLimits limits_;
};

// PgStateStore keeps state in `state_entries`; expiry is compared with the application's clock
// (passed as a parameter), never with the database's now().
class PgStateStore final : public StateStore {
 public:
  PgStateStore(std::shared_ptr<PgPool> pool, StateLimits limits, const Clock& clock)
      : pool_(std::move(pool)), limits_(limits), clock_(clock) {}
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
  std::shared_ptr<PgPool> pool_;
  const StateLimits limits_;
  const Clock& clock_;
};

// PingPool runs SELECT 1.
Status PingPool(PgPool& pool);

}  // namespace signet::storage::postgres
