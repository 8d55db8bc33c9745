// SPDX-License-Identifier: Apache-2.0
#include "lms/http_task_queue.h"

namespace relic::lms {

BoundedTaskQueue::BoundedTaskQueue(size_t workers, size_t max_waiting,
                                   std::function<void(std::function<void()>)> turn_away)
    : max_waiting_(max_waiting), turn_away_(std::move(turn_away)) {
  threads_.reserve(workers);
  for (size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(); });
}

BoundedTaskQueue::~BoundedTaskQueue() { shutdown(); }

void BoundedTaskQueue::enqueue(std::function<void()> fn) {
  {
    MutexLock lock(mu_);
    // Idle workers take tasks at once; beyond them, a few may wait.
    if (!shutting_down_ && tasks_.size() < idle_ + max_waiting_) {
      tasks_.push_back(std::move(fn));
      cv_.NotifyOne();
      return;
    }
  }
  turn_away_(std::move(fn));
}

void BoundedTaskQueue::shutdown() {
  {
    MutexLock lock(mu_);
    shutting_down_ = true;
  }
  cv_.NotifyAll();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

size_t BoundedTaskQueue::waiting() const {
  MutexLock lock(mu_);
  return tasks_.size() > idle_ ? tasks_.size() - idle_ : 0;
}

void BoundedTaskQueue::Work() {
  for (;;) {
    std::function<void()> task;
    {
      MutexLock lock(mu_);
      ++idle_;
      while (tasks_.empty() && !shutting_down_) cv_.Wait(mu_);
      --idle_;
      if (tasks_.empty()) return;  // shutting down, nothing left
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

}  // namespace relic::lms
