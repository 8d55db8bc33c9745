// SPDX-License-Identifier: Apache-2.0
// The service's connection workers: a fixed number of threads and a short
// queue. cpp-httplib's own ThreadPool queues without bound, so a flood of
// connections would pile up (each an open socket) and be served minutes
// late; this queue turns the excess away at once instead.
#pragma once

#include <httplib.h>

#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace relic::lms {

class BoundedTaskQueue final : public httplib::TaskQueue {
 public:
  // `turn_away` runs a task that did not fit, on the caller's thread; it
  // must make the task end at once (the server closes its socket).
  BoundedTaskQueue(size_t workers, size_t max_waiting,
                   std::function<void(std::function<void()>)> turn_away);
  ~BoundedTaskQueue() override;
  BoundedTaskQueue(const BoundedTaskQueue&) = delete;
  BoundedTaskQueue& operator=(const BoundedTaskQueue&) = delete;

  void enqueue(std::function<void()> fn) override EXCLUDES(mu_);
  // Runs what is queued, then joins the workers.
  void shutdown() override EXCLUDES(mu_);

  // Tasks accepted but not yet started: a worker that sees some should not
  // keep an idle connection open.
  size_t waiting() const EXCLUDES(mu_);

 private:
  void Work() EXCLUDES(mu_);

  const size_t max_waiting_;
  std::function<void(std::function<void()>)> turn_away_;
  mutable Mutex mu_;
  CondVar cv_;
  std::deque<std::function<void()>> tasks_ GUARDED_BY(mu_);
  size_t idle_ GUARDED_BY(mu_) = 0;
  bool shutting_down_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace relic::lms
