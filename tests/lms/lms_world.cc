// SPDX-License-Identifier: Apache-2.0
#include "lms_world.h"

#include <filesystem>

#include "backup/backup_fixture.h"
#include "backup/backup_set_reader.h"
#include "machine/machine_internal.h"

namespace relic::testing {

LmsWorld::LmsWorld(size_t licenses) {
  lms_home_ = world_.Path("lms");
  auto identity = lms::CreateLmsIdentity(world_.env(), lms_home_);
  EXPECT_TRUE(identity.ok()) << identity.status().ToString();
  if (identity.ok()) identity_ = std::move(identity).value();
  issuer_ = world_.NewIssuer();
  source_ = world_.NewMachine("source");
  if (!issuer_ || !source_) return;
  RELIC_EXPECT_OK(source_->store().TrustIssuer(issuer_->public_key()));
  const Kid kid = world_.PackageContent(*issuer_, "song", 1000);
  LmsInfo info;
  info.key = identity_.public_key();
  info.url = "http://127.0.0.1:8470";
  std::vector<Bytes> files;
  for (size_t i = 0; i < licenses; ++i) {
    files.push_back(world_.IssueTo(*issuer_, kid, *source_, Rights{.allow_backup = true}, info));
  }
  auto added = source_->store().AddLicenses(files);
  EXPECT_TRUE(added.ok()) << added.status().ToString();
  license_count_ = licenses;

  const std::string folder = world_.Path("backups");
  std::filesystem::create_directory(folder);
  BackupRequest request;
  request.home = world_.Home("source");
  request.home_options = world_.Options("source");
  request.folder = folder;
  BackupRun run = RunBackup(request);
  RELIC_EXPECT_OK(run.start);
  RELIC_EXPECT_OK(run.end);
  set_path_ = folder + "/" + backup::kBackupFileName;
}

std::unique_ptr<Machine> LmsWorld::NewTarget(const std::string& name) {
  return world_.NewMachine(name);
}

lms::Signed LmsWorld::BuildRequest(Machine& target, const std::array<uint8_t, 32>& challenge,
                                   Tamper tamper, Machine* other) {
  lms::Signed out;
  auto reader = backup::BackupSetReader::Open(world_.env(), set_path_);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  if (!reader.ok()) return out;
  lms::RestoreRequest request;
  request.challenge = challenge;
  request.target = target.public_key();
  request.header = (*reader)->header_bytes();
  request.sealed_sections = (*reader)->sealed_sections();
  request.group = 0;
  request.index_seq = 0;
  Status s = (*reader)->ForEachSection(
      backup::SectionKind::kIndex, 0,
      [&](const backup::BackupSetReader::Section& section, ByteView payload) {
        if (section.seq == 0) request.index_chunk.assign(payload.begin(), payload.end());
        return Status::Ok();
      });
  RELIC_EXPECT_OK(s);
  if (tamper == Tamper::kIndexChunk && !request.index_chunk.empty()) {
    request.index_chunk[request.index_chunk.size() / 2] ^= 0x01;
  }
  out.message = lms::EncodeRestoreRequest(request);
  Machine& signer = tamper == Tamper::kSignedByOther && other != nullptr ? *other : target;
  out.signature = crypto::Sign(InternalIdentity(signer).signing.secret_key, out.message);
  return out;
}

std::unique_ptr<lms::Authority> LmsWorld::NewAuthority() {
  if (!ledger_) {
    auto ledger = lms::SqliteLedger::Open(world_.env(), lms_home_);
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    if (!ledger.ok()) return nullptr;
    ledger_ = std::move(ledger).value();
  }
  return std::make_unique<lms::Authority>(identity_, ledger_.get(), ServedPolicy(),
                                          &world_.clock());
}

lms::Policy LmsWorld::ServedPolicy() const {
  lms::Policy policy;
  if (issuer_) policy.issuers = {issuer_->public_key()};
  return policy;
}

std::unique_ptr<lms::Authority> LmsWorld::NewAuthority(lms::Ledger* ledger,
                                                       const lms::Policy& policy) {
  return std::make_unique<lms::Authority>(identity_, ledger, policy, &world_.clock());
}

::testing::AssertionResult LmsWorld::AnswerIsValidFor(const lms::Signed& signed_answer,
                                                      Machine& target, size_t granted) {
  const LmsPublicKey key = identity_.public_key();
  if (!crypto::Verify(key.signing, signed_answer.message, signed_answer.signature)) {
    return ::testing::AssertionFailure() << "the answer is not signed by the service";
  }
  auto answer = lms::DecodeRestoreAnswer(signed_answer.message);
  if (!answer.ok()) return ::testing::AssertionFailure() << answer.status().ToString();
  if (!crypto::Verify(key.signing, answer->root_bytes, answer->root_signature)) {
    return ::testing::AssertionFailure() << "the grant root is not signed by the service";
  }
  if (answer->root.target != target.public_key()) {
    return ::testing::AssertionFailure() << "the grant root names another machine";
  }
  if (answer->granted.size() != granted || answer->root.leaf_count != granted) {
    return ::testing::AssertionFailure()
           << "granted " << answer->granted.size() << ", expected " << granted;
  }
  auto plain = crypto::Unseal(InternalIdentity(target).encryption, answer->envelope);
  if (!plain.ok()) return ::testing::AssertionFailure() << "the envelope does not open";
  auto releases = lms::DecodeEnvelopePlain(*plain);
  if (!releases.ok() || releases->size() != granted) {
    return ::testing::AssertionFailure() << "the envelope does not hold one key per grant";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace relic::testing
