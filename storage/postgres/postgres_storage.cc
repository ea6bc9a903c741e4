#include "storage/postgres/postgres_storage.h"

#include "storage/migrations.h"
#include "storage/postgres/pg_stores.h"

namespace signet::storage::postgres {
namespace {

// Any fixed key: serialises migrations across replicas (pg_advisory_xact_lock).
constexpr int64_t kMigrationLock = 0x5349474e45540001;  // "SIGNET" 0001

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version bigint PRIMARY KEY, name text NOT "
    "NULL, checksum text NOT NULL, applied_ms bigint NOT NULL)";

Result<std::vector<AppliedMigration>> ReadApplied(pqxx::work& tx) {
  tx.exec(kCreateMigrationsTable);
  std::vector<AppliedMigration> out;
  for (const pqxx::row& r : tx.exec("SELECT version, checksum FROM schema_migrations")) {
    out.push_back({r[0].as<int64_t>(), r[1].as<std::string>()});
  }
  return out;
}

// ApplyNext applies the first pending migration, if any, in one transaction under the lock.
// Sets *done when nothing is pending.
Status ApplyNext(pqxx::connection& c, const std::vector<Migration>& known, const Clock& clock,
                 bool* done, std::string* applied_name) {
  pqxx::work tx(c);
  tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
  Result<std::vector<AppliedMigration>> applied = ReadApplied(tx);
  if (!applied) return std::move(applied).error();
  Result<std::vector<Migration>> plan = PlanMigrations(known, *applied);
  if (!plan) return std::move(plan).error();
  *done = plan->empty();
  if (*done) {
    tx.commit();
    return OkStatus();
  }
  const Migration& m = plan->front();
  tx.exec(std::string(m.sql));
  tx.exec_params(
      "INSERT INTO schema_migrations (version, name, checksum, applied_ms) VALUES ($1, $2, $3, $4)",
      m.version, m.name, m.checksum, UnixMillis(clock.Now()));
  tx.commit();
  *applied_name = m.name;
  return OkStatus();
}

Result<int> Apply(PgPool& pool, const Clock& clock) {
  Result<std::vector<Migration>> known = EmbeddedMigrations(Dialect::kPostgres);
  if (!known) return std::move(known).error();
  int count = 0;
  for (;;) {
    bool done = false;
    std::string name;
    Status s =
        pool.Run([&](pqxx::connection& c) { return ApplyNext(c, *known, clock, &done, &name); });
    if (!s) return name.empty() ? std::move(s).error() : s.error().WithContext(name);
    if (done) return count;
    ++count;
  }
}

Result<bool> HasPending(PgPool& pool) {
  Result<std::vector<Migration>> known = EmbeddedMigrations(Dialect::kPostgres);
  if (!known) return std::move(known).error();
  bool pending = false;
  Status s = pool.Run([&](pqxx::connection& c) -> Status {
    pqxx::work tx(c);
    Result<std::vector<AppliedMigration>> applied = ReadApplied(tx);
    if (!applied) return std::move(applied).error();
    Result<std::vector<Migration>> plan = PlanMigrations(*known, *applied);
    if (!plan) return std::move(plan).error();
    pending = !plan->empty();
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return pending;
}

}  // namespace

Result<int> MigratePostgres(const PgOptions& options) {
  std::shared_ptr<PgPool> pool = PgPool::Create(options, {});
  return Apply(*pool, *options.clock);
}

Result<std::unique_ptr<Storage>> OpenHostedStorage(const PgOptions& options,
                                                   const std::shared_ptr<BlobStore>& blobs) {
  if (!blobs) return InvalidArgument("hosted storage needs a blob store");
  if (options.dsn.empty()) return InvalidArgument("hosted storage needs a Postgres DSN");
  if (options.auto_migrate) {
    Result<int> applied = MigratePostgres(options);
    if (!applied) return std::move(applied).error();
  }
  std::shared_ptr<PgPool> pool = PgPool::Create(options, Statements());
  if (!options.auto_migrate) {
    Result<bool> pending = HasPending(*pool);
    if (!pending) return std::move(pending).error();
    if (*pending) return FailedPrecondition("the database needs migrations: run `signet migrate`");
  }
  auto records = std::make_shared<BlobBackedRecordStore>(
      std::make_shared<PgRecordIndex>(pool), blobs, options.record_limits, *options.clock);
  auto audit = std::make_shared<PgAuditChainStore>(pool, options.audit_limits);
  auto state = std::make_shared<PgStateStore>(pool, options.state_limits, *options.clock);
  return std::make_unique<Storage>(records, blobs, audit, state);
}

}  // namespace signet::storage::postgres
