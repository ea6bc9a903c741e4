#pragma once

// The embedded backend, Signet's zero-setup default (ARCHITECTURE.md §5.1): one SQLite database
// (WAL, synchronous=FULL, see sqlite_db.h) for record rows, audit chains and state, plus a blob
// directory for large values, both under the data directory:
//
//   <data_dir>/signet.db (+ -wal, -shm)   records, audit_entries, state_entries, schema_migrations
//   <data_dir>/blobs/<xx>/<sha256 hex>     content-addressed blobs
//
// Survives kill -9 at any point: an acknowledged write is durable and nothing is half-written
// (tested by storage/embedded/crash_test.cc). Several processes may open the same data dir.

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/result.h"
#include "storage/server_view.h"
#include "storage/storage.h"

namespace signet::storage::embedded {

// EmbeddedOptions configures the embedded backend.
struct EmbeddedOptions {
  std::string data_dir;        // created if missing (mode 0700)
  RecordLimits record_limits;  // inline_max, max_record_size
  AuditLimits audit_limits;
  StateLimits state_limits;
  size_t connections = 16;                          // SQLite connection pool size
  Duration busy_timeout = std::chrono::seconds(5);  // wait for the write lock, then kUnavailable
  bool auto_migrate = true;                         // apply pending migrations on open
  const Clock* clock = &SystemClock::Default();     // for TTLs and the sweeper; must outlive
};

// MigrateEmbedded applies pending SQLite migrations (each in its own transaction, recorded in
// schema_migrations) and returns how many were applied. kFailedPrecondition if an applied
// migration changed or the database is newer than this binary.
Result<int> MigrateEmbedded(const EmbeddedOptions& options);

// OpenEmbeddedStorage opens (creating) the data dir. Without auto_migrate, a database with
// pending migrations is kFailedPrecondition ("run signet migrate").
Result<std::unique_ptr<Storage>> OpenEmbeddedStorage(const EmbeddedOptions& options);

}  // namespace signet::storage::embedded

namespace signet::storage::embedded {

// DumpServerView returns every row of every table in the embedded database and every blob file
// (read-only; for tests that check what the server can see).
Result<ServerView> DumpServerView(const EmbeddedOptions& options);

}  // namespace signet::storage::embedded
