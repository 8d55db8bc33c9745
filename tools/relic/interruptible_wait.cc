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

void InterruptibleWait::Ended() {
  std::lock_guard lock(mu_);
  ended_ = true;
  cv_.notify_all();
}

Status InterruptibleWait::Wait(Operation& op) {
  g_interrupted.store(false);
  auto previous = std::signal(SIGINT, OnInterrupt);
  {
    std::unique_lock lock(mu_);
    // A signal handler cannot notify a condition variable: look at the flag
    // a few times a second.
    while (!cv_.wait_for(lock, std::chrono::milliseconds(50), [this] { return ended_; })) {
      if (g_interrupted.load()) op.Cancel();
    }
  }
  Status end = op.Wait();
  std::signal(SIGINT, previous);
  return end;
}

}  // namespace relic::cli
