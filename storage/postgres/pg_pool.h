#pragma once

// PgPool: a fixed-size pool of libpqxx connections with named prepared statements, bounded
// waits and automatic reconnection. The only place (with the stores) that touches libpqxx; its
// exceptions are caught here and turned into Errors.

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
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

// SocketWatchdog shuts down the socket of a call that outlives its deadline. statement_timeout
// is enforced by the server, so a hung server (stopped, partitioned) would otherwise block a
// caller forever: libpq has no client-side query timeout. Thread-safe.
class SocketWatchdog {
 public:
  SocketWatchdog();
  ~SocketWatchdog();
  SocketWatchdog(const SocketWatchdog&) = delete;
  SocketWatchdog& operator=(const SocketWatchdog&) = delete;

  // Arm watches `fd` until Disarm(ticket); past `deadline` the socket is shut down, which makes
  // the blocked libpq call fail (broken connection -> kUnavailable).
  uint64_t Arm(int fd, std::chrono::steady_clock::time_point deadline);
  void Disarm(uint64_t ticket);

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, std::pair<int, std::chrono::steady_clock::time_point>> armed_;  // mu_
  uint64_t next_ = 0;  // guarded by mu_
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
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
  // Call runs `fn` and maps pqxx exceptions; *drop says the connection must be discarded.
  static Status Call(pqxx::connection& conn, const std::function<Status(pqxx::connection&)>& fn,
                     bool* retry, bool* drop);
  // Deadline is when the watchdog cuts a call that started now.
  std::chrono::steady_clock::time_point Deadline() const;

  crypto::SecretBytes conninfo_;
  const Duration acquire_timeout_;
  const Duration statement_timeout_;
  const int max_retries_;
  const std::vector<Statement> statements_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<Slot*> idle_;  // guarded by mu_
  SocketWatchdog watchdog_;
};

// Bin wraps bytes as a binary (bytea) statement parameter.
pqxx::binarystring Bin(ByteView b);
// FieldBytes decodes a bytea field.
Bytes FieldBytes(const pqxx::field& f);

}  // namespace signet::storage::postgres
