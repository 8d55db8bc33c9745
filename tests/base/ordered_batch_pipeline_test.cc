// SPDX-License-Identifier: Apache-2.0
// The engines' ordered-batch pipeline: batches worked on by every core come
// back in the order they went in, whatever order the workers finish in.
#include "base/ordered_batch_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace relic {
namespace {

struct NumberBatch {
  int id = 0;
  std::vector<int> in;
  std::vector<int> out;
  std::vector<size_t> slice_of;
};

NumberBatch MakeBatch(int id, size_t n) {
  NumberBatch b;
  b.id = id;
  for (size_t i = 0; i < n; ++i) b.in.push_back(id * 1000 + static_cast<int>(i));
  b.out.resize(n);
  b.slice_of.resize(n);
  return b;
}

TEST(OrderedBatchPipelineTest, EveryItemIsWorkedOnOnceAndBatchesComeBackInOrder) {
  WorkerPool pool(4);
  OrderedBatchPipeline<NumberBatch> pipeline(
      pool, 2, [](NumberBatch& b, size_t slice, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          b.out[i] = b.in[i] * 2;
          b.slice_of[i] = slice;
        }
      });
  std::vector<int> order;
  for (int id = 0; id < 10; ++id) {
    const size_t n = static_cast<size_t>(id * 7 % 13 + 1);
    pipeline.Submit(MakeBatch(id, n), n);
    if (pipeline.full()) {
      EXPECT_EQ(pipeline.in_flight(), 3u);
      NumberBatch b = pipeline.TakeOldest();
      order.push_back(b.id);
      for (size_t i = 0; i < b.in.size(); ++i) EXPECT_EQ(b.out[i], b.in[i] * 2);
    }
    EXPECT_LE(pipeline.in_flight(), 3u);
  }
  while (!pipeline.empty()) order.push_back(pipeline.TakeOldest().id);
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(OrderedBatchPipelineTest, SlicesAreNumberedPerBatch) {
  WorkerPool pool(3);
  OrderedBatchPipeline<NumberBatch> pipeline(
      pool, 1, [](NumberBatch& b, size_t slice, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) b.slice_of[i] = slice;
      });
  EXPECT_EQ(pipeline.SlicesFor(2), 2u);
  EXPECT_EQ(pipeline.SlicesFor(100), 3u);
  pipeline.Submit(MakeBatch(0, 9), 9);
  NumberBatch b = pipeline.TakeOldest();
  EXPECT_EQ(b.slice_of, (std::vector<size_t>{0, 0, 0, 1, 1, 1, 2, 2, 2}));
}

// The first batch is held back on its worker until the later ones are done:
// TakeOldest still hands back the first, after waiting for it.
TEST(OrderedBatchPipelineTest, OrderDoesNotDependOnWhichBatchFinishesFirst) {
  WorkerPool pool(2);
  std::mutex mu;
  std::condition_variable cv;
  bool release_first = false;
  std::atomic<int> later_done{0};
  OrderedBatchPipeline<NumberBatch> pipeline(pool, 8,
                                             [&](NumberBatch& b, size_t, size_t begin, size_t end) {
                                               if (b.id == 0) {
                                                 std::unique_lock lock(mu);
                                                 cv.wait(lock, [&] { return release_first; });
                                               }
                                               for (size_t i = begin; i < end; ++i) b.out[i] = b.id;
                                               if (b.id != 0) ++later_done;
                                             });
  pipeline.Submit(MakeBatch(0, 1), 1);
  pipeline.Submit(MakeBatch(1, 1), 1);
  pipeline.Submit(MakeBatch(2, 1), 1);
  while (later_done.load() < 2) std::this_thread::yield();
  {
    std::lock_guard lock(mu);
    release_first = true;
  }
  cv.notify_all();
  EXPECT_EQ(pipeline.TakeOldest().id, 0);
  EXPECT_EQ(pipeline.TakeOldest().id, 1);
  EXPECT_EQ(pipeline.TakeOldest().id, 2);
  EXPECT_TRUE(pipeline.empty());
}

// An empty batch is queued and comes back in its place, with no work run.
TEST(OrderedBatchPipelineTest, EmptyBatchComesBackInItsPlace) {
  WorkerPool pool(2);
  std::atomic<int> calls{0};
  OrderedBatchPipeline<NumberBatch> pipeline(
      pool, 4, [&](NumberBatch&, size_t, size_t, size_t) { ++calls; });
  pipeline.Submit(MakeBatch(0, 0), 0);
  pipeline.Submit(MakeBatch(1, 1), 1);
  EXPECT_EQ(pipeline.TakeOldest().id, 0);
  EXPECT_EQ(pipeline.TakeOldest().id, 1);
  EXPECT_EQ(calls.load(), 1);
}

// An owner that returns early (an error) leaves batches in flight: the
// pipeline waits for them before the state they use goes away.
TEST(OrderedBatchPipelineTest, DestructionWaitsForBatchesInFlight) {
  WorkerPool pool(2);
  std::atomic<int> items{0};
  {
    OrderedBatchPipeline<NumberBatch> pipeline(
        pool, 8, [&](NumberBatch&, size_t, size_t begin, size_t end) {
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          items += static_cast<int>(end - begin);
        });
    for (int id = 0; id < 5; ++id) pipeline.Submit(MakeBatch(id, 10), 10);
  }
  EXPECT_EQ(items.load(), 50);
}

TEST(OrderedBatchPipelineTest, DrainDropsEveryBatchAfterItsWork) {
  WorkerPool pool(2);
  std::atomic<int> items{0};
  OrderedBatchPipeline<NumberBatch> pipeline(pool, 8,
                                             [&](NumberBatch&, size_t, size_t begin, size_t end) {
                                               items += static_cast<int>(end - begin);
                                             });
  for (int id = 0; id < 4; ++id) pipeline.Submit(MakeBatch(id, 3), 3);
  pipeline.Drain();
  EXPECT_TRUE(pipeline.empty());
  EXPECT_EQ(items.load(), 12);
}

}  // namespace
}  // namespace relic
