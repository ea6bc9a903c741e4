#include "storage/embedded/sqlite_db.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>

#include "base/log.h"

namespace signet::storage::embedded {

Error SqliteError(int rc, std::string_view what, sqlite3* db) {
  std::string detail = std::string(what) + ": " + sqlite3_errstr(rc);
  if (db != nullptr) detail += std::string(" (") + sqlite3_errmsg(db) + ")";
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return Unavailable("embedded database is unavailable", detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return {ErrorCode::kDataLoss, "embedded database is corrupt", detail};
    case SQLITE_CONSTRAINT:
      return {ErrorCode::kConflict, "constraint violated", detail};
    default:
      return Internal("embedded database error", detail);
  }
}

Stmt::~Stmt() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Stmt& Stmt::Bind(int i, ByteView b) {
  // A zero-length blob must still bind as a blob, not NULL.
  static const uint8_t kEmpty = 0;
  const void* p = b.empty() ? &kEmpty : b.data();
  int rc = sqlite3_bind_blob64(s_, i, p, b.size(), SQLITE_STATIC);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int i, std::string_view text) {
  int rc = sqlite3_bind_text64(s_, i, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::Bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(s_, i, v);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Stmt& Stmt::BindNull(int i) {
  int rc = sqlite3_bind_null(s_, i);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Result<bool> Stmt::Step() {
  if (bind_rc_ != SQLITE_OK) return SqliteError(bind_rc_, "bind");
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, "step", sqlite3_db_handle(s_));
}

Result<int64_t> Stmt::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row) return std::move(row).error();
    if (!*row) break;
  }
  return static_cast<int64_t>(sqlite3_changes64(sqlite3_db_handle(s_)));
}

bool Stmt::IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
int64_t Stmt::Int(int col) const { return sqlite3_column_int64(s_, col); }

Bytes Stmt::Blob(int col) const {
  const auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(s_, col));
  int n = sqlite3_column_bytes(s_, col);
  return p == nullptr ? Bytes() : Bytes(p, p + n);
}

std::string Stmt::Text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, col));
  int n = sqlite3_column_bytes(s_, col);
  return p == nullptr ? std::string() : std::string(p, static_cast<size_t>(n));
}

Conn::~Conn() {
  for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<Stmt>> Conn::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) return SqliteError(rc, "prepare", db_);
    it = cache_.emplace(sql, s).first;
  }
  return std::make_unique<Stmt>(it->second);
}

Status Conn::Exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, "exec", db_);
  return OkStatus();
}

namespace {

// ConfigureSqliteOnce turns off SQLite's memory statistics before the library initialises. They
// are on by default and put every sqlite3_malloc/free behind one process-wide mutex, which the
// connections of the pool contended for (futex calls on every MCP tool call, measured); nothing
// here reads them. sqlite3_config only works before initialisation: if something initialised
// SQLite first, the statistics stay on and only speed is lost.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK) {
      log::Warn("could not turn off SQLite memory statistics (already initialised)");
    }
  });
}

}  // namespace

Result<std::shared_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, size_t connections,
                                                 Duration busy_timeout) {
  ConfigureSqliteOnce();
  std::shared_ptr<SqliteDb> db(new SqliteDb());
  int timeout_ms =
      static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(busy_timeout).count());
  for (size_t i = 0; i < std::max<size_t>(connections, 1); ++i) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    auto conn = std::make_unique<Conn>(raw);
    if (rc != SQLITE_OK) return SqliteError(rc, "open", raw);
    sqlite3_busy_timeout(raw, timeout_ms);
    sqlite3_extended_result_codes(raw, 1);
    Status s =
        conn->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
    if (!s) return std::move(s).error();
    db->idle_.push_back(conn.get());
    db->all_.push_back(std::move(conn));
  }
  return db;
}

SqliteDb::~SqliteDb() = default;

Conn* SqliteDb::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return !idle_.empty(); });
  Conn* c = idle_.back();
  idle_.pop_back();
  return c;
}

void SqliteDb::Release(Conn* c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(c);
  }
  cv_.notify_one();
}

Status SqliteDb::Read(const std::function<Status(Conn&)>& fn) {
  Conn* c = Acquire();
  Status s = fn(*c);
  Release(c);
  return s;
}

struct SqliteDb::WriteJob {
  const std::function<Status(Conn&)>* fn;
  Status result = OkStatus();
  bool done = false;  // guarded by write_mu_
};

namespace {

// RunCallback runs a write callback; an exception becomes kInternal so that a leader running
// other threads' callbacks never unwinds past them.
Status RunCallback(const std::function<Status(Conn&)>& fn, Conn& c) {
  try {
    return fn(c);
  } catch (const std::exception& e) {
    return Error(ErrorCode::kInternal, "storage write failed", e.what());
  }
}

}  // namespace

Status SqliteDb::WriteAlone(const std::function<Status(Conn&)>& fn) {
  Conn* c = Acquire();
  Status s = c->Exec("BEGIN IMMEDIATE");
  if (s) {
    s = RunCallback(fn, *c);
    if (s) s = c->Exec("COMMIT");
    if (!s) (void)c->Exec("ROLLBACK");
  }
  Release(c);
  return s;
}

void SqliteDb::WriteBatch(const std::vector<WriteJob*>& batch) {
  if (batch.size() == 1) {
    batch[0]->result = WriteAlone(*batch[0]->fn);
    return;
  }
  Conn* c = Acquire();
  Status begun = c->Exec("BEGIN IMMEDIATE");
  if (!begun) {  // nothing ran (e.g. another process holds the write lock past busy_timeout)
    Release(c);
    for (WriteJob* job : batch) job->result = begun;
    return;
  }
  bool shared_ok = true;
  for (WriteJob* job : batch) {
    if (!c->Exec("SAVEPOINT signet_write")) {
      shared_ok = false;
      break;
    }
    job->result = RunCallback(*job->fn, *c);
    // SQLite rolls the whole transaction back on some errors (I/O, disk full): then nothing of
    // this batch is stored and every call must run again on its own.
    if (sqlite3_get_autocommit(c->raw()) != 0) {
      shared_ok = false;
      break;
    }
    const char* end =
        job->result ? "RELEASE signet_write" : "ROLLBACK TO signet_write; RELEASE signet_write";
    if (!c->Exec(end)) {
      shared_ok = false;
      break;
    }
  }
  if (shared_ok) shared_ok = c->Exec("COMMIT").ok();
  if (!shared_ok && sqlite3_get_autocommit(c->raw()) == 0) (void)c->Exec("ROLLBACK");
  Release(c);
  if (shared_ok) return;
  for (WriteJob* job : batch) job->result = WriteAlone(*job->fn);
}

Status SqliteDb::Write(const std::function<Status(Conn&)>& fn) {
  WriteJob job{&fn};
  std::unique_lock lock(write_mu_);
  write_queue_.push_back(&job);
  while (!job.done) {
    if (writing_) {
      write_cv_.wait(lock);
      continue;
    }
    // Lead: take up to kMaxWriteBatch queued calls (oldest first) and run them together.
    writing_ = true;
    const size_t n = std::min(write_queue_.size(), kMaxWriteBatch);
    std::vector<WriteJob*> batch(write_queue_.begin(), write_queue_.begin() + n);
    write_queue_.erase(write_queue_.begin(), write_queue_.begin() + n);
    lock.unlock();
    WriteBatch(batch);
    lock.lock();
    for (WriteJob* j : batch) j->done = true;
    writing_ = false;
    write_cv_.notify_all();
  }
  return job.result;
}

}  // namespace signet::storage::embedded
