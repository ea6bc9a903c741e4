#pragma once

// Storage selection (storage.kind): the composition root and the CLI are the only callers, so
// nothing else knows concrete backends.
//   embedded  SQLite (WAL) + a blob directory under data_dir (the default, zero set-up)
//   hosted    Postgres (rows, audit, state) + S3-compatible object storage (large values)

#include <memory>

#include "base/result.h"
#include "server/config.h"
#include "storage/storage.h"

namespace signet::server {

// OpenStorage opens the configured backend (applying pending migrations when
// storage.auto_migrate is on).
Result<std::unique_ptr<storage::Storage>> OpenStorage(const Config& config);

// MigrateStorage applies pending migrations of the configured backend and returns how many ran.
Result<int> MigrateStorage(const Config& config);

}  // namespace signet::server
