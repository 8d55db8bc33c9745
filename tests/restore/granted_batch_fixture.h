// SPDX-License-Identifier: Apache-2.0
// One restore batch, as far as the restore engine's units see it: a backup
// set of three licenses made by the real backup engine (tests/lms's
// LmsWorld), a target machine, the real Authority's signed answer to the
// target's request, and the set's sealed records by handle.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>

#include "backup/backup_set_reader.h"
#include "lms/lms_world.h"
#include "machine/machine_internal.h"
#include "restore/answer_check.h"
#include "support/test_support.h"

namespace relic::testing {

class GrantedBatchFixture : public ::testing::Test {
 protected:
  static constexpr char kUrl[] = "http://127.0.0.1:8470";

  void SetUp() override {
    lms_ = std::make_unique<LmsWorld>(3);
    target_ = lms_->NewTarget("target");
    ASSERT_NE(target_, nullptr);
    authority_ = lms_->NewAuthority();
    ASSERT_NE(authority_, nullptr);
    auto challenge = authority_->NewChallenge();
    RELIC_ASSERT_OK(challenge);
    request_ = lms_->BuildRequest(*target_, *challenge);
    auto answer = authority_->Authorize(request_);
    RELIC_ASSERT_OK(answer);
    answer_ = std::move(answer).value();
    auto reader = backup::BackupSetReader::Open(
        lms_->world().env(), lms_->world().Path("backups") + "/" + backup::kBackupFileName);
    RELIC_ASSERT_OK(reader);
    core_ = (*reader)->core();
    RELIC_ASSERT_OK((*reader)->ForEachSection(
        backup::SectionKind::kData, backup::kNoGroup,
        [&](const backup::BackupSetReader::Section&, ByteView payload) {
          return backup::ForEachDataRecord(
                     payload,
                     [&](uint32_t, const backup::Handle& handle, ByteView sealed) -> Result<bool> {
                       sealed_[handle] = Bytes(sealed.begin(), sealed.end());
                       return true;
                     })
              .status();
        }));
  }

  restore::AnswerExpectation Expectation() const {
    return restore::AnswerExpectation{.lms_key = lms_->lms_key(),
                                      .target = target_->public_key(),
                                      .request_bytes = request_.message,
                                      .dry_run = false,
                                      .lms_url = kUrl};
  }

  // The answer, opened with the target's keys.
  std::optional<restore::GrantedBatch> Open() {
    auto granted = restore::OpenGrantedBatch(answer_.message, InternalIdentity(*target_).encryption,
                                             nullptr, core_.set_id);
    EXPECT_TRUE(granted.ok()) << granted.status().ToString();
    if (!granted.ok()) return std::nullopt;
    return std::move(granted).value();
  }

  // Re-signs a changed answer with the service's key: the service itself
  // (or adversary A3 holding its key) says something else.
  lms::Signed SignedByService(const lms::RestoreAnswer& answer) const {
    lms::Signed out;
    out.message = lms::EncodeRestoreAnswer(answer);
    out.signature = crypto::Sign(lms_->identity().signing.secret_key, out.message);
    return out;
  }

  std::unique_ptr<LmsWorld> lms_;
  std::unique_ptr<Machine> target_;
  std::unique_ptr<lms::Authority> authority_;
  lms::Signed request_;
  lms::Signed answer_;
  backup::HeaderCore core_;
  std::map<backup::Handle, Bytes> sealed_;
};

}  // namespace relic::testing
