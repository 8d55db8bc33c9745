// SPDX-License-Identifier: Apache-2.0
// The engines' ordered-batch pipeline: one thread fills batches of items and
// hands each to a WorkerPool, which works on its slices on every core, while
// the same thread takes finished batches back in the order it submitted
// them. Results are consumed in input order whatever the scheduling, so the
// backup set's layout and the events do not depend on it, and at most a few
// batches are in memory whatever the number of items.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <utility>

#include "base/worker_pool.h"

namespace relic {

template <typename Batch>
class OrderedBatchPipeline {
 public:
  // Runs on a worker for items [begin, end) of one batch; `slice` numbers
  // the slices of that batch from 0 (see WorkerPool::SubmitSlices). Slices
  // of one batch run concurrently: each must touch only its own items and
  // per-slice state.
  using SliceWork = std::function<void(Batch& batch, size_t slice, size_t begin, size_t end)>;

  // `pool` must outlive the pipeline. The pipeline is full once more than
  // `ahead` batches are in flight.
  OrderedBatchPipeline(WorkerPool& pool, size_t ahead, SliceWork work)
      : pool_(pool), ahead_(ahead), work_(std::move(work)) {}
  // The workers hold references into the queued batches: waits for them,
  // however the owner returns.
  ~OrderedBatchPipeline() { Drain(); }
  OrderedBatchPipeline(const OrderedBatchPipeline&) = delete;
  OrderedBatchPipeline& operator=(const OrderedBatchPipeline&) = delete;

  // How many slices a batch of `count` items is cut into.
  size_t SlicesFor(size_t count) const { return pool_.SlicesFor(count); }

  // Hands `batch`, of `count` items, to the workers. A batch of no items is
  // queued too (no work runs for it), so that every submitted batch comes
  // back.
  void Submit(Batch batch, size_t count) {
    InFlight& entry = in_flight_.emplace_back();
    entry.batch = std::move(batch);
    // std::deque keeps the addresses of its elements on push_back and
    // pop_front: the workers' reference to `entry` stays valid.
    entry.done = pool_.SubmitSlices(count, [this, &entry](size_t slice, size_t begin, size_t end) {
      work_(entry.batch, slice, begin, end);
    });
  }

  // More batches in flight than the owner wanted ahead: time to take the
  // oldest back before submitting more.
  bool full() const { return in_flight_.size() > ahead_; }
  bool empty() const { return in_flight_.empty(); }
  size_t in_flight() const { return in_flight_.size(); }

  // Waits until the oldest batch is done and hands it back. Not on empty().
  Batch TakeOldest() {
    // Its workers hold references into the queue's element: wait, then move.
    in_flight_.front().done->Wait();
    Batch batch = std::move(in_flight_.front().batch);
    in_flight_.pop_front();
    return batch;
  }

  // Waits for every batch in flight and drops them.
  void Drain() {
    for (InFlight& entry : in_flight_) entry.done->Wait();
    in_flight_.clear();
  }

 private:
  struct InFlight {
    Batch batch;
    std::unique_ptr<TaskLatch> done;
  };

  WorkerPool& pool_;
  const size_t ahead_;
  const SliceWork work_;
  std::deque<InFlight> in_flight_;
};

}  // namespace relic
