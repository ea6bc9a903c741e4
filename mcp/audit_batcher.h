#pragma once

// AuditBatcher group-commits MCP audit events into a vault's audit chain (invariant 5: every
// disclosure is audited). Each stored chain entry costs a durable write (SQLite WAL with
// synchronous=FULL: an fsync, ~4 ms on a typical VM disk) and all writers of one vault share one
// chain, so one entry per tool call would cap a vault at a few hundred calls per second. Instead
// concurrent callers share entries: Record queues the event and blocks until the entry that
// holds it is stored, like a database group commit. The first waiting caller writes the batch
// ("mcp.calls", detail = JSON array of the events); callers arriving meanwhile join the next.
//
// Fail closed: Record returns an error if the entry could not be stored, and the caller must not
// release anything. Events are JSON objects describing what was asked and disclosed - never
// values. Thread-safe; the AuditLog must outlive the batcher.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/result.h"
#include "mcp/json_rpc.h"
#include "vault/audit.h"

namespace signet::mcp {

inline constexpr std::string_view kAuditKind = "mcp.calls";

class AuditBatcher {
 public:
  static constexpr size_t kMaxBatch = 256;
  static constexpr size_t kMaxEventBytes = 2048;

  explicit AuditBatcher(vault::AuditLog& log) : log_(log) {}

  // Record stores `event` (truncated to kMaxEventBytes of JSON) in the chain and returns once it
  // is durable, or the storage error.
  Status Record(const Json& event);

 private:
  // Batch is one future chain entry and the callers waiting for it. Each batch has its own
  // condition variable, so finishing a batch wakes only its own callers (and one caller of the
  // next batch, to write it), not every blocked caller.
  struct Batch {
    std::condition_variable cv;
    bool done = false;
    Status status;
  };
  void Flush(std::unique_lock<std::mutex>& lock);

  vault::AuditLog& log_;
  std::mutex mu_;
  std::condition_variable room_cv_;   // pending_ has room again
  size_t room_waiters_ = 0;           // guarded by mu_
  std::vector<std::string> pending_;  // guarded by mu_: the events of open_
  std::shared_ptr<Batch> open_ = std::make_shared<Batch>();  // the batch pending_ will form
  bool flushing_ = false;             // a caller is writing a batch
};

}  // namespace signet::mcp
