#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>

namespace signet {
namespace {

TEST(WorkerPoolTest, RunsEverySubmittedTask) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(4, 1000);
    for (int i = 0; i < 500; ++i) {
      WorkerPool::Task t = [&done] { ++done; };
      ASSERT_TRUE(pool.TrySubmit(t));
    }
  }  // destructor drains the queue
  EXPECT_EQ(done.load(), 500);
}

TEST(WorkerPoolTest, RefusesWhenQueueIsFull) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  WorkerPool::Task blocker = [&started, gate] {
    started.set_value();
    gate.wait();
  };
  ASSERT_TRUE(pool.TrySubmit(blocker));
  started.get_future().wait();  // the only worker is now busy
  WorkerPool::Task a = [] {};
  WorkerPool::Task b = [] {};
  WorkerPool::Task c = [] {};
  EXPECT_TRUE(pool.TrySubmit(a));
  EXPECT_TRUE(pool.TrySubmit(b));
  EXPECT_FALSE(pool.TrySubmit(c));
  EXPECT_TRUE(static_cast<bool>(c)) << "a refused task is left with the caller";
  EXPECT_EQ(pool.queued(), 2u);
  EXPECT_EQ(pool.busy(), 1u);
  release.set_value();
}

TEST(WorkerPoolTest, AcceptsMoveOnlyTasks) {
  WorkerPool pool(1, 4);
  auto value = std::make_unique<int>(41);
  std::promise<int> result;
  WorkerPool::Task t = [v = std::move(value), &result] { result.set_value(*v + 1); };
  ASSERT_TRUE(pool.TrySubmit(t));
  EXPECT_EQ(result.get_future().get(), 42);
}

TEST(WorkerPoolTest, RefusesAfterShutdown) {
  WorkerPool pool(2, 4);
  pool.Shutdown();
  pool.Shutdown();  // idempotent
  WorkerPool::Task t = [] {};
  EXPECT_FALSE(pool.TrySubmit(t));
}

}  // namespace
}  // namespace signet
