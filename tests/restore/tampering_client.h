// SPDX-License-Identifier: Apache-2.0
// Adversary A2 (docs/threat-model.md) between a restore and its License
// Management Service: the real answers of an in-process Authority, altered
// on the way back by `tamper` before the restore engine sees them.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "lms/local_lms_client.h"
#include "protocol/protocol.h"

namespace relic::testing {

class TamperingClient final : public LmsClient {
 public:
  TamperingClient(lms::Authority* authority, std::function<void(lms::Signed&)> tamper)
      : inner_(NewLocalLmsClient(authority)), tamper_(std::move(tamper)) {}
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return inner_->Challenge();
  }
  Result<lms::Signed> Restore(const lms::Signed& request) override {
    auto answer = inner_->Restore(request);
    if (answer.ok()) tamper_(*answer);
    return answer;
  }

 private:
  std::unique_ptr<LmsClient> inner_;
  std::function<void(lms::Signed&)> tamper_;
};

}  // namespace relic::testing
