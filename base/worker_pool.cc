#include "base/worker_pool.h"

#include <algorithm>

namespace signet {

WorkerPool::WorkerPool(size_t threads, size_t max_queue, Idle idle)
    : max_queue_(max_queue), idle_mode_(idle) {
  threads = std::max<size_t>(threads, 1);
  workers_.reserve(threads);
  threads_.reserve(threads);
  idle_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) workers_.push_back(std::make_unique<Worker>());
  for (size_t i = 0; i < threads; ++i) {
    threads_.emplace_back([this, w = workers_[i].get()] { Loop(*w); });
  }
}

WorkerPool::~WorkerPool() { Shutdown(); }

void WorkerPool::Worker::Sleep(Idle idle) {
  if (idle == Idle::kSpinThenSleep) {
    for (int i = 0; i < 16; ++i) {
      if (woken.exchange(false, std::memory_order_acquire)) return;
      if (i < 12) {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
      } else {
        std::this_thread::yield();
      }
    }
  }
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock, [this] { return woken.load(std::memory_order_relaxed); });
  woken.store(false, std::memory_order_relaxed);
}

bool WorkerPool::TrySubmit(Task& task) {
  Worker* handed = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return false;
    if (!idle_.empty()) {
      handed = idle_.back();
      idle_.pop_back();
      handed->task = std::move(task);
      ++busy_;
    } else {
      if (queue_.size() >= max_queue_) return false;
      queue_.push_back(std::move(task));
    }
  }
  if (handed != nullptr) handed->Wake();
  return true;
}

void WorkerPool::Shutdown() {
  std::call_once(shutdown_once_, [this] {
    std::vector<Worker*> sleeping;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
      sleeping.swap(idle_);
    }
    for (Worker* w : sleeping) w->Wake();
    for (auto& t : threads_) t.join();
  });
}

size_t WorkerPool::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

size_t WorkerPool::busy() const {
  std::lock_guard<std::mutex> lock(mu_);
  return busy_;
}

void WorkerPool::Loop(Worker& me) {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    Task task;
    if (!queue_.empty()) {
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    } else if (stopping_) {
      return;  // drained
    } else {
      idle_.push_back(&me);
      lock.unlock();
      me.Sleep(idle_mode_);
      // Released by TrySubmit with a task (busy_ already counted), or by Shutdown without one.
      task = std::move(me.task);
      if (!task) {
        lock.lock();
        continue;
      }
    }
    if (lock.owns_lock()) lock.unlock();
    task();
    task = Task();  // the task's captures are destroyed outside the lock
    lock.lock();
    --busy_;
  }
}

}  // namespace signet
