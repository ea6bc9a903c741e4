#pragma once

// Dispatcher: delivers the webhook outbox (notify/outbox.h) to the approver's endpoint.
//
// Each RunOnce (the DispatcherThread calls it in a loop; tests call it directly with a fake
// HttpSender and a FakeClock):
//   1. applies finished deliveries: 2xx deletes the row; a failure records it (attempts + 1,
//      next attempt after BackoffDelay or the receiver's longer Retry-After), and a row that
//      has used `max_attempts` — or got a permanent failure (410 Gone, a target the SSRF guard
//      refuses) — moves to the dead-letter namespace;
//   2. every `expire_interval`, asks the approval service to expire requests past their
//      deadline (DENY, audited);
//   3. scans due rows oldest first and claims each with a CompareAndSwap lease (so dispatchers
//      on several replicas do not deliver the same row at once), skipping endpoints whose circuit
//      breaker is open, up to `max_in_flight` concurrent deliveries;
//   4. signs each attempt (Standard Webhooks: same webhook-id on every attempt, fresh timestamp,
//      one signature per active secret) and hands it to the HttpSender.
// Delivery is at-least-once: a lease that runs out (crashed dispatcher) lets another claim the
// row; receivers deduplicate on webhook-id.
//
// Thread safety: RunOnce must be called from one thread at a time; completions may arrive on any
// thread. The store, KEK, clock and sender must outlive the dispatcher; shut the sender down
// before destroying the dispatcher.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "notify/approvals.h"
#include "notify/backoff.h"
#include "notify/http_sender.h"
#include "notify/outbox.h"
#include "notify/signing.h"
#include "storage/state_store.h"

namespace signet::notify {

// DispatcherOptions tunes delivery (config keys notify.*).
struct DispatcherOptions {
  int max_attempts = 8;
  Millis initial_backoff{1'000};
  Millis max_backoff{300'000};
  Millis request_timeout{10'000};
  Millis lease{30'000};  // must exceed request_timeout
  size_t max_in_flight = 64;
  size_t scan_batch = 200;
  Millis idle_poll{1'000};        // longest sleep between scans (rows from other replicas)
  Millis expire_interval{1'000};  // how often to expire requests past their deadline
  std::chrono::seconds dead_letter_retention{7 * 86'400};
  BreakerOptions breaker;
};

// DispatcherStats counts what happened (monotonic totals, plus the current in-flight count).
struct DispatcherStats {
  uint64_t delivered = 0;
  uint64_t failed_attempts = 0;
  uint64_t dead_lettered = 0;
  uint64_t breaker_skips = 0;
  uint64_t claim_conflicts = 0;
  size_t in_flight = 0;
};

class Dispatcher {
 public:
  // `secrets` are the active signing secrets, newest first (1, or 2 during rotation; none when
  // no webhook is configured: the dispatcher then only expires requests, and a row found anyway
  // is dead-lettered unsigned rather than sent).
  // `approvals` (may be null) is used to expire requests past their deadline.
  static Result<std::unique_ptr<Dispatcher>> Create(
      storage::StateStore& state, const vault::Kek& kek, const Clock& clock, HttpSender& sender,
      std::vector<WebhookSecret> secrets, DispatcherOptions options, ApprovalService* approvals);

  // RunOnce does one round (see the file comment) and returns how long the caller may sleep
  // before the next round (shortened by Wake).
  Millis RunOnce();
  // SetWake installs a function called when a completion arrives (the thread's wake-up).
  void SetWake(std::function<void()> wake);
  DispatcherStats stats() const;
  // BreakerState reports the breaker of an endpoint key ("host:port").
  CircuitBreaker::State BreakerState(const std::string& endpoint);

 private:
  struct Done {
    OutboxRow row;  // the row as claimed
    Bytes claimed;  // its stored bytes (for CompareAndSwap)
    std::string endpoint;
    Result<HttpReply> reply;
  };
  Dispatcher(storage::StateStore& state, const vault::Kek& kek, const Clock& clock,
             HttpSender& sender, std::vector<WebhookSecret> secrets, DispatcherOptions options,
             ApprovalService* approvals);

  void ApplyCompletions();
  void Apply(Done done);
  void Reschedule(const Done& done, const std::string& error, std::optional<int> retry_after);
  void DeadLetter(const Done& done, const std::string& error);
  Millis ClaimAndSend();
  bool TryClaim(const storage::StateEntry& entry, int64_t now_ms, Millis* next_due);
  void Send(OutboxRow row, Bytes claimed, OutboxContent content, std::string endpoint);
  int64_t NowMs() const;

  storage::StateStore& state_;
  const vault::Kek& kek_;
  const Clock& clock_;
  HttpSender& sender_;
  std::vector<WebhookSecret> secrets_;
  DispatcherOptions options_;
  ApprovalService* approvals_;
  BreakerSet breakers_;
  std::string owner_;  // this dispatcher's lease id
  std::string cursor_;
  int64_t last_expire_ms_ = 0;

  mutable std::mutex mu_;  // guards done_, wake_, stats_
  std::deque<Done> done_;
  std::function<void()> wake_;
  DispatcherStats stats_;
  std::atomic<size_t> in_flight_{0};
};

// DispatcherThread runs a Dispatcher on its own thread until destroyed. Wake() starts the next
// round at once (after Submit wrote a row, or when a delivery finished).
class DispatcherThread {
 public:
  explicit DispatcherThread(Dispatcher& dispatcher);
  ~DispatcherThread();
  DispatcherThread(const DispatcherThread&) = delete;
  DispatcherThread& operator=(const DispatcherThread&) = delete;
  void Wake();

 private:
  void Loop();
  Dispatcher& dispatcher_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wake_ = false;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace signet::notify
