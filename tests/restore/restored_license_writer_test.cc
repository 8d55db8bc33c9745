// SPDX-License-Identifier: Apache-2.0
// The restore's store write (src/restore/restored_license_writer.h), alone:
// what it writes reads back from the target's store with a grant the store
// re-verifies; an untrusted issuer stops it and an expired license is
// skipped, with nothing written either way.
#include "restore/restored_license_writer.h"

#include <gtest/gtest.h>

#include "granted_batch_fixture.h"
#include "relic/store.h"

namespace relic::testing {
namespace {

using restore::RestoredLicenseWriter;

class RestoredLicenseWriterTest : public GrantedBatchFixture {
 protected:
  void SetUp() override {
    GrantedBatchFixture::SetUp();
    if (HasFatalFailure()) return;
    granted_ = Open();
    ASSERT_TRUE(granted_.has_value());
  }
  restore::VerifiedRecord Verified(size_t i) {
    auto v = restore::VerifyRecord(
        restore::RecordExpectation{
            .set_id = core_.set_id, .source = core_.source, .lms_key = lms_->lms_key()},
        granted_->answer.granted[i], granted_->record_keys[i], sealed_[granted_->handles[i]]);
    EXPECT_TRUE(v.ok()) << v.status().ToString();
    return std::move(v).value();
  }
  IssuerPublicKey Issuer() { return Verified(0).parsed.body.issuer; }
  size_t StoredCount() {
    size_t n = 0;
    RELIC_EXPECT_OK(target_->store().ListLicenses([&](const LicenseInfo&) {
      ++n;
      return true;
    }));
    return n;
  }
  int64_t Now() { return lms_->world().clock().NowUnixSeconds(); }

  std::optional<restore::GrantedBatch> granted_;
};

TEST_F(RestoredLicenseWriterTest, WritesTheLicenseWithAGrantTheStoreVerifies) {
  RestoredLicenseWriter writer(InternalStore(*target_), {Issuer()}, Now());
  for (size_t i = 0; i < 3; ++i) {
    auto outcome = writer.Write(Verified(i), Bytes{}, granted_->answer, granted_->tree, i);
    RELIC_ASSERT_OK(outcome);
    EXPECT_EQ(*outcome, RestoredLicenseWriter::Outcome::kRestored);
  }
  EXPECT_EQ(StoredCount(), 3u);
  // Reading it back re-verifies the issuer's signature and the grant
  // against this machine.
  auto info = target_->store().GetLicense(granted_->answer.granted[2].license_id);
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_id, granted_->answer.granted[2].license_id);
}

// The secure state merges to the more consumed of the record's and the
// grant's.
TEST_F(RestoredLicenseWriterTest, KeepsTheMoreConsumedPlayCount) {
  restore::GrantedBatch& g = *granted_;
  RestoredLicenseWriter writer(InternalStore(*target_), {Issuer()}, Now());
  restore::VerifiedRecord v = Verified(0);
  v.record.plays_used = 4;
  RELIC_ASSERT_OK(writer.Write(std::move(v), Bytes{}, g.answer, g.tree, 0));
  auto state = target_->store().GetSecureState(g.answer.granted[0].license_id);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 4u);
}

TEST_F(RestoredLicenseWriterTest, AnUntrustedIssuerStopsTheRestoreAndWritesNothing) {
  RestoredLicenseWriter writer(InternalStore(*target_), {}, Now());
  restore::VerifiedRecord v = Verified(0);
  const IssuerPublicKey issuer = v.parsed.body.issuer;
  auto outcome = writer.Write(std::move(v), Bytes{}, granted_->answer, granted_->tree, 0);
  EXPECT_EQ(outcome.status().code(), Code::kUntrustedIssuer);
  EXPECT_EQ(outcome.status().message(),
            "license " + granted_->answer.granted[0].license_id.ToString() + " comes from issuer " +
                issuer.IssuerId() +
                ", which this machine does not trust; trust it (relic trust add, or the system "
                "trust directory) and restore again: the retry uses up nothing more");
  EXPECT_EQ(StoredCount(), 0u);
}

TEST_F(RestoredLicenseWriterTest, AnExpiredLicenseIsSkipped) {
  restore::VerifiedRecord v = Verified(0);
  v.parsed.body.rights.expires = Now();  // expired at `now`
  RestoredLicenseWriter writer(InternalStore(*target_), {Issuer()}, Now());
  auto outcome = writer.Write(std::move(v), Bytes{}, granted_->answer, granted_->tree, 0);
  RELIC_ASSERT_OK(outcome);
  EXPECT_EQ(*outcome, RestoredLicenseWriter::Outcome::kExpired);
  EXPECT_EQ(StoredCount(), 0u);
}

}  // namespace
}  // namespace relic::testing
