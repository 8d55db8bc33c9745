// SPDX-License-Identifier: Apache-2.0
// Hands the service's checked answers from the thread that asks for them to
// the restore's own thread, which applies them while the next batch is being
// authorised. Bounded, so that memory does not grow with the number of
// batches: the asking thread waits while an answer is unread, so at most
// three are in memory (one read, one waiting, one being asked for).
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "protocol/protocol.h"
#include "relic/ids.h"
#include "relic/status.h"

namespace relic {

// One batch's answer, checked against the key the licenses name, this
// machine and the request.
struct AuthorizedBatch {
  uint16_t group = 0;
  lms::Signed answer;
  std::vector<Kid> refused;
  std::string refusal_url;  // a plain https URL, or a note that there was none
  size_t granted = 0;
  int64_t lms_time = 0;
};

class AuthorizedBatchQueue {
 public:
  // Waits for room; kCanceled once the reader has stopped.
  Status Push(AuthorizedBatch batch) EXCLUDES(mu_) {
    MutexLock lock(mu_);
    while (!stopped_ && batches_.size() >= kCapacity) cv_.Wait(mu_);
    if (stopped_) return Status(Code::kCanceled, "the restore stopped reading answers");
    batches_.push_back(std::move(batch));
    cv_.NotifyAll();
    return Status::Ok();
  }
  // The asking thread is done; `status` says how it ended.
  void Finish(Status status) EXCLUDES(mu_) {
    MutexLock lock(mu_);
    finished_ = true;
    final_ = std::move(status);
    cv_.NotifyAll();
  }
  // The next answer, or nothing once the asking thread has finished and
  // every answer was read (then final_status() says how it ended).
  std::optional<AuthorizedBatch> Pop() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    while (!finished_ && batches_.empty()) cv_.Wait(mu_);
    if (batches_.empty()) return std::nullopt;
    AuthorizedBatch batch = std::move(batches_.front());
    batches_.pop_front();
    cv_.NotifyAll();
    return batch;
  }
  Status final_status() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return final_;
  }
  // The reader gives up (an error, a cancel): the asking thread stops.
  void Stop() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    stopped_ = true;
    cv_.NotifyAll();
  }
  bool stopped() EXCLUDES(mu_) {
    MutexLock lock(mu_);
    return stopped_;
  }

 private:
  static constexpr size_t kCapacity = 1;
  Mutex mu_;
  CondVar cv_;
  std::deque<AuthorizedBatch> batches_ GUARDED_BY(mu_);
  bool finished_ GUARDED_BY(mu_) = false;
  bool stopped_ GUARDED_BY(mu_) = false;
  Status final_ GUARDED_BY(mu_);
};

}  // namespace relic
