#pragma once

// PgPool: a fixed-size pool of libpqxx connections with named prepared statements, bounded
// waits and automatic reconnection. The only place (with the stores) that touches libpqxx; its
// exceptions are caught here and turned into Errors.

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "storage/postgres/postgres_storage.h"

namespace signet::storage::postgres {

// Statement is one named prepared statement, prepared on every connection.
struct Statement {
  const char* name;
  const char* sql;
};

// PgPool is thread-safe.
class PgPool {
 public:
  // Create copies the options; no connection is made until first use.
  static std::shared_ptr<PgPool> Create(const PgOptions& options,
                                        std::vector<Statement> statements);
  ~PgPool();

  // Run calls `fn` with a connected connection. pqxx exceptions are mapped: broken connection,
  // timeouts, shutdown -> kUnavailable (and the connection is dropped); serialization failure
  // or deadlock -> retried up to max_retries, then kUnavailable; unique violation -> kConflict.
  Status Run(const std::function<Status(pqxx::connection&)>& fn);

 private:
  struct Slot {
    std::unique_ptr<pqxx::connection> conn;
  };
  PgPool(const PgOptions& options, std::vector<Statement> statements);
  Result<Slot*> Acquire();
  void Release(Slot* slot);
  Status Connect(Slot& slot);
  // Attempt runs `fn` once, mapping exceptions; *retry says whether running again may help.
  Status Attempt(Slot& slot, const std::function<Status(pqxx::connection&)>& fn, bool* retry);

  crypto::SecretBytes conninfo_;
  const Duration acquire_timeout_;
  const Duration statement_timeout_;
  const int max_retries_;
  const std::vector<Statement> statements_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> idle_;  // guarded by mu_
};

// Bin wraps bytes as a binary (bytea) statement parameter.
pqxx::binarystring Bin(ByteView b);
// FieldBytes decodes a bytea field.
Bytes FieldBytes(const pqxx::field& f);

}  // namespace signet::storage::postgres
