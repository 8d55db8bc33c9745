// SPDX-License-Identifier: Apache-2.0
// The backup engine as an API user sees it: what goes into a set, the event
// sequence, refusals from the call, and owner protection. Security cases
// name their adversary (docs/threat-model.md).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup/key_observer.h"
#include "backup_fixture.h"
#include "base/byte_io.h"
#include "base/text_codec.h"
#include "format/license_format.h"
#include "machine/machine_internal.h"

namespace relic::testing {
namespace {

using backup::BackupSetReader;
using backup::SectionKind;

class BackupTest : public BackupFixture {};

std::set<std::string> KidTexts(const std::vector<Kid>& kids) {
  std::set<std::string> out;
  for (const auto& k : kids) out.insert(k.ToString());
  return out;
}

// The LMS's view: unseal each group's master and read the index.
std::set<std::string> LicenseIdsReadableBy(const World::TestLmsKeys& lms, const std::string& path,
                                           Env* env) {
  auto reader = BackupSetReader::Open(env, path);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::set<std::string> ids;
  if (!reader.ok()) return ids;
  for (uint16_t g = 0; g < (*reader)->core().groups.size(); ++g) {
    auto sealed = (*reader)->SealedMaster(g);
    auto plain = crypto::Unseal(lms.encryption, *sealed);
    if (!plain.ok()) continue;
    auto master = backup::DecodeMaster(*plain);
    EXPECT_TRUE(master.ok());
    EXPECT_EQ(master->core_hash, backup::CoreHash((*reader)->core_bytes()));
    backup::Key index_key = backup::IndexKey(master->master, (*reader)->core().set_id);
    Status s = (*reader)->ForEachSection(
        SectionKind::kIndex, g, [&](const BackupSetReader::Section& sec, ByteView payload) {
          auto plain_index = crypto::AeadDecrypt(
              index_key, payload,
              backup::IndexAssociatedData((*reader)->core().set_id, g, sec.seq));
          RELIC_EXPECT_OK(plain_index);
          auto entries = backup::DecodeIndexEntries(*plain_index);
          RELIC_EXPECT_OK(entries);
          for (const auto& e : *entries) ids.insert(e.license_id.ToString());
          return Status::Ok();
        });
    RELIC_EXPECT_OK(s);
  }
  return ids;
}

TEST_F(BackupTest, SetHoldsExactlyTheAllowedUnexpiredLicensesAndEventsAreInOrder) {
  std::set<std::string> allowed;
  for (const auto& id : AddLicenses(5, Rights{.allow_backup = true})) allowed.insert(id.ToString());
  std::vector<Kid> restricted_kids, expired_kids;
  for (int i = 0; i < 3; ++i) {
    Kid kid = world_.PackageContent(*issuer_, "restricted" + std::to_string(i), 10);
    restricted_kids.push_back(kid);
    RELIC_ASSERT_OK(machine_->store().AddLicense(world_.IssueTo(*issuer_, kid, *machine_)));
  }
  for (int i = 0; i < 2; ++i) {
    Kid kid = world_.PackageContent(*issuer_, "expiring" + std::to_string(i), 10);
    expired_kids.push_back(kid);
    RELIC_ASSERT_OK(machine_->store().AddLicense(
        world_.IssueTo(*issuer_, kid, *machine_,
                       Rights{.allow_backup = true, .expires = kStartTime + 10}, lms_.info)));
  }
  world_.clock().Advance(100);

  BackupRun run = RunBackup(Request());
  RELIC_ASSERT_OK(run.start);
  RELIC_ASSERT_OK(run.end);
  ASSERT_GE(run.events.size(), 2u);
  EXPECT_EQ(run.events.front().type, BackupEventType::kBegin);
  EXPECT_EQ(run.events.back().type, BackupEventType::kEnd);
  int ends = 0;
  uint64_t last_done = 0;
  for (const auto& e : run.events) {
    if (e.type == BackupEventType::kEnd) ++ends;
    if (e.type == BackupEventType::kProgress) {
      EXPECT_GT(e.done, last_done);
      EXPECT_EQ(e.total, 10u);
      last_done = e.done;
    }
  }
  EXPECT_EQ(ends, 1);
  EXPECT_EQ(last_done, 10u);
  EXPECT_EQ(KidTexts(run.Kids(BackupEventType::kRestrictedLicense)), KidTexts(restricted_kids));
  EXPECT_EQ(run.Kids(BackupEventType::kRestrictedLicense).size(), 3u);
  EXPECT_EQ(KidTexts(run.Kids(BackupEventType::kExpiredLicense)), KidTexts(expired_kids));
  EXPECT_EQ(run.events.back().backed_up, 5u);

  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_count, 5u);
  EXPECT_EQ(info->source_machine_id, machine_->machine_id());
  EXPECT_FALSE(info->passphrase_protected);
  EXPECT_EQ(LicenseIdsReadableBy(lms_, BackupSetPath(Folder()), world_.env()), allowed);
}

TEST_F(BackupTest, ProgressComesAtLeastEveryOnePercent) {
  AddLicenses(1000, Rights{.allow_backup = true});
  BackupRun run = RunBackup(Request());
  RELIC_ASSERT_OK(run.end);
  uint64_t previous = 0;
  int progress = 0;
  for (const auto& e : run.events) {
    if (e.type != BackupEventType::kProgress) continue;
    EXPECT_LE(e.done - previous, 10u);
    previous = e.done;
    ++progress;
  }
  EXPECT_EQ(previous, 1000u);
  EXPECT_GE(progress, 100);
}

// Adversary A1: whoever finds the set finds no key in it, in any encoding.
TEST_F(BackupTest, NoKeyAppearsInTheSetInAnyEncoding) {
  AddLicenses(20, Rights{.allow_backup = true});
  std::vector<std::pair<std::string, Bytes>> keys;
  backup::SetKeyObserverForTesting([&](std::string_view what, ByteView key) {
    keys.emplace_back(std::string(what), Bytes(key.begin(), key.end()));
  });
  BackupRequest request = Request();
  request.passphrase = "correct horse battery staple";
  BackupRun run = RunBackup(request);
  backup::SetKeyObserverForTesting(nullptr);
  RELIC_ASSERT_OK(run.end);
  const MachineIdentity& id = InternalIdentity(*machine_);
  keys.emplace_back("storage key", Bytes(id.storage_key.data(), id.storage_key.data() + 32));
  keys.emplace_back("machine box key",
                    Bytes(id.encryption.secret_key.data(), id.encryption.secret_key.data() + 32));
  keys.emplace_back("machine signing seed",
                    Bytes(id.signing.secret_key.data(), id.signing.secret_key.data() + 32));
  std::set<std::string> kinds;
  for (const auto& [what, key] : keys) kinds.insert(what);
  for (const char* expected : {"content key", "master", "owner key", "lms part", "record key"}) {
    EXPECT_TRUE(kinds.count(expected)) << "the engine never reported a " << expected;
  }
  Bytes set = ReadFileBytes(BackupSetPath(Folder()));
  std::string set_text(set.begin(), set.end());
  size_t searched = 0;
  for (const auto& [what, key] : keys) {
    for (const std::string& form : {std::string(key.begin(), key.end()), HexEncode(key),
                                    Base64Encode(key), Base64UrlEncode(key)}) {
      // Encoded forms end in padding or partial characters; search a prefix
      // long enough to be unique (24 bytes' worth).
      std::string probe = form.substr(0, std::min<size_t>(form.size(), 24));
      EXPECT_EQ(set_text.find(probe), std::string::npos) << what << " appears in the set";
      ++searched;
    }
  }
  std::printf("searched the %zu-byte set for %zu key encodings: none found\n", set.size(),
              searched);
}

// Adversary A1 who also stole every key of the source machine, but not the
// LMS's: every path to key material fails.
TEST_F(BackupTest, SourceMachineKeysWithoutTheLmsKeyOpenNothing) {
  AddLicenses(10, Rights{.allow_backup = true});
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  const MachineIdentity& id = InternalIdentity(*machine_);
  std::vector<backup::Key> symmetric;
  for (const uint8_t* k : {id.storage_key.data(), id.encryption.secret_key.data(),
                           id.signing.secret_key.data(), id.signing.secret_key.data() + 32}) {
    backup::Key key;
    std::memcpy(key.data(), k, 32);
    symmetric.push_back(key);
  }
  auto reader = BackupSetReader::Open(world_.env(), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(reader);
  const auto& set_id = (*reader)->core().set_id;
  int attempts = 0;
  // Unsealing the master with the machine's box key.
  auto sealed = (*reader)->SealedMaster(0);
  RELIC_ASSERT_OK(sealed);
  EXPECT_FALSE(crypto::Unseal(id.encryption, *sealed).ok());
  ++attempts;
  // Every machine key, used directly or as a master, on the index and on
  // every record.
  for (const auto& key : symmetric) {
    backup::Key as_index = backup::IndexKey(key, set_id);
    RELIC_ASSERT_OK((*reader)->ForEachSection(
        SectionKind::kIndex, 0, [&](const BackupSetReader::Section& s, ByteView payload) {
          for (const backup::Key* k : std::initializer_list<const backup::Key*>{&key, &as_index}) {
            EXPECT_FALSE(
                crypto::AeadDecrypt(*k, payload, backup::IndexAssociatedData(set_id, 0, s.seq))
                    .ok());
            ++attempts;
          }
          return Status::Ok();
        }));
    RELIC_ASSERT_OK((*reader)->ForEachSection(
        SectionKind::kData, backup::kNoGroup,
        [&](const BackupSetReader::Section&, ByteView payload) {
          ByteReader r(payload, "chunk");
          uint32_t n = *r.U32();
          for (uint32_t i = 0; i < n; ++i) {
            (void)r.Raw(16);
            ByteView ct = *r.Blob32();
            backup::Key lms_part = backup::Kdf(key, "license", set_id);
            backup::RecordKeys rk = backup::DeriveRecordKeys(lms_part, backup::Key());
            for (const backup::Key* k : std::initializer_list<const backup::Key*>{&key, &rk.key}) {
              // Without the license ID the associated data cannot even be
              // formed; try the record with an empty one and with the key.
              EXPECT_FALSE(backup::OpenRecord(*k, ct, {}).ok());
              ++attempts;
            }
          }
          return Status::Ok();
        }));
  }
  std::printf("%d unwrap attempts with the source machine's keys: all failed\n", attempts);
}

// With a passphrase, even the LMS's private key opens no record.
TEST_F(BackupTest, WithAPassphraseTheLmsKeyAloneOpensNoRecord) {
  auto ids = AddLicenses(5, Rights{.allow_backup = true});
  BackupRequest request = Request();
  request.passphrase = "hunter2hunter2";
  RELIC_ASSERT_OK(RunBackup(request).end);
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_TRUE(info->passphrase_protected);
  auto reader = BackupSetReader::Open(world_.env(), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(reader);
  const auto& set_id = (*reader)->core().set_id;
  auto plain = crypto::Unseal(lms_.encryption, *(*reader)->SealedMaster(0));
  RELIC_ASSERT_OK(plain);  // the LMS can open its master...
  auto master = backup::DecodeMaster(*plain);
  RELIC_ASSERT_OK(master);
  EXPECT_TRUE(master->proof_key.has_value());
  int opened = 0, refused = 0;
  RELIC_ASSERT_OK((*reader)->ForEachSection(
      SectionKind::kData, backup::kNoGroup, [&](const BackupSetReader::Section&, ByteView payload) {
        ByteReader r(payload, "chunk");
        uint32_t n = *r.U32();
        for (uint32_t i = 0; i < n; ++i) {
          ByteView handle = *r.Raw(16);
          ByteView ct = *r.Blob32();
          for (const auto& id : ids) {
            backup::Key lms_part = backup::LmsPart(master->master, set_id, id);
            // ...but without the owner part every record key is wrong.
            auto rk = backup::DeriveRecordKeys(lms_part, backup::Key());
            if (std::memcmp(rk.handle.data(), handle.data(), 16) == 0) ++opened;
            if (backup::OpenRecord(rk.key, ct, backup::RecordAssociatedData(set_id, id)).ok()) {
              ++opened;
            } else {
              ++refused;
            }
          }
        }
        return Status::Ok();
      }));
  EXPECT_EQ(opened, 0);
  EXPECT_EQ(refused, 25);
}

TEST_F(BackupTest, AnExistingSetIsKeptUnlessOverwriting) {
  AddLicenses(3, Rights{.allow_backup = true});
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  auto before = FolderContents(Folder());
  BackupRun again = RunBackup(Request());
  EXPECT_EQ(again.start.code(), Code::kBackupExists);
  EXPECT_NE(again.start.message().find("overwrite"), std::string::npos);
  EXPECT_TRUE(again.events.empty());
  EXPECT_EQ(FolderContents(Folder()), before);

  BackupRequest overwrite = Request();
  overwrite.overwrite = true;
  RELIC_ASSERT_OK(RunBackup(overwrite).end);
  auto after = FolderContents(Folder());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_NE(after.begin()->second, before.begin()->second);
  RELIC_EXPECT_OK(VerifyBackupSet(Folder()));
}

TEST_F(BackupTest, ASecondOperationOnTheSameHomeIsBusy) {
  AddLicenses(3, Rights{.allow_backup = true});
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  auto first = StartBackup(Request(), [&](const BackupEvent& e) {
    if (e.type != BackupEventType::kBegin) return;
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return release; });
  });
  RELIC_ASSERT_OK(first);
  std::filesystem::create_directory(world_.Path("other"));
  BackupRequest second = Request();
  second.folder = world_.Path("other");
  BackupRun run = RunBackup(second);
  EXPECT_EQ(run.start.code(), Code::kBusy);
  EXPECT_TRUE(run.events.empty());
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  RELIC_EXPECT_OK((*first)->Wait());
  // Once END has come, the home is free again.
  RELIC_EXPECT_OK(RunBackup(second).end);
}

TEST_F(BackupTest, BadTargetsAreRefusedByTheCall) {
  BackupRequest request = Request();
  request.folder = world_.Path("missing");
  BackupRun missing = RunBackup(request);
  EXPECT_EQ(missing.start.code(), Code::kNotFound);
  EXPECT_NE(missing.start.message().find("does not exist"), std::string::npos);
  EXPECT_TRUE(missing.events.empty());

  WriteFileBytes(world_.Path("a-file"), crypto::AsBytes("x"));
  request.folder = world_.Path("a-file");
  EXPECT_EQ(RunBackup(request).start.code(), Code::kInvalidArgument);

  if (geteuid() != 0) {
    std::filesystem::create_directory(world_.Path("read-only"));
    ::chmod(world_.Path("read-only").c_str(), 0500);
    request.folder = world_.Path("read-only");
    EXPECT_EQ(RunBackup(request).start.code(), Code::kPermissionDenied);
  }

  BackupRequest uninitialised = Request();
  uninitialised.home = world_.Home("nobody");
  EXPECT_EQ(RunBackup(uninitialised).start.code(), Code::kNotInitialized);

  BackupRequest empty_passphrase = Request();
  empty_passphrase.passphrase = "";
  EXPECT_EQ(RunBackup(empty_passphrase).start.code(), Code::kInvalidArgument);
}

// An unwritable folder is refused by the call. As root (CI) permission bits
// do not bind, so the call runs in a child that has become `nobody`.
TEST_F(BackupTest, AnUnwritableFolderIsRefusedByTheCall) {
  AddLicenses(1, Rights{.allow_backup = true});
  machine_.reset();
  const std::string folder = world_.Path("read-only");
  std::filesystem::create_directory(folder);
  constexpr uid_t kNobody = 65534;
  const bool root = geteuid() == 0;
  if (root) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(world_.Path(""))) {
      ASSERT_EQ(::lchown(e.path().c_str(), kNobody, kNobody), 0) << e.path();
    }
    ASSERT_EQ(::chown(world_.Path("").c_str(), kNobody, kNobody), 0);
  }
  ::chmod(folder.c_str(), 0500);
  BackupRequest request = Request();
  request.folder = folder;
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (root && (setgid(kNobody) != 0 || setuid(kNobody) != 0)) _exit(101);
    BackupRun run = RunBackup(request);
    if (!run.events.empty()) _exit(102);
    _exit(run.start.code() == Code::kPermissionDenied ? 0 : 103);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "101: could not drop privileges, 102: events were sent, "
                                       "103: another error than permission_denied";
  EXPECT_TRUE(std::filesystem::is_empty(folder));
}

