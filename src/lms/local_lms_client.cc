// SPDX-License-Identifier: Apache-2.0
#include "lms/local_lms_client.h"

namespace relic {
namespace {

class LocalLmsClient final : public LmsClient {
 public:
  explicit LocalLmsClient(lms::Authority* authority) : authority_(authority) {}
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return authority_->NewChallenge();
  }
  Result<lms::Signed> Restore(const lms::Signed& request) override {
    return authority_->Authorize(request);
  }

 private:
  lms::Authority* authority_;
};

}  // namespace

std::unique_ptr<LmsClient> NewLocalLmsClient(lms::Authority* authority) {
  return std::make_unique<LocalLmsClient>(authority);
}

}  // namespace relic
