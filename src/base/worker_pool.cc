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
    MutexLock lock(mu_);
    stopping_ = true;
  }
  cv_.NotifyAll();
  for (auto& t : threads_) t.join();
}

void WorkerPool::Submit(std::function<void()> task) {
  {
    MutexLock lock(mu_);
    tasks_.push_back(std::move(task));
  }
  cv_.NotifyOne();
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
      MutexLock lock(mu_);
      while (!stopping_ && tasks_.empty()) cv_.Wait(mu_);
      if (tasks_.empty()) return;  // stopping, and nothing left to run
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void TaskLatch::Done() {
  MutexLock lock(mu_);
  if (--remaining_ == 0) cv_.NotifyAll();
}

void TaskLatch::Wait() {
  MutexLock lock(mu_);
  while (remaining_ != 0) cv_.Wait(mu_);
}

}  // namespace relic
