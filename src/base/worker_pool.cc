// SPDX-License-Identifier: Apache-2.0
#include "base/worker_pool.h"

#include <algorithm>

namespace relic {

WorkerPool::WorkerPool(size_t threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads_.reserve(threads);
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

std::unique_ptr<TaskLatch> WorkerPool::SubmitSlices(
    size_t count, std::function<void(size_t slice, size_t begin, size_t end)> work) {
  const size_t slices = SlicesFor(count);
  auto latch = std::make_unique<TaskLatch>(slices);
  auto shared = std::make_shared<std::function<void(size_t, size_t, size_t)>>(std::move(work));
  for (size_t s = 0; s < slices; ++s) {
    const size_t begin = count * s / slices, end = count * (s + 1) / slices;
    Submit([shared, latch = latch.get(), s, begin, end] {
      (*shared)(s, begin, end);
      latch->Done();
    });
  }
  return latch;
}

void WorkerPool::Loop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void TaskLatch::Done() {
  std::lock_guard lock(mu_);
  if (--remaining_ == 0) cv_.notify_all();
}

void TaskLatch::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return remaining_ == 0; });
}

}  // namespace relic
