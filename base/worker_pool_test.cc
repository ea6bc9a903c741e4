#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

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

// Tasks are handed straight to idle workers and queued only while all are busy: under many
// concurrent submitters every accepted task runs exactly once, and a refused one stays with its
// caller.
class WorkerPoolIdleTest : public ::testing::TestWithParam<WorkerPool::Idle> {};

TEST_P(WorkerPoolIdleTest, ConcurrentSubmittersLoseNoTaskAndRunNoneTwice) {
  constexpr int kSubmitters = 4;
  constexpr int kPerSubmitter = 20000;
  std::vector<std::atomic<int>> runs(kSubmitters * kPerSubmitter);
  std::vector<char> accepted(runs.size(), 0);
  {
    WorkerPool pool(3, 16, GetParam());
    std::vector<std::thread> submitters;
    for (int s = 0; s < kSubmitters; ++s) {
      submitters.emplace_back([&, s] {
        for (int i = 0; i < kPerSubmitter; ++i) {
          const size_t id = static_cast<size_t>(s * kPerSubmitter + i);
          WorkerPool::Task t = [&runs, id] { runs[id].fetch_add(1); };
          if (pool.TrySubmit(t)) {
            accepted[id] = 1;
          } else {
            ASSERT_TRUE(static_cast<bool>(t));
          }
        }
      });
    }
    for (auto& t : submitters) t.join();
  }  // drains
  size_t ran = 0;
  for (size_t id = 0; id < runs.size(); ++id) {
    ASSERT_EQ(runs[id].load(), accepted[id]) << "task " << id;
    ran += static_cast<size_t>(accepted[id]);
  }
  EXPECT_GT(ran, 0u);
}

// Shutdown wakes every sleeping worker in either idle mode (the destructor would hang otherwise),
// including workers that went to sleep after spinning.
TEST_P(WorkerPoolIdleTest, ShutdownWakesWorkersThatWentToSleep) {
  WorkerPool pool(4, 4, GetParam());
  std::atomic<int> done{0};
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) {
      WorkerPool::Task t = [&done] { ++done; };
      ASSERT_TRUE(pool.TrySubmit(t));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // long past any spin
  }
  pool.Shutdown();
  EXPECT_EQ(done.load(), 12);
}

INSTANTIATE_TEST_SUITE_P(Modes, WorkerPoolIdleTest,
                         ::testing::Values(WorkerPool::Idle::kSleep,
                                           WorkerPool::Idle::kSpinThenSleep),
                         [](const auto& param_info) {
                           return param_info.param == WorkerPool::Idle::kSleep ? "Sleep"
                                                                         : "SpinThenSleep";
                         });

// Idle workers are woken by Shutdown (the destructor would hang otherwise), and a task handed to
// a worker counts as busy until it returns.
TEST(WorkerPoolTest, CountsAHandedOverTaskAsBusyAndShutsDownWithIdleWorkers) {
  WorkerPool pool(2, 4);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let both workers go idle
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  WorkerPool::Task t = [&started, gate] {
    started.set_value();
    gate.wait();
  };
  ASSERT_TRUE(pool.TrySubmit(t));
  started.get_future().wait();
  EXPECT_EQ(pool.busy(), 1u);
  EXPECT_EQ(pool.queued(), 0u);
  release.set_value();
  pool.Shutdown();
  EXPECT_EQ(pool.busy(), 0u);
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
