// SPDX-License-Identifier: Apache-2.0
// The restore's per-record verification (src/restore/record_verifier.h),
// alone. Adversary A3 (docs/threat-model.md) holds a record's key (it
// stole the service's key) and re-seals records with changed contents:
// only the issuer's signature, the grant and the KID's check value can stop
// it, and they do.
#include "restore/record_verifier.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "granted_batch_fixture.h"

namespace relic::testing {
namespace {

using restore::RecordExpectation;
using restore::VerifyRecord;

class RecordVerifierTest : public GrantedBatchFixture {
 protected:
  void SetUp() override {
    GrantedBatchFixture::SetUp();
    if (HasFatalFailure()) return;
    granted_ = Open();
    ASSERT_TRUE(granted_.has_value());
  }
  RecordExpectation Expected() const {
    return RecordExpectation{
        .set_id = core_.set_id, .source = core_.source, .lms_key = lms_->lms_key()};
  }
  const lms::GrantLeaf& Leaf(size_t i) const { return granted_->answer.granted[i]; }
  const backup::Key& KeyOf(size_t i) const { return granted_->record_keys[i]; }
  const Bytes& SealedOf(size_t i) { return sealed_[granted_->handles[i]]; }
  backup::RecordPlain PlainOf(size_t i) {
    auto plain = backup::OpenRecord(KeyOf(i), SealedOf(i),
                                    backup::RecordAssociatedData(core_.set_id, Leaf(i).license_id));
    EXPECT_TRUE(plain.ok());
    auto record = backup::DecodeRecord(plain.ok() ? *plain : Bytes{});
    EXPECT_TRUE(record.ok());
    return record.ok() ? std::move(record).value() : backup::RecordPlain{};
  }
  // Seals `plain` as license i's record, as A3 can.
  Bytes Reseal(size_t i, ByteView plain) {
    return backup::SealRecord(KeyOf(i), plain,
                              backup::RecordAssociatedData(core_.set_id, Leaf(i).license_id));
  }
  std::string Refusal(size_t i, const std::string& why) const {
    return "license " + Leaf(i).license_id.ToString() + " in the backup " + why +
           "; nothing was restored";
  }

  std::optional<restore::GrantedBatch> granted_;
};

TEST_F(RecordVerifierTest, EveryGrantedRecordVerifies) {
  for (size_t i = 0; i < 3; ++i) {
    auto verified = VerifyRecord(Expected(), Leaf(i), KeyOf(i), SealedOf(i));
    RELIC_ASSERT_OK(verified);
    EXPECT_EQ(verified->parsed.body.license_id, Leaf(i).license_id);
    EXPECT_EQ(crypto::Hash256(verified->parsed.body_bytes), Leaf(i).body_hash);
    EXPECT_EQ(verified->record.plays_used, 0u);
    EXPECT_TRUE(verified->record.grant.empty());  // issued to the source itself
  }
}

// A1 flips bits in the set, or a record is moved under another license.
TEST_F(RecordVerifierTest, ARecordThatDoesNotOpenIsBackupCorrupt) {
  Bytes altered = SealedOf(0);
  altered[altered.size() / 2] ^= 1;
  auto verified = VerifyRecord(Expected(), Leaf(0), KeyOf(0), altered);
  EXPECT_EQ(verified.status().code(), Code::kBackupCorrupt);
  EXPECT_EQ(verified.status().message(), "a record of license " + Leaf(0).license_id.ToString() +
                                             " does not open with the key the service released");
  EXPECT_EQ(VerifyRecord(Expected(), Leaf(0), KeyOf(1), SealedOf(1)).status().code(),
            Code::kBackupCorrupt);
  auto malformed = VerifyRecord(Expected(), Leaf(0), KeyOf(0), Reseal(0, Bytes{'R', 'B', 'R'}));
  EXPECT_EQ(malformed.status().code(), Code::kBackupCorrupt);
  EXPECT_EQ(malformed.status().message(), "a record is malformed");
}

TEST_F(RecordVerifierTest, RefusesALicenseOtherThanTheOneGranted) {
  lms::GrantLeaf other_terms = Leaf(0);
  other_terms.body_hash[0] ^= 1;
  EXPECT_EQ(VerifyRecord(Expected(), other_terms, KeyOf(0), SealedOf(0)).status().message(),
            Refusal(0, "does not match the terms the service granted"));
  // License 1's record, re-sealed as license 0's.
  backup::RecordPlain swapped = PlainOf(1);
  auto verified =
      VerifyRecord(Expected(), Leaf(0), KeyOf(0), Reseal(0, backup::EncodeRecord(swapped)));
  EXPECT_EQ(verified.status().code(), Code::kBadSignature);
  EXPECT_EQ(verified.status().message(), "license " + Leaf(1).license_id.ToString() +
                                             " in the backup is not the one granted; nothing "
                                             "was restored");
}

TEST_F(RecordVerifierTest, RefusesForgedRightsAndAForeignContentKey) {
  backup::RecordPlain forged = PlainOf(0);
  auto parsed = ParseLicenseFile(forged.license_file);
  RELIC_ASSERT_OK(parsed);
  // Flip a byte of the issuer's signature where it sits in the file.
  auto at = std::search(forged.license_file.begin(), forged.license_file.end(),
                        parsed->signature.begin(), parsed->signature.end());
  ASSERT_NE(at, forged.license_file.end());
  *at ^= 1;
  EXPECT_EQ(VerifyRecord(Expected(), Leaf(0), KeyOf(0), Reseal(0, backup::EncodeRecord(forged)))
                .status()
                .message(),
            Refusal(0, "has an invalid issuer signature (forged rights)"));

  backup::RecordPlain other_key = PlainOf(0);
  other_key.content_key.data()[0] ^= 1;
  EXPECT_EQ(VerifyRecord(Expected(), Leaf(0), KeyOf(0), Reseal(0, backup::EncodeRecord(other_key)))
                .status()
                .message(),
            Refusal(0, "carries a content key that does not match its KID"));
}

TEST_F(RecordVerifierTest, RefusesAnotherServiceOrSourceMachine) {
  RecordExpectation other_lms = Expected();
  other_lms.lms_key.signing[0] ^= 1;
  EXPECT_EQ(VerifyRecord(other_lms, Leaf(0), KeyOf(0), SealedOf(0)).status().message(),
            Refusal(0, "names another License Management Service"));
  // A license issued to another machine, with no grant proving it was
  // restored onto the source.
  RecordExpectation other_source = Expected();
  other_source.source = target_->public_key();
  EXPECT_EQ(VerifyRecord(other_source, Leaf(0), KeyOf(0), SealedOf(0)).status().message(),
            Refusal(0, "was neither issued nor granted to the machine the backup came from"));
}

}  // namespace
}  // namespace relic::testing
