// SPDX-License-Identifier: Apache-2.0
// The mutex every component uses: std::mutex with Clang's capability
// attributes, so that -Wthread-safety checks that the data marked
// GUARDED_BY(mu) is touched only under `mu`, and that functions marked
// REQUIRES / EXCLUDES are called with or without it. Same cost as std::mutex.
#pragma once

#include <mutex>

#include "base/thread_annotations.h"

namespace relic {

class CondVar;

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() ACQUIRE() { mu_.lock(); }
  void Unlock() RELEASE() { mu_.unlock(); }

 private:
  friend class CondVar;  // waits on the std::mutex underneath
  std::mutex mu_;
};

// Holds a Mutex for the scope it is declared in. Unlock and Lock let a scope
// give the mutex up for a while (to call out, or to run a task) and take it
// back; the destructor releases it only if held.
class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mu) ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~MutexLock() RELEASE() {
    if (held_) mu_.Unlock();
  }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  void Unlock() RELEASE() {
    mu_.Unlock();
    held_ = false;
  }
  void Lock() ACQUIRE() {
    mu_.Lock();
    held_ = true;
  }

 private:
  Mutex& mu_;
  bool held_ = true;
};

}  // namespace relic
