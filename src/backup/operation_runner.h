// SPDX-License-Identifier: Apache-2.0
// The thread, cancellation flag and completion shared by backup and
// restore: runs one job on a worker thread, delivers its events there, and
// guarantees exactly one END with nothing after it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "relic/operation.h"

namespace relic {

// What a job sees of its operation: whether it was asked to stop.
class CancelToken {
 public:
  bool canceled() const { return flag_->load(); }
  explicit CancelToken(std::shared_ptr<std::atomic<bool>> flag) : flag_(std::move(flag)) {}

 private:
  std::shared_ptr<std::atomic<bool>> flag_;
};

class OperationRunner final : public Operation {
 public:
  OperationRunner();
  ~OperationRunner() override;

  // `job` runs on the worker and owns everything it uses; it returns the
  // final status and checks the token between steps. `deliver_end` sends
  // END with that status, on the worker, as the worker's last event.
  void Start(std::function<Status(const CancelToken&)> job,
             std::function<void(const Status&)> deliver_end);

  void Cancel() override { cancel_->store(true); }
  Status Wait() override;

 private:
  // Shared with the worker, so that destroying the operation from inside
  // its own END callback leaves the worker nothing dangling.
  struct Completion {
    Mutex mu;
    CondVar cv;
    bool done GUARDED_BY(mu) = false;
    Status result GUARDED_BY(mu);
  };
  std::shared_ptr<std::atomic<bool>> cancel_;
  std::shared_ptr<Completion> completion_;
  std::thread worker_;
};

// The status a job returns when it stopped because of Cancel():
// "<what> was canceled; <unchanged>".
Status CanceledStatus(const std::string& what,
                      const std::string& unchanged = "nothing was changed");

}  // namespace relic
