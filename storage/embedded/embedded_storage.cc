#include "storage/embedded/embedded_storage.h"

#include <filesystem>

#include "storage/embedded/file_blob_store.h"
#include "storage/embedded/sqlite_stores.h"
#include "storage/migrations.h"

namespace signet::storage::embedded {
namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, checksum TEXT NOT NULL, applied_ms INTEGER NOT NULL)";

Result<std::shared_ptr<SqliteDb>> OpenDb(const EmbeddedOptions& o) {
  if (o.data_dir.empty()) return InvalidArgument("embedded storage needs a data_dir");
  std::error_code ec;
  std::filesystem::create_directories(o.data_dir, ec);
  if (ec) return Unavailable("cannot create the data directory", ec.message());
  std::filesystem::permissions(o.data_dir, std::filesystem::perms::owner_all, ec);
  return SqliteDb::Open(o.data_dir + "/signet.db", o.connections, o.busy_timeout);
}

Result<std::vector<AppliedMigration>> ReadApplied(Conn& c) {
  Status s = c.Exec(kCreateMigrationsTable);
  if (!s) return std::move(s).error();
  Result<std::unique_ptr<Stmt>> st = c.Prepare("SELECT version, checksum FROM schema_migrations");
  if (!st) return std::move(st).error();
  std::vector<AppliedMigration> out;
  for (;;) {
    Result<bool> row = (*st)->Step();
    if (!row) return std::move(row).error();
    if (!*row) return out;
    out.push_back({(*st)->Int(0), (*st)->Text(1)});
  }
}

// Pending returns the migrations still to apply to `db`.
Result<std::vector<Migration>> Pending(SqliteDb& db) {
  Result<std::vector<Migration>> known = EmbeddedMigrations(Dialect::kSqlite);
  if (!known) return std::move(known).error();
  std::vector<Migration> pending;
  Status s = db.Write([&](Conn& c) -> Status {
    Result<std::vector<AppliedMigration>> applied = ReadApplied(c);
    if (!applied) return std::move(applied).error();
    Result<std::vector<Migration>> plan = PlanMigrations(*known, *applied);
    if (!plan) return std::move(plan).error();
    pending = std::move(*plan);
    return OkStatus();
  });
  if (!s) return std::move(s).error();
  return pending;
}

// Apply runs each pending migration in its own transaction, re-checking under the write lock so
// two processes migrating at once apply each script exactly once.
Result<int> Apply(SqliteDb& db, const Clock& clock) {
  Result<std::vector<Migration>> pending = Pending(db);
  if (!pending) return std::move(pending).error();
  int applied = 0;
  for (const Migration& m : *pending) {
    Status s = db.Write([&](Conn& c) -> Status {
      Result<std::unique_ptr<Stmt>> done =
          c.Prepare("SELECT 1 FROM schema_migrations WHERE version = ?1");
      if (!done) return std::move(done).error();
      Result<bool> row = (*done)->Bind(1, m.version).Step();
      if (!row) return std::move(row).error();
      if (*row) return OkStatus();
      done->reset();
      Status e = c.Exec(m.sql);
      if (!e) return e;
      Result<std::unique_ptr<Stmt>> ins = c.Prepare(
          "INSERT INTO schema_migrations (version, name, checksum, applied_ms) "
          "VALUES (?1, ?2, ?3, ?4)");
      if (!ins) return std::move(ins).error();
      (*ins)->Bind(1, m.version).Bind(2, m.name).Bind(3, m.checksum);
      Result<int64_t> n = (*ins)->Bind(4, UnixMillis(clock.Now())).Run();
      if (!n) return std::move(n).error();
      ++applied;
      return OkStatus();
    });
    if (!s) return s.error().WithContext(m.name);
  }
  return applied;
}

}  // namespace

Result<int> MigrateEmbedded(const EmbeddedOptions& options) {
  Result<std::shared_ptr<SqliteDb>> db = OpenDb(options);
  if (!db) return std::move(db).error();
  return Apply(**db, *options.clock);
}

Result<std::unique_ptr<Storage>> OpenEmbeddedStorage(const EmbeddedOptions& options) {
  Result<std::shared_ptr<SqliteDb>> db = OpenDb(options);
  if (!db) return std::move(db).error();
  if (options.auto_migrate) {
    Result<int> applied = Apply(**db, *options.clock);
    if (!applied) return std::move(applied).error();
  } else {
    Result<std::vector<Migration>> pending = Pending(**db);
    if (!pending) return std::move(pending).error();
    if (!pending->empty()) {
      return FailedPrecondition("the embedded database needs migrations: run `signet migrate`");
    }
  }
  FileBlobOptions blob_options{options.data_dir + "/blobs", options.record_limits.max_record_size};
  Result<std::shared_ptr<BlobStore>> blobs = OpenFileBlobStore(blob_options);
  if (!blobs) return std::move(blobs).error();
  auto records = std::make_shared<BlobBackedRecordStore>(
      std::make_shared<SqliteRecordIndex>(*db), *blobs, options.record_limits, *options.clock);
  auto audit = std::make_shared<SqliteAuditChainStore>(*db, options.audit_limits);
  auto state = std::make_shared<SqliteStateStore>(*db, options.state_limits, *options.clock);
  return std::make_unique<Storage>(records, *blobs, audit, state);
}

}  // namespace signet::storage::embedded
