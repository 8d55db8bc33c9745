// SPDX-License-Identifier: Apache-2.0
// Hands the service's checked answers from the thread that asks for them to
// the restore's own thread, which applies them while the next batch is being
// authorised. Bounded, so that memory does not grow with the number of
// batches: the asking thread waits while an answer is unread, so at most
// three are in memory (one read, one waiting, one being asked for).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

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
  Status Push(AuthorizedBatch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return stopped_ || batches_.size() < kCapacity; });
    if (stopped_) return Status(Code::kCanceled, "the restore stopped reading answers");
    batches_.push_back(std::move(batch));
    cv_.notify_all();
    return Status::Ok();
  }
  // The asking thread is done; `status` says how it ended.
  void Finish(Status status) {
    std::lock_guard lock(mu_);
    finished_ = true;
    final_ = std::move(status);
    cv_.notify_all();
  }
  // The next answer, or nothing once the asking thread has finished and
  // every answer was read (then final_status() says how it ended).
  std::optional<AuthorizedBatch> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return finished_ || !batches_.empty(); });
    if (batches_.empty()) return std::nullopt;
    AuthorizedBatch batch = std::move(batches_.front());
    batches_.pop_front();
    cv_.notify_all();
    return batch;
  }
  Status final_status() {
    std::lock_guard lock(mu_);
    return final_;
  }
  // The reader gives up (an error, a cancel): the asking thread stops.
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard lock(mu_);
    return stopped_;
  }

 private:
  static constexpr size_t kCapacity = 1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<AuthorizedBatch> batches_;
  bool finished_ = false;
  bool stopped_ = false;
  Status final_;
};

}  // namespace relic
