#pragma once

// Migrations: forward-only, versioned SQL scripts (Flyway style: V0001__create_storage.sql) for
// Postgres and SQLite, kept in migrations/<dialect>/ and embedded into the binary at build time
// (storage/embed_migrations.cmake). Each backend applies the pending ones in order, each in its
// own transaction, and records version, name and SHA-256 checksum in schema_migrations. A
// migration that was applied and has since changed is refused: the database and the binary
// disagree about the schema and a human must look.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace signet::storage {

// Dialect selects the migration set.
enum class Dialect { kPostgres, kSqlite };

// Migration is one versioned script.
struct Migration {
  int64_t version = 0;   // from V<version>__
  std::string name;      // the file name, e.g. "V0001__create_storage.sql"
  std::string_view sql;  // the script (static storage)
  std::string checksum;  // lowercase hex SHA-256 of the script
};

// AppliedMigration is one row of schema_migrations.
struct AppliedMigration {
  int64_t version = 0;
  std::string checksum;
};

// EmbeddedMigrations returns the scripts built into this binary for `dialect`, ordered by
// version. Fails if a file name is malformed or two files share a version.
Result<std::vector<Migration>> EmbeddedMigrations(Dialect dialect);

// ParseMigrationVersion extracts N from "V<N>__<name>.sql" (N > 0).
Result<int64_t> ParseMigrationVersion(std::string_view file_name);

// PlanMigrations returns the migrations still to apply, in order, after checking `applied`
// against `known`: an applied version whose checksum differs, or that this binary does not know
// (a newer schema), is kFailedPrecondition.
Result<std::vector<Migration>> PlanMigrations(const std::vector<Migration>& known,
                                              const std::vector<AppliedMigration>& applied);

}  // namespace signet::storage
