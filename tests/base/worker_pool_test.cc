// SPDX-License-Identifier: Apache-2.0
// WorkerPool and TaskLatch: the engines' per-license work on every core.
#include "base/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace relic {
namespace {

TEST(WorkerPoolTest, RunsEverySubmittedTask) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(3);
    EXPECT_EQ(pool.size(), 3u);
    TaskLatch latch(100);
    for (int i = 0; i < 100; ++i) {
      pool.Submit([&] {
        ++ran;
        latch.Done();
      });
    }
    latch.Wait();
    EXPECT_EQ(ran.load(), 100);
  }
  EXPECT_EQ(ran.load(), 100);
}

TEST(WorkerPoolTest, DefaultIsOneThreadPerCore) {
  WorkerPool pool;
  EXPECT_EQ(pool.size(), std::max(1u, std::thread::hardware_concurrency()));
}

// The destructor finishes what was queued before it joins: a job's
// destructor can rely on the work it submitted having run.
TEST(WorkerPoolTest, DestructorRunsQueuedTasksFirst) {
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1);
    for (int i = 0; i < 50; ++i) pool.Submit([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkerPoolTest, TasksRunOnThePoolsThreads) {
  WorkerPool pool(2);
  std::mutex mu;
  std::set<std::thread::id> ids;
  TaskLatch latch(20);
  for (int i = 0; i < 20; ++i) {
    pool.Submit([&] {
      {
        std::lock_guard lock(mu);
        ids.insert(std::this_thread::get_id());
      }
      latch.Done();
    });
  }
  latch.Wait();
  EXPECT_EQ(ids.count(std::this_thread::get_id()), 0u);
  EXPECT_LE(ids.size(), 2u);
}

// Slices cover [0, count) exactly once, in contiguous ranges numbered from
// 0, one per thread at most.
TEST(WorkerPoolTest, SubmitSlicesCoversEveryItemOnce) {
  WorkerPool pool(4);
  for (size_t count : {0u, 1u, 3u, 4u, 5u, 511u, 512u}) {
    std::vector<std::atomic<int>> seen(count);
    std::mutex mu;
    std::vector<std::pair<size_t, size_t>> ranges(pool.SlicesFor(count));
    auto latch = pool.SubmitSlices(count, [&](size_t slice, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) ++seen[i];
      std::lock_guard lock(mu);
      ranges[slice] = {begin, end};
    });
    latch->Wait();
    EXPECT_EQ(pool.SlicesFor(count), std::min<size_t>(4, count));
    for (size_t i = 0; i < count; ++i) EXPECT_EQ(seen[i].load(), 1) << count << " " << i;
    size_t next = 0;
    for (const auto& [begin, end] : ranges) {
      EXPECT_EQ(begin, next);
      EXPECT_GT(end, begin);
      next = end;
    }
    EXPECT_EQ(next, count);
  }
}

TEST(TaskLatchTest, WaitReturnsOnlyWhenEveryTaskIsDone) {
  TaskLatch latch(2);
  std::atomic<bool> released{false};
  std::thread waiter([&] {
    latch.Wait();
    released = true;
  });
  latch.Done();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(released.load());
  latch.Done();
  waiter.join();
  EXPECT_TRUE(released.load());
  TaskLatch none(0);
  none.Wait();  // nothing to wait for
}

}  // namespace
}  // namespace relic
