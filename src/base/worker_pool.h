// SPDX-License-Identifier: Apache-2.0
// A fixed set of threads that run submitted tasks, for the engines' per-
// license cryptography: the threads live as long as the operation, so a
// batch costs a queue push, not a thread start, and the thread that reads
// and writes the files never waits for the cryptography of the batch it is
// not working on.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace relic {

class TaskLatch;

class WorkerPool {
 public:
  // `threads` == 0 means one per core.
  explicit WorkerPool(size_t threads = 0);
  // Finishes the queued tasks, then joins.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> task) EXCLUDES(mu_);
  size_t size() const { return threads_.size(); }

  // Splits `count` independent, equally costly items into one slice per
  // thread (fewer if there are fewer items) and runs `work(slice, begin,
  // end)` for each; the latch opens when all have run.
  size_t SlicesFor(size_t count) const { return std::min(size(), count); }
  std::unique_ptr<TaskLatch> SubmitSlices(
      size_t count, std::function<void(size_t slice, size_t begin, size_t end)> work);

 private:
  void Loop() EXCLUDES(mu_);

  Mutex mu_;
  CondVar cv_;
  std::deque<std::function<void()>> tasks_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

// Counts down the tasks of one unit of work; Wait returns when all of them
// have run. Tasks call Done exactly once each.
class TaskLatch {
 public:
  explicit TaskLatch(size_t tasks) : remaining_(tasks) {}
  void Done() EXCLUDES(mu_);
  void Wait() EXCLUDES(mu_);

 private:
  Mutex mu_;
  CondVar cv_;
  size_t remaining_ GUARDED_BY(mu_);
};

}  // namespace relic
