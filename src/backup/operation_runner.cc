#include "backup/operation_runner.h"

namespace relic {

Status CanceledStatus(const std::string& what, const std::string& unchanged) {
  return Status(Code::kCanceled, what + " was canceled; " + unchanged);
}

OperationRunner::OperationRunner()
    : cancel_(std::make_shared<std::atomic<bool>>(false)),
      completion_(std::make_shared<Completion>()) {}

void OperationRunner::Start(std::function<Status(const CancelToken&)> job,
                            std::function<void(const Status&)> deliver_end) {
  worker_ = std::thread([cancel = cancel_, completion = completion_, job = std::move(job),
                         deliver_end = std::move(deliver_end)]() mutable {
    Status result = job(CancelToken(cancel));
    job = nullptr;  // release the job's resources (locks, files) before END
    deliver_end(result);
    {
      std::lock_guard<std::mutex> lock(completion->mu);
      completion->result = result;
      completion->done = true;
    }
    completion->cv.notify_all();
  });
}

Status OperationRunner::Wait() {
  std::unique_lock<std::mutex> lock(completion_->mu);
  completion_->cv.wait(lock, [this] { return completion_->done; });
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
