// SPDX-License-Identifier: Apache-2.0
#include "interruptible_wait.h"

#include <atomic>
#include <chrono>
#include <csignal>

namespace relic::cli {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int) { g_interrupted.store(true); }

}  // namespace

InterruptibleWait::InterruptibleWait() {
  g_interrupted.store(false);
  previous_ = std::signal(SIGINT, OnInterrupt);
}

InterruptibleWait::~InterruptibleWait() { std::signal(SIGINT, previous_); }

void InterruptibleWait::Ended() {
  MutexLock lock(mu_);
  ended_ = true;
  cv_.NotifyAll();
}

Status InterruptibleWait::Wait(Operation& op) {
  {
    MutexLock lock(mu_);
    // A signal handler cannot notify a condition variable: look at the flag
    // a few times a second.
    while (!ended_) {
      if (!cv_.WaitFor(mu_, std::chrono::milliseconds(50)) && !ended_ && g_interrupted.load()) {
        op.Cancel();
      }
    }
  }
  return op.Wait();
}

}  // namespace relic::cli