TEST_F(BackupTest, AMissingStoreIsRefusedByTheCall) {
  AddLicenses(1, Rights{.allow_backup = true});
  machine_.reset();
  std::filesystem::remove(world_.Home("a") + "/store.db");
  BackupRun run = RunBackup(Request());
  EXPECT_EQ(run.start.code(), Code::kCorrupt);
  EXPECT_NE(run.start.message().find("missing"), std::string::npos);
  EXPECT_TRUE(run.events.empty());
  EXPECT_TRUE(std::filesystem::is_empty(Folder()));
}

// Adversary A3: an issuer's license that allows backup but names no LMS
// could never be restored; the store refuses it, so a backup never meets one.
TEST_F(BackupTest, ALicenseThatAllowsBackupButNamesNoLmsIsRefused) {
  crypto::SigningKeyPair rogue = crypto::GenerateSigningKeyPair();
  IssuerPublicKey rogue_key;
  rogue_key.signing = rogue.public_key;
  RELIC_ASSERT_OK(machine_->store().TrustIssuer(rogue_key));
  crypto::SymmetricKey content_key;
  crypto::RandomBytes(content_key.data(), 32);
  LicenseBody body;
  body.license_id = LicenseId::Random();
  body.kid = Kid::Random();
  body.issuer = rogue_key;
  body.machine = machine_->public_key();
  body.rights.allow_backup = true;
  body.check_value = ComputeCheckValue(content_key, body.kid);
  Bytes body_bytes = EncodeLicenseBody(body);
  Bytes file = EncodeLicenseFile(
      body_bytes, crypto::Sign(rogue.secret_key, body_bytes),
      crypto::Seal(machine_->public_key().encryption, ByteView(content_key.data(), 32)));
  std::string before = Snapshot(machine_->store());
  auto added = machine_->store().AddLicense(file);
  EXPECT_EQ(added.status().code(), Code::kMalformed);
  EXPECT_NE(added.status().message().find("names no License Management Service"),
            std::string::npos);
  EXPECT_EQ(Snapshot(machine_->store()), before);
}

TEST_F(BackupTest, StaleTemporaryFilesFromACrashAreRemoved) {
  AddLicenses(2, Rights{.allow_backup = true});
  WriteFileBytes(Folder() + "/relic-backup.rbs.relic-tmp-0011223344556677",
                 crypto::AsBytes("half a backup"));
  WriteFileBytes(Folder() + "/holiday.jpg", crypto::AsBytes("keep me"));
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  auto contents = FolderContents(Folder());
  EXPECT_EQ(contents.size(), 2u);
  EXPECT_TRUE(contents.count("relic-backup.rbs"));
  EXPECT_TRUE(contents.count("holiday.jpg"));
}

TEST_F(BackupTest, AnEmptyStoreGivesAnEmptyValidSet) {
  BackupRun run = RunBackup(Request());
  RELIC_ASSERT_OK(run.end);
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_count, 0u);
}

}  // namespace
}  // namespace relic::testing
