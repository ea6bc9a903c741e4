#pragma once

// WorkerPool: a fixed set of threads with a bounded queue for blocking work (storage calls,
// CPU-heavy crypto). It never grows: when the queue is full TrySubmit refuses, and the caller
// turns that into back-pressure (HTTP 503 + Retry-After) instead of unbounded memory.
//
// Thread-safe. Tasks must not throw (a throwing task aborts the process). Ownership: the pool
// owns queued tasks until they run.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/unique_function.h"

namespace signet {

class WorkerPool {
 public:
  using Task = UniqueFunction<void()>;

  // Idle is what a worker with nothing to do does before it sleeps.
  enum class Idle {
    // Sleep at once. For pools whose tasks block (storage, fsync): spinning there only takes
    // the core from threads that have work (with more runnable threads than cores, the yields
    // turned into ~1.6 extra involuntary context switches per MCP tool call, measured).
    kSleep,
    // Spin briefly (12 pause instructions, then 4 sched_yield calls) watching for a hand-off,
    // then sleep. For short CPU-bound tasks arriving back to back (/verify), where the next task
    // usually arrives within the spin and the worker does not go to sleep at all (~6 % less
    // server CPU per /verify than kSleep, measured).
    kSpinThenSleep,
  };

  // Starts `threads` workers (at least 1) with room for `max_queue` waiting tasks.
  WorkerPool(size_t threads, size_t max_queue, Idle idle = Idle::kSleep);
  // Runs every task already queued, then joins the workers.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // TrySubmit queues `task`; false (and `task` untouched) if the queue is full or the pool is
  // shutting down.
  bool TrySubmit(Task& task);
  // Shutdown stops accepting tasks, finishes the queued ones and joins. Idempotent.
  void Shutdown();

  size_t threads() const { return threads_.size(); }
  // queued returns the number of tasks waiting for a thread.
  size_t queued() const;
  // busy returns the number of tasks running now.
  size_t busy() const;

 private:
  // One per thread. An idle worker sleeps on its own wake-up flag; TrySubmit hands a task straight
  // to the most recently idle one (`task`, written under mu_ before the release), so a woken
  // worker starts at once instead of contending for the queue, and tasks queue only while every
  // worker is busy. (A shared condition variable cost about two futex calls per task here, most
  // of them lock contention inside the condition variable.)
  //
  // The wake-up is an atomic flag with the worker's own mutex and condition variable (rather
  // than std::binary_semaphore, whose libstdc++ acquire always spins with sched_yield first), so
  // the pool chooses whether to spin (Idle).
  struct Worker {
    void Wake() {
      {
        std::lock_guard<std::mutex> lock(m);
        woken.store(true, std::memory_order_release);
      }
      cv.notify_one();
    }
    void Sleep(Idle idle);
    std::mutex m;
    std::condition_variable cv;
    std::atomic<bool> woken{false};  // set under m; consumed by Sleep
    Task task;                       // the handed-over task; empty when woken by Shutdown
  };
  void Loop(Worker& me);

  const size_t max_queue_;
  const Idle idle_mode_;
  mutable std::mutex mu_;
  std::deque<Task> queue_;     // guarded by mu_
  std::vector<Worker*> idle_;  // guarded by mu_; the last one went idle last
  size_t busy_ = 0;            // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::once_flag shutdown_once_;
  std::vector<std::unique_ptr<Worker>> workers_;  // written only by the constructor
  std::vector<std::thread> threads_;              // written only by the constructor
};

}  // namespace signet
