// SPDX-License-Identifier: Apache-2.0
// Waiting for a backup or restore in the CLI: Ctrl-C cancels it cleanly
// (the engine leaves the folder or the store as it was) instead of killing
// the process mid-write, and the wait ends as soon as END arrives.
#pragma once

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "relic/operation.h"

namespace relic::cli {

class InterruptibleWait {
 public:
  // Takes SIGINT from here on, so that a Ctrl-C between starting the
  // operation and waiting for it cancels it too instead of killing the
  // process mid-write.
  InterruptibleWait();
  ~InterruptibleWait();
  InterruptibleWait(const InterruptibleWait&) = delete;
  InterruptibleWait& operator=(const InterruptibleWait&) = delete;

  // Call from the END event.
  void Ended() EXCLUDES(mu_);
  // Waits for END, cancelling the operation on SIGINT, and returns its status.
  Status Wait(Operation& op) EXCLUDES(mu_);

 private:
  Mutex mu_;
  CondVar cv_;
  bool ended_ GUARDED_BY(mu_) = false;
  void (*previous_)(int) = nullptr;
};

}  // namespace relic::cli
