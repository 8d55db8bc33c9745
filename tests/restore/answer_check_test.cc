// SPDX-License-Identifier: Apache-2.0
// The restore's checks of the service's answer (src/restore/answer_check.h),
// alone: adversary A2 (docs/threat-model.md) answers in the service's place
// from another address, and A3, holding the service's key, changes what the
// answer says; every change is refused before anything is restored.
#include "restore/answer_check.h"

#include <gtest/gtest.h>

#include "granted_batch_fixture.h"

namespace relic::testing {
namespace {

using restore::CheckAnswer;
using restore::OpenGrantedBatch;

class AnswerCheckTest : public GrantedBatchFixture {
 protected:
  std::string Refusal(const std::string& why) const {
    return std::string("the answer from the License Management Service at ") + kUrl + " " + why +
           "; nothing was restored";
  }
  lms::RestoreAnswer Decoded() const {
    auto decoded = lms::DecodeRestoreAnswer(answer_.message);
    EXPECT_TRUE(decoded.ok());
    return decoded.ok() ? std::move(decoded).value() : lms::RestoreAnswer{};
  }
};

TEST_F(AnswerCheckTest, AcceptsTheServicesAnswerToThisRequest) {
  auto batch = CheckAnswer(answer_, 0, Expectation());
  RELIC_ASSERT_OK(batch);
  EXPECT_EQ(batch->group, 0);
  EXPECT_EQ(batch->granted, 3u);
  EXPECT_TRUE(batch->refused.empty());
  EXPECT_EQ(batch->lms_time, lms_->world().clock().NowUnixSeconds());
  EXPECT_EQ(batch->answer.message, answer_.message);
  // The service gave no URL: the user is told so rather than shown nothing.
  EXPECT_EQ(batch->refusal_url, "(the License Management Service gave no valid https URL)");
}

// A2: another key signed it.
TEST_F(AnswerCheckTest, RefusesAnAnswerNotSignedByTheServiceTheLicensesName) {
  restore::AnswerExpectation expected = Expectation();
  expected.lms_key.signing = crypto::GenerateSigningKeyPair().public_key;
  auto batch = CheckAnswer(answer_, 0, expected);
  EXPECT_EQ(batch.status().code(), Code::kBadSignature);
  EXPECT_EQ(batch.status().message(), Refusal("is not signed by the service the licenses name"));
  lms::Signed altered = answer_;
  altered.message.back() ^= 1;
  EXPECT_EQ(CheckAnswer(altered, 0, Expectation()).status().message(),
            Refusal("is not signed by the service the licenses name"));
}

TEST_F(AnswerCheckTest, RefusesAnAnswerForAnotherMachineRequestOrDryRunFlag) {
  restore::AnswerExpectation other_machine = Expectation();
  other_machine.target = lms_->source().public_key();
  EXPECT_EQ(CheckAnswer(answer_, 0, other_machine).status().message(),
            Refusal("is for another machine"));

  Bytes other_request = request_.message;
  other_request[0] ^= 1;
  restore::AnswerExpectation other = Expectation();
  other.request_bytes = other_request;
  EXPECT_EQ(CheckAnswer(answer_, 0, other).status().message(), Refusal("answers another request"));

  restore::AnswerExpectation dry = Expectation();
  dry.dry_run = true;
  EXPECT_EQ(CheckAnswer(answer_, 0, dry).status().message(), Refusal("has the wrong dry-run flag"));
}

// A3 signs what it likes, but the grant root inside needs its own signature.
TEST_F(AnswerCheckTest, RefusesMalformedAnswersAndUnsignedGrants) {
  lms::RestoreAnswer bad_root = Decoded();
  bad_root.root_signature[0] ^= 1;
  EXPECT_EQ(CheckAnswer(SignedByService(bad_root), 0, Expectation()).status().message(),
            Refusal("carries a grant that is not signed by the service the licenses name"));

  lms::Signed garbage;
  garbage.message = Bytes{1, 2, 3};
  garbage.signature = crypto::Sign(lms_->identity().signing.secret_key, garbage.message);
  auto malformed = CheckAnswer(garbage, 0, Expectation());
  EXPECT_EQ(malformed.status().code(), Code::kBadSignature);
  EXPECT_EQ(malformed.status().message(), Refusal("is malformed"));
}

// The URL is shown to the user: only a printable https URL gets through.
TEST_F(AnswerCheckTest, PassesOnlyAPlainHttpsRefusalUrl) {
  const std::string none = "(the License Management Service gave no valid https URL)";
  const std::pair<std::string, std::string> cases[] = {
      {"https://lms.example/limits?kid=1", "https://lms.example/limits?kid=1"},
      {"http://lms.example/limits", none},
      {"https://lms.example/a b", none},
      {"https://lms.example/\x1b[31m", none},
      {"https://lms.example/" + std::string(2100, 'a'), none},
  };
  for (const auto& [given, shown] : cases) {
    lms::RestoreAnswer answer = Decoded();
    answer.refusal_url = given;
    auto batch = CheckAnswer(SignedByService(answer), 0, Expectation());
    RELIC_ASSERT_OK(batch);
    EXPECT_EQ(batch->refusal_url, shown) << given;
  }
}

TEST_F(AnswerCheckTest, OpensTheGrantOnTheTargetMachine) {
  auto granted = Open();
  ASSERT_TRUE(granted.has_value());
  ASSERT_EQ(granted->answer.granted.size(), 3u);
  EXPECT_EQ(granted->record_keys.size(), 3u);
  ASSERT_EQ(granted->handles.size(), 3u);
  EXPECT_EQ(granted->tree.root(), granted->answer.root.root);
  // Each handle names a record of the set.
  for (const backup::Handle& h : granted->handles) EXPECT_EQ(sealed_.count(h), 1u);
}

// A2 sends this machine an answer meant for another: the envelope is
// sealed to the other machine.
TEST_F(AnswerCheckTest, RefusesAnEnvelopeThatDoesNotOpenOnThisMachine) {
  auto granted = OpenGrantedBatch(answer_.message, InternalIdentity(lms_->source()).encryption,
                                  nullptr, core_.set_id);
  EXPECT_EQ(granted.status().code(), Code::kBadSignature);
  EXPECT_EQ(granted.status().message(),
            "the service's key envelope does not open on this machine; nothing was restored");
}

TEST_F(AnswerCheckTest, RefusesAGrantThatDoesNotMatchItsRoot) {
  lms::RestoreAnswer answer = Decoded();
  answer.granted[1].plays_used += 1;
  auto granted = OpenGrantedBatch(lms::EncodeRestoreAnswer(answer),
                                  InternalIdentity(*target_).encryption, nullptr, core_.set_id);
  EXPECT_EQ(granted.status().code(), Code::kBadSignature);
  EXPECT_EQ(granted.status().message(), "the service's grant does not match its signed root");
}

// The envelope's keys must pair with the granted licenses one to one, in
// order: reordered or missing keys are refused.
TEST_F(AnswerCheckTest, RefusesAnEnvelopeThatDoesNotMatchTheGrant) {
  const lms::RestoreAnswer answer = Decoded();
  const MachineIdentity& target = InternalIdentity(*target_);
  auto plain = crypto::Unseal(target.encryption, answer.envelope);
  RELIC_ASSERT_OK(plain);
  auto releases = lms::DecodeEnvelopePlain(*plain);
  RELIC_ASSERT_OK(releases);
  for (int variant = 0; variant < 2; ++variant) {
    std::vector<lms::KeyRelease> changed = *releases;
    if (variant == 0) std::swap(changed[0], changed[1]);
    if (variant == 1) changed.pop_back();
    lms::RestoreAnswer resealed = answer;
    resealed.envelope =
        crypto::Seal(target.encryption.public_key, lms::EncodeEnvelopePlain(changed));
    auto granted = OpenGrantedBatch(lms::EncodeRestoreAnswer(resealed), target.encryption, nullptr,
                                    core_.set_id);
    EXPECT_EQ(granted.status().code(), Code::kBadSignature) << variant;
    EXPECT_EQ(granted.status().message(), "the service's key envelope does not match its grant")
        << variant;
  }
}

}  // namespace
}  // namespace relic::testing
