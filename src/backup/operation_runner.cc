// SPDX-License-Identifier: Apache-2.0
#include "backup/operation_runner.h"

#include <new>

namespace relic {

Status CanceledStatus(const std::string& what, const std::string& unchanged) {
  return Status(Code::kCanceled, what + " was canceled; " + unchanged);
}

namespace {

// Running out of memory is the one exception relic lets through its layers
// (docs/architecture.md). On the operation's own thread it must end the
// operation, with exactly one END, rather than the process: the job's
// destructors have already rolled back its transaction or removed its
// temporary file by the time this returns.
Status RunCatchingOutOfMemory(std::function<Status(const CancelToken&)>& job,
                              const CancelToken& cancel) {
  try {
    return job(cancel);
  } catch (const std::bad_alloc&) {
    return Status(Code::kInternal,
                  "relic ran out of memory during the operation, before it could report its "
                  "outcome; free some memory and run it again (a backup or restore either "
                  "completed or changed nothing)");
  }
}

}  // namespace

OperationRunner::OperationRunner()
    : cancel_(std::make_shared<std::atomic<bool>>(false)),
      completion_(std::make_shared<Completion>()) {}

void OperationRunner::Start(std::function<Status(const CancelToken&)> job,
                            std::function<void(const Status&)> deliver_end) {
  worker_ = std::thread([cancel = cancel_, completion = completion_, job = std::move(job),
                         deliver_end = std::move(deliver_end)]() mutable {
    Status result = RunCatchingOutOfMemory(job, CancelToken(cancel));
    job = nullptr;  // release the job's resources (locks, files) before END
    deliver_end(result);
    {
      MutexLock lock(completion->mu);
      completion->result = result;
      completion->done = true;
    }
    completion->cv.NotifyAll();
  });
}

Status OperationRunner::Wait() {
  MutexLock lock(completion_->mu);
  while (!completion_->done) completion_->cv.Wait(completion_->mu);
  return completion_->result;
}

OperationRunner::~OperationRunner() {
  if (!worker_.joinable()) return;
  if (worker_.get_id() == std::this_thread::get_id()) {
    worker_.detach();
    return;
  }
  worker_.join();
}

}  // namespace relic
