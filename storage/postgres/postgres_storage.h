#pragma once

// The hosted backend's Postgres half (ARCHITECTURE.md §5.1): record rows, audit chains and all
// small state live in Postgres, so any number of stateless replicas can share one database;
// large record values live in a BlobStore (normally s3::S3BlobStore), written before the row.
//
// Failure behaviour: every call is bounded by connect_timeout, statement_timeout and
// acquire_timeout (waiting for a pooled connection) and fails with kUnavailable when Postgres is
// down or slow. A broken connection is dropped and re-established on a later call, so the store
// recovers by itself when Postgres returns. Transactions either commit or leave nothing visible.

#include <chrono>
#include <memory>

#include "base/clock.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "storage/server_view.h"
#include "storage/storage.h"

namespace signet::storage::postgres {

// PgOptions configures the Postgres stores. Move-only because the DSN is a secret.
struct PgOptions {
  // libpq connection string ("host=... port=... user=... dbname=... password=...") or URI
  // ("postgresql://user:pass@host/db"). A secret: it is never logged or put in an error.
  crypto::SecretBytes dsn;
  size_t pool_size = 8;                                  // connections per process
  Duration connect_timeout = std::chrono::seconds(3);    // libpq connect_timeout (>= 2 s)
  Duration statement_timeout = std::chrono::seconds(5);  // server-side, per statement
  Duration acquire_timeout = std::chrono::seconds(5);    // wait for a free pooled connection
  int max_retries = 5;                                   // on serialization failure / deadlock
  bool auto_migrate = true;                              // apply pending migrations on open
  RecordLimits record_limits;
  AuditLimits audit_limits;
  StateLimits state_limits;
  const Clock* clock = &SystemClock::Default();  // TTLs, sweeper; must outlive
};

// MigratePostgres applies pending Postgres migrations (each in its own transaction under an
// advisory lock, so concurrent replicas apply each exactly once, recorded with its checksum in
// schema_migrations) and returns how many ran. kFailedPrecondition if an applied migration
// changed or the database is newer than this binary.
Result<int> MigratePostgres(const PgOptions& options);

// OpenHostedStorage returns the hosted bundle: Postgres rows + `blobs` for large values and the
// BlobStore interface. Without auto_migrate, pending migrations are kFailedPrecondition. Does
// not fail when Postgres is down at open time unless auto_migrate needs it; Ping() tells.
Result<std::unique_ptr<Storage>> OpenHostedStorage(const PgOptions& options,
                                                   const std::shared_ptr<BlobStore>& blobs);

// DumpServerView returns every row of every table in the database's public schema (bytea as
// hex), for tests that check what the server can see. Add blobs with AddBlobListing.
Result<ServerView> DumpServerView(const PgOptions& options);

}  // namespace signet::storage::postgres
