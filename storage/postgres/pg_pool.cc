#include "storage/postgres/pg_pool.h"

#include <sys/socket.h>

#include <chrono>
#include <string_view>

#include "base/log.h"

namespace signet::storage::postgres {
namespace {

// WithTimeouts appends client-side timeouts to a key=value or URI connection string.
std::string WithTimeouts(std::string_view dsn, Duration connect_timeout) {
  auto secs = std::max<int64_t>(
      2, std::chrono::duration_cast<std::chrono::seconds>(connect_timeout).count());
  std::string params = "connect_timeout=" + std::to_string(secs) +
                       " keepalives=1 keepalives_idle=5 keepalives_interval=2 keepalives_count=2";
  std::string out(dsn);
  if (dsn.starts_with("postgres://") || dsn.starts_with("postgresql://")) {
    std::string q = params;
    for (char& c : q) c = c == ' ' ? '&' : c;
    out += (dsn.find('?') == std::string_view::npos ? "?" : "&") + q;
  } else {
    out += " " + params;
  }
  return out;
}

bool IsUnavailableState(const std::string& state) {
  // 08: connection exception; 57: operator intervention (incl. 57014 statement timeout,
  // 57P01 admin shutdown); 53: insufficient resources; 55P03: lock not available.
  return state.starts_with("08") || state.starts_with("57") || state.starts_with("53") ||
         state == "55P03";
}

}  // namespace

pqxx::binarystring Bin(ByteView b) { return {b.data(), b.size()}; }

Bytes FieldBytes(const pqxx::field& f) {
  pqxx::binarystring bs(f);
  return {bs.data(), bs.data() + bs.size()};
}

SocketWatchdog::SocketWatchdog() : thread_([this] { Loop(); }) {}

SocketWatchdog::~SocketWatchdog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

uint64_t SocketWatchdog::Arm(int fd, std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  armed_[++next_] = {fd, deadline};
  cv_.notify_all();
  return next_;
}

void SocketWatchdog::Disarm(uint64_t ticket) {
  std::lock_guard lock(mu_);
  armed_.erase(ticket);
}

void SocketWatchdog::Loop() {
  std::unique_lock lock(mu_);
  while (!stop_) {
    auto now = std::chrono::steady_clock::now();
    auto next_check = now + std::chrono::seconds(1);
    for (auto it = armed_.begin(); it != armed_.end();) {
      if (it->second.second <= now) {
        ::shutdown(it->second.first, SHUT_RDWR);  // under mu_: the fd is still the caller's
        it = armed_.erase(it);
      } else {
        next_check = std::min(next_check, it->second.second);
        ++it;
      }
    }
    cv_.wait_until(lock, next_check);
  }
}

std::chrono::steady_clock::time_point PgPool::Deadline() const {
  return std::chrono::steady_clock::now() + 2 * statement_timeout_ + std::chrono::seconds(1);
}

std::shared_ptr<PgPool> PgPool::Create(const PgOptions& options,
                                       std::vector<Statement> statements) {
  return std::shared_ptr<PgPool>(new PgPool(options, std::move(statements)));
}

PgPool::PgPool(const PgOptions& o, std::vector<Statement> statements)
    : acquire_timeout_(o.acquire_timeout),
      statement_timeout_(o.statement_timeout),
      max_retries_(o.max_retries),
      statements_(std::move(statements)) {
  std::string conninfo =
      WithTimeouts(AsStringView(o.dsn.Reveal(crypto::SecretAccess::Get())), o.connect_timeout);
  conninfo_ = crypto::SecretBytes::CopyFrom(AsBytes(conninfo));
  crypto::SecureWipe(conninfo.data(), conninfo.size());
  for (size_t i = 0; i < std::max<size_t>(o.pool_size, 1); ++i) {
    slots_.push_back(std::make_unique<Slot>());
    idle_.push_back(slots_.back().get());
  }
}

PgPool::~PgPool() = default;

Result<PgPool::Slot*> PgPool::Acquire() {
  std::unique_lock lock(mu_);
  if (!cv_.wait_for(lock, acquire_timeout_, [this] { return !idle_.empty(); })) {
    return Unavailable("database is busy", "no pooled connection became free in time");
  }
  Slot* s = idle_.back();
  idle_.pop_back();
  return s;
}

void PgPool::Release(Slot* slot) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(slot);
  }
  cv_.notify_one();
}

