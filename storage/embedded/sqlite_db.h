#pragma once

// SqliteDb: a small pool of SQLite connections to one database file in WAL mode, with cached
// prepared statements and write transactions that take the write lock up front (BEGIN IMMEDIATE)
// so concurrent writers queue on busy_timeout instead of failing mid-transaction.
//
// Durability: journal_mode=WAL with synchronous=FULL, so every committed transaction is fsynced
// to the WAL before COMMIT returns: an acknowledged write survives kill -9 and power loss. (NORMAL
// would survive kill -9 but may lose the last commits on power loss; the vault is worth the
// extra fsync per commit.)
//
// Group commit: concurrent Write calls of one process share a transaction. The first waiting
// writer becomes the leader and runs every queued call (up to kMaxWriteBatch), each inside its
// own SAVEPOINT (a call that fails is rolled back to it alone), then COMMITs once: one fsync for
// the batch instead of one per call, and no in-process queueing on SQLite's busy handler (which
// sleeps in steps of up to 100 ms). Every caller returns only after the COMMIT that holds its
// work, with its own status. If the shared transaction itself fails (COMMIT, a savepoint
// command, or SQLite rolling the transaction back), the leader runs each call again in its own
// transaction, exactly as without batching. A Write callback must not call Write.
//
// Thread-safe: each connection is used by one thread at a time (checked out of the pool).

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"

namespace signet::storage::embedded {

// SqliteError maps a SQLite result code to an Error (busy/locked/io -> kUnavailable, corrupt ->
// kDataLoss, constraint -> kConflict, anything else kInternal).
Error SqliteError(int rc, std::string_view what, sqlite3* db = nullptr);

// Stmt is a prepared statement borrowed from a connection's cache; reset when it goes out of
// scope. Bind indexes start at 1 as in SQLite.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int i, ByteView b);
  Stmt& Bind(int i, std::string_view text);
  Stmt& Bind(int i, int64_t v);
  Stmt& BindNull(int i);
  // Step runs one step: true if a row is available, false when done.
  Result<bool> Step();
  // Run steps to completion and returns the number of rows changed.
  Result<int64_t> Run();

  bool IsNull(int col) const;
  int64_t Int(int col) const;
  Bytes Blob(int col) const;
  std::string Text(int col) const;

 private:
  sqlite3_stmt* s_;
  int bind_rc_ = SQLITE_OK;
};

// Conn is one connection with a statement cache.
class Conn {
 public:
  explicit Conn(sqlite3* db) : db_(db) {}
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Prepare returns the cached statement for `sql`, preparing it on first use.
  Result<std::unique_ptr<Stmt>> Prepare(const char* sql);
  // Exec runs one or more statements without results.
  Status Exec(std::string_view sql);
  sqlite3* raw() const { return db_; }

 private:
  sqlite3* db_;
  std::map<const char*, sqlite3_stmt*> cache_;
};

// SqliteDb owns the pool.
class SqliteDb {
 public:
  // Open opens (creating if needed) `path` with `connections` connections.
  static Result<std::shared_ptr<SqliteDb>> Open(const std::string& path, size_t connections,
                                                Duration busy_timeout);
  ~SqliteDb();

  // Read runs `fn` on a pooled connection without a transaction (single statements are atomic).
  Status Read(const std::function<Status(Conn&)>& fn);
  // Write runs `fn` inside BEGIN IMMEDIATE ... COMMIT (shared with concurrent calls, see above);
  // any error from `fn` rolls back what `fn` did.
  Status Write(const std::function<Status(Conn&)>& fn);

  static constexpr size_t kMaxWriteBatch = 128;

 private:
  struct WriteJob;
  SqliteDb() = default;
  Conn* Acquire();
  void Release(Conn* c);
  Status WriteAlone(const std::function<Status(Conn&)>& fn);
  void WriteBatch(const std::vector<WriteJob*>& batch);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> all_;
  std::vector<Conn*> idle_;  // guarded by mu_

  std::mutex write_mu_;
  std::condition_variable write_cv_;
  std::vector<WriteJob*> write_queue_;  // guarded by write_mu_
  bool writing_ = false;                // a leader is running a batch; guarded by write_mu_
};

}  // namespace signet::storage::embedded
