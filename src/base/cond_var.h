// SPDX-License-Identifier: Apache-2.0
// A condition variable for relic::Mutex. It has no predicate overloads on
// purpose: a lambda is analysed as a function of its own, which does not
// hold the mutex, so waits are written as loops the analysis can see:
//
//   MutexLock lock(mu_);
//   while (queue_.empty()) cv_.Wait(mu_);
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "base/mutex.h"
#include "base/thread_annotations.h"

namespace relic {

class CondVar {
 public:
  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases `mu`, sleeps until notified (or spuriously), takes `mu` back.
  void Wait(Mutex& mu) REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu.mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // the caller's MutexLock still owns `mu`
  }

  // As Wait, but gives up after `timeout`; false if it timed out.
  template <class Rep, class Period>
  bool WaitFor(Mutex& mu, std::chrono::duration<Rep, Period> timeout) REQUIRES(mu) {
    std::unique_lock<std::mutex> lock(mu.mu_, std::adopt_lock);
    const std::cv_status status = cv_.wait_for(lock, timeout);
    lock.release();
    return status == std::cv_status::no_timeout;
  }

  void NotifyOne() { cv_.notify_one(); }
  void NotifyAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace relic