Status PgPool::Connect(Slot& slot) {
  // The connection string is materialised only for the libpq call and wiped right after.
  std::string conninfo(AsStringView(conninfo_.Reveal(crypto::SecretAccess::Get())));
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo);  // bounded by connect_timeout
    crypto::SecureWipe(conninfo.data(), conninfo.size());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(statement_timeout_).count();
    uint64_t ticket = watchdog_.Arm(conn->sock(), Deadline());
    try {
      pqxx::nontransaction tx(*conn);
      tx.exec("SET statement_timeout = " + std::to_string(ms));
      tx.exec("SET lock_timeout = " + std::to_string(ms));
      tx.commit();
      for (const Statement& s : statements_) conn->prepare(s.name, s.sql);
    } catch (...) {
      watchdog_.Disarm(ticket);
      throw;
    }
    watchdog_.Disarm(ticket);
    slot.conn = std::move(conn);
    return OkStatus();
  } catch (const std::exception& e) {
    crypto::SecureWipe(conninfo.data(), conninfo.size());
    // libpq messages name host and port but never the password; log only the class of error.
    return Unavailable("database is unavailable", "connect failed");
  }
}

Status PgPool::Run(const std::function<Status(pqxx::connection&)>& fn) {
  Result<Slot*> acquired = Acquire();
  if (!acquired) return std::move(acquired).error();
  Slot& slot = **acquired;
  Status result = Unavailable("database is unavailable");
  bool reconnected = false;
  for (int attempt = 0; attempt <= max_retries_; ++attempt) {
    if (!slot.conn || !slot.conn->is_open()) {
      slot.conn.reset();
      result = Connect(slot);
      if (!result) break;
      reconnected = true;
    }
    bool retry = false;
    result = Attempt(slot, fn, &retry);
    // A pooled connection that died while idle (server restart) is replaced once: its
    // transaction never committed, so running it again on a fresh connection is safe.
    if (!result && !slot.conn && !reconnected && retry) continue;
    if (!retry) break;
  }
  Release(&slot);
  return result;
}

Status PgPool::Attempt(Slot& slot, const std::function<Status(pqxx::connection&)>& fn,
                       bool* retry) {
  // The watchdog is disarmed before a broken connection is closed, so it never touches an fd
  // that is no longer ours.
  uint64_t ticket = watchdog_.Arm(slot.conn->sock(), Deadline());
  bool drop = false;
  Status result = Call(*slot.conn, fn, retry, &drop);
  watchdog_.Disarm(ticket);
  if (drop) slot.conn.reset();
  return result;
}

Status PgPool::Call(pqxx::connection& conn, const std::function<Status(pqxx::connection&)>& fn,
                    bool* retry, bool* drop) {
  *retry = false;
  try {
    return fn(conn);
  } catch (const pqxx::broken_connection& e) {
    *drop = true;
    *retry = true;
    return Unavailable("database is unavailable", e.what());
  } catch (const pqxx::in_doubt_error& e) {
    *drop = true;
    return Unavailable("database is unavailable; the write may or may not have happened", e.what());
  } catch (const pqxx::transaction_rollback& e) {
    *retry = true;  // serialization failure or deadlock: run the transaction again
    return Unavailable("database is contended", e.what());
  } catch (const pqxx::unique_violation& e) {
    return Conflict("a concurrent writer won");
  } catch (const pqxx::sql_error& e) {
    if (!IsUnavailableState(e.sqlstate())) return Internal("database error", e.what());
    *drop = true;
    return Unavailable("database is unavailable", e.what());
  } catch (const std::exception& e) {
    *drop = true;
    return Unavailable("database is unavailable", e.what());
  }
}

}  // namespace signet::storage::postgres
