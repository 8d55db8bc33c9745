// SPDX-License-Identifier: Apache-2.0
// Restore onto new machines through the License Management Service, as an
// API user sees it. Security cases name their adversary
// (docs/threat-model.md).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "format/license_format.h"
#include "lms/http_service.h"
#include "machine/machine_internal.h"
#include "restore_fixture.h"
#include "set_forger.h"
#include "tampering_client.h"

namespace relic::testing {
namespace {

class RestoreTest : public RestoreFixture {
 protected:
  // Machine A: three licenses that allow backup (one with a play used), two
  // that do not. Backed up to Folder().
  void BackUpA() {
    allowed_ = AddLicenses(3, Rights{.allow_backup = true, .play_count = 3});
    restricted_ = AddLicenses(2, Rights{});
    RELIC_ASSERT_OK(machine_->store().Play(world_.Path("song.pkg"), world_.Path("out")));
    RELIC_ASSERT_OK(RunBackup(Request()).end);
  }

  std::set<std::string> StoredIds(Machine& m) {
    std::set<std::string> ids;
    EXPECT_TRUE(m.store()
                    .ListLicenses([&](const LicenseInfo& info) {
                      ids.insert(info.license_id.ToString());
                      return true;
                    })
                    .ok());
    return ids;
  }

  std::set<std::string> Ids(const std::vector<LicenseId>& ids) {
    std::set<std::string> out;
    for (const auto& id : ids) out.insert(id.ToString());
    return out;
  }

  std::vector<LicenseId> allowed_, restricted_;
};

TEST_F(RestoreTest, RestoredLicensesPlayOnTheNewMachineAndRestrictedOnesStayBehind) {
  BackUpA();
  RestoreRun run = RunRestore(RestoreOnto("b"));
  RELIC_ASSERT_OK(run.start);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, 3u);
  std::vector<RestoreEventType> types = run.Types();
  ASSERT_GE(types.size(), 4u);
  EXPECT_EQ(types[0], RestoreEventType::kConnecting);
  EXPECT_EQ(types[1], RestoreEventType::kDisconnecting);
  EXPECT_EQ(types[2], RestoreEventType::kBegin);
  EXPECT_EQ(types.back(), RestoreEventType::kEnd);
  EXPECT_EQ(run.Count(RestoreEventType::kEnd), 1u);

  auto b = Open("b");
  ASSERT_TRUE(b);
  EXPECT_NE(b->machine_id(), machine_->machine_id());
  EXPECT_EQ(StoredIds(*b), Ids(allowed_));
  auto played = b->store().Play(world_.Path("song.pkg"), world_.Path("b-out"));
  RELIC_ASSERT_OK(played);
  EXPECT_EQ(ReadFileBytes(world_.Path("b-out")), ReadFileBytes(world_.Path("song.plain")));
  // The secure state came along: no play is given back.
  uint32_t used = 0;
  for (const auto& id : allowed_) {
    auto state = b->store().GetSecureState(id);
    RELIC_ASSERT_OK(state);
    used += state->plays_used;
  }
  EXPECT_EQ(used, 2u);  // one play on A, one on B
}

TEST_F(RestoreTest, FourMachinesPerLicenseTheFifthIsRefusedWithAUrl) {
  BackUpA();
  for (const char* name : {"b", "c", "d"}) {
    RestoreRun run = RunRestore(RestoreOnto(name));
    ASSERT_TRUE(run.end.ok()) << name << ": " << run.end.ToString();
    EXPECT_EQ(run.restored, 3u) << name;
  }
  RestoreRun e = RunRestore(RestoreOnto("e"));
  RELIC_ASSERT_OK(e.start);
  EXPECT_EQ(e.end.code(), Code::kRestoreFraud);
  EXPECT_NE(e.end.message().find("https://lms.example.test/limits/machine-limit"),
            std::string::npos);
  EXPECT_EQ(e.Count(RestoreEventType::kRefused), 3u);
  EXPECT_EQ(e.Count(RestoreEventType::kErrorWithUrl), 1u);
  for (const auto& ev : e.events) {
    if (ev.type == RestoreEventType::kRefused || ev.type == RestoreEventType::kErrorWithUrl) {
      // The page for the limit, and the refused batch's opaque reference.
      EXPECT_TRUE(ev.url.starts_with("https://lms.example.test/limits/machine-limit?ref=rf"))
          << ev.url;
    }
  }
  EXPECT_TRUE(StoredIds(*Open("e")).empty());
  // Restoring again onto B uses nothing up.
  auto before = LedgerMachines();
  RestoreRun again = RunRestore(RestoreOnto("b"));
  RELIC_ASSERT_OK(again.end);
  EXPECT_EQ(LedgerMachines(), before);
  for (const auto& [license, machines] : before) EXPECT_EQ(machines.size(), 4u) << license;
}

TEST_F(RestoreTest, WithinTheLimitLicensesAreStillRestored) {
  allowed_ = AddLicenses(2, Rights{.allow_backup = true});
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("c")).end);
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("d")).end);
  // A third license, backed up later, has room on E; the first two do not.
  auto third = AddLicenses(1, Rights{.allow_backup = true});
  BackupRequest again = Request();
  again.overwrite = true;
  RELIC_ASSERT_OK(RunBackup(again).end);
  RestoreRun e = RunRestore(RestoreOnto("e"));
  EXPECT_EQ(e.end.code(), Code::kRestoreFraud);
  EXPECT_EQ(e.restored, 1u);
  EXPECT_EQ(StoredIds(*Open("e")), Ids(third));
}

TEST_F(RestoreTest, TheDailyLimitCountsPerLicenseNotPerKeyPair) {
  lms::Policy policy = ServedPolicy();
  policy.max_machines = 10;
  policy.max_new_machines_per_day = 2;
  policy.refusal_url_prefix = "https://lms.example.test/limits";
  lms::LmsIdentity identity{lms_.encryption, lms_.signing};
  authority_ = std::make_unique<lms::Authority>(identity, ledger_.get(), policy, &world_.clock());
  BackUpA();
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("c")).end);
  RestoreRun d = RunRestore(RestoreOnto("d"));
  EXPECT_EQ(d.end.code(), Code::kRestoreFraud);
  EXPECT_NE(d.end.message().find("daily-limit"), std::string::npos);
  world_.clock().Advance(24 * 3600);
  RELIC_EXPECT_OK(RunRestore(RestoreOnto("d")).end);
}

TEST_F(RestoreTest, AnUninitialisedHomeNeedsIndividualization) {
  BackUpA();
  RestoreRequest request = RestoreOnto("b");
  request.individualize = false;
  RestoreRun run = RunRestore(request);
  EXPECT_EQ(run.start.code(), Code::kNeedsIndividualization);
  EXPECT_TRUE(run.events.empty());
  EXPECT_FALSE(std::filesystem::exists(world_.Home("b")));
}

// Adversary A1/A3: a damaged set is refused before any contact and uses up
// nothing.
TEST_F(RestoreTest, ADamagedSetFailsBeforeContactingTheService) {
  BackUpA();
  Bytes set = ReadFileBytes(BackupSetPath(Folder()));
  set[set.size() / 3] ^= 0x01;
  WriteFileBytes(BackupSetPath(Folder()), set);
  RestoreRun run = RunRestore(RestoreOnto("b"));
  EXPECT_EQ(run.end.code(), Code::kBackupCorrupt);
  EXPECT_EQ(run.Count(RestoreEventType::kConnecting), 0u);
  EXPECT_EQ(authority_->counters().requests.load(), 0u);
  EXPECT_TRUE(LedgerMachines().empty());
  // A failed restore takes away the identity it made: no new home.
  EXPECT_FALSE(std::filesystem::exists(world_.Home("b")));
}

// Adversary A3 holding the backup master and the source machine's keys:
// forged rights fail the issuer signature at the service, which reads each
// license's body in the index, before anything is used up (and the new
// machine would check it again in each record).
TEST_F(RestoreTest, RightsForgedWithTheMasterAndSourceKeysAreRefused) {
  BackUpA();
  Status forged =
      ForgeSet(world_.env(), BackupSetPath(Folder()), world_.Path("forged.rbs"), lms_,
               InternalIdentity(*machine_), ForgeOptions{.edit_license = [](Bytes& file) {
                 // The play count sits in the body; more plays.
                 auto parsed = ParseLicenseFile(file);
                 ASSERT_TRUE(parsed.ok());
                 size_t at = std::search(file.begin(), file.end(), parsed->body_bytes.begin(),
                                         parsed->body_bytes.end()) -
                             file.begin();
                 file[at + 4 + 2 + 16 + 16 + 32 + 64 + 1 + 1] = 0xff;
               }});
  RELIC_ASSERT_OK(forged);
  std::filesystem::rename(world_.Path("forged.rbs"), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(VerifyBackupSet(Folder()));  // structurally perfect
  RestoreRun run = RunRestore(RestoreOnto("b"));
  EXPECT_EQ(run.end.code(), Code::kBadSignature) << run.end.ToString();
  EXPECT_NE(run.end.message().find("is not signed by the issuer it names"), std::string::npos)
      << run.end.message();
  EXPECT_TRUE(StoredIds(*Open("b")).empty());
  EXPECT_TRUE(LedgerMachines().empty());
}

// Adversary A4: an LMS the licenses do not name approves them (the forger
// sealed the master to it and named it in the header).
TEST_F(RestoreTest, AGrantFromAnLmsTheLicenseDoesNotNameIsRefused) {
  BackUpA();
  World::TestLmsKeys rogue = World::NewLms("https://rogue.example.test/restore");
  RELIC_ASSERT_OK(ForgeSet(world_.env(), BackupSetPath(Folder()), world_.Path("forged.rbs"), lms_,
                           InternalIdentity(*machine_), ForgeOptions{.new_lms = rogue}));
  std::filesystem::rename(world_.Path("forged.rbs"), BackupSetPath(Folder()));
  std::filesystem::create_directory(world_.Path("rogue-home"));
  auto rogue_ledger = lms::SqliteLedger::Open(world_.env(), world_.Path("rogue-home"));
  RELIC_ASSERT_OK(rogue_ledger);
  lms::Authority rogue_lms(lms::LmsIdentity{rogue.encryption, rogue.signing}, rogue_ledger->get(),
                           ServedPolicy(), &world_.clock());
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return NewLocalLmsClient(&rogue_lms);
  });
  RestoreRun run = RunRestore(RestoreOnto("b"));
  EXPECT_EQ(run.end.code(), Code::kBadSignature) << run.end.ToString();
  EXPECT_NE(run.end.message().find("names another License Management Service"), std::string::npos);
  EXPECT_TRUE(StoredIds(*Open("b")).empty());
}

// Adversary A4 behind --lms: another service at the address the user gave
// cannot sign for the licenses' LMS.
TEST_F(RestoreTest, AnImpersonatedServiceIsRefused) {
  BackUpA();
  World::TestLmsKeys rogue = World::NewLms();
  std::filesystem::create_directory(world_.Path("rogue-home"));
  auto rogue_ledger = lms::SqliteLedger::Open(world_.env(), world_.Path("rogue-home"));
  RELIC_ASSERT_OK(rogue_ledger);
  lms::Authority rogue_lms(lms::LmsIdentity{rogue.encryption, rogue.signing}, rogue_ledger->get(),
                           ServedPolicy(), &world_.clock());
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return NewLocalLmsClient(&rogue_lms);
  });
  RestoreRequest request = RestoreOnto("b");
  request.lms_url = "http://127.0.0.1:1/elsewhere";
  RestoreRun run = RunRestore(request);
  // It cannot even open the master sealed to the real LMS.
  EXPECT_FALSE(run.end.ok());
  EXPECT_TRUE(run.end.code() == Code::kBadSignature || run.end.code() == Code::kBackupCorrupt)
      << run.end.ToString();
  EXPECT_TRUE(StoredIds(*Open("b")).empty());
  EXPECT_TRUE(LedgerMachines().empty());
}

// Adversary A2: alters the service's answers on their way back
// (TamperingClient), or signs them with a key of its own.
TEST_F(RestoreTest, AForgedOrAlteredAnswerIsRefused) {
  BackUpA();
  int cases = 0;
  for (size_t at : {size_t{10}, size_t{100}, size_t{200}, size_t{400}}) {
    SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
      return std::unique_ptr<LmsClient>(new TamperingClient(authority_.get(), [at](lms::Signed& s) {
        s.message[std::min(at, s.message.size() - 1)] ^= 0x01;
      }));
    });
    RestoreRun run = RunRestore(RestoreOnto("b"));
    EXPECT_EQ(run.end.code(), Code::kBadSignature) << at << ": " << run.end.ToString();
    EXPECT_TRUE(StoredIds(*Open("b")).empty());
    ++cases;
  }
  // A signature from another key.
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return std::unique_ptr<LmsClient>(new TamperingClient(authority_.get(), [](lms::Signed& s) {
      auto other = crypto::GenerateSigningKeyPair();
      s.signature = crypto::Sign(other.secret_key, s.message);
    }));
  });
  EXPECT_EQ(RunRestore(RestoreOnto("b")).end.code(), Code::kBadSignature);
  EXPECT_GT(cases, 0);
}

TEST_F(RestoreTest, ReplayedAndWronglySignedRequestsAreRefusedByTheService) {
  BackUpA();
  auto target = world_.NewMachine("b");
  auto reader = backup::BackupSetReader::Open(world_.env(), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(reader);
  lms::RestoreRequest request;
  request.challenge = *authority_->NewChallenge();
  request.target = target->public_key();
  request.header = (*reader)->header_bytes();
  request.sealed_sections = (*reader)->sealed_sections();
  RELIC_ASSERT_OK((*reader)->ForEachSection(
      backup::SectionKind::kIndex, 0, [&](const backup::BackupSetReader::Section&, ByteView p) {
        request.index_chunk.assign(p.begin(), p.end());
        return Status::Ok();
      }));
  Bytes bytes = lms::EncodeRestoreRequest(request);
  // Adversary A2: signed by a machine other than the one it names.
  lms::Signed wrong{bytes, crypto::Sign(InternalIdentity(*machine_).signing.secret_key, bytes)};
  EXPECT_EQ(authority_->Authorize(wrong).status().code(), Code::kBadSignature);
  lms::Signed good{bytes, crypto::Sign(InternalIdentity(*target).signing.secret_key, bytes)};
  // The refused request did not use the challenge up... but a good one does:
  auto first = authority_->Authorize(good);
  if (!first.ok()) {
    // The wrong signature was checked first, so the challenge survived it.
    ADD_FAILURE() << first.status().ToString();
  }
  // Adversary A2: the same request again.
  EXPECT_EQ(authority_->Authorize(good).status().code(), Code::kStaleChallenge);
  // An unknown challenge.
  request.challenge[0] ^= 1;
  Bytes other = lms::EncodeRestoreRequest(request);
  EXPECT_EQ(authority_
                ->Authorize(lms::Signed{
                    other, crypto::Sign(InternalIdentity(*target).signing.secret_key, other)})
                .status()
                .code(),
            Code::kStaleChallenge);
}

class UnreachableClient final : public LmsClient {
 public:
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return Status(Code::kServiceUnavailable, "no service at the address");
  }
  Result<lms::Signed> Restore(const lms::Signed&) override {
    return Status(Code::kServiceUnavailable, "no service at the address");
  }
};

TEST_F(RestoreTest, AnUnreachableServiceLeavesTheStoreUntouched) {
  BackUpA();
  auto b = world_.NewMachine("b");
  std::string before = Snapshot(b->store());
  b.reset();
  SetLmsClientFactoryForTesting([](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return std::unique_ptr<LmsClient>(new UnreachableClient());
  });
  RestoreRequest request = RestoreOnto("b");
  RestoreRun run = RunRestore(request);
  EXPECT_EQ(run.end.code(), Code::kServiceUnavailable);
  EXPECT_EQ(run.Count(RestoreEventType::kConnecting), 1u);
  EXPECT_EQ(run.Count(RestoreEventType::kBegin), 0u);
  b = Open("b");
  EXPECT_EQ(Snapshot(b->store()), before);
}

TEST_F(RestoreTest, CancelBeforeTheCommitPointChangesNothingAndUsesNothingMoreOnRetry) {
  BackUpA();
  int cancels = 0;
  for (RestoreEventType at : {RestoreEventType::kConnecting, RestoreEventType::kDisconnecting,
                              RestoreEventType::kBegin, RestoreEventType::kProgress}) {
    RestoreRun run = RunRestore(RestoreOnto("b"), [at](const RestoreEvent& e, Operation& op) {
      if (e.type == at) op.Cancel();
    });
    EXPECT_EQ(run.end.code(), Code::kCanceled);
    // Canceled before the service could record anything, the restore takes
    // the identity it made away again; otherwise the home holds nothing.
    if (std::filesystem::exists(world_.Home("b"))) {
      EXPECT_TRUE(StoredIds(*Open("b")).empty());
    }
    ++cancels;
  }
  auto ledger = LedgerMachines();
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  EXPECT_EQ(LedgerMachines(), ledger);  // the grants were already recorded
  EXPECT_EQ(StoredIds(*Open("b")), Ids(allowed_));
  EXPECT_EQ(cancels, 4);
}

TEST_F(RestoreTest, RestoreNeverGivesBackPlaysOrRevivesExpiredLicenses) {
  auto counted = AddLicenses(1, Rights{.allow_backup = true, .play_count = 5});
  Kid soon_kid = world_.PackageContent(*issuer_, "soon", 10);
  RELIC_ASSERT_OK(machine_->store().AddLicense(
      world_.IssueTo(*issuer_, soon_kid, *machine_,
                     Rights{.allow_backup = true, .expires = kStartTime + 1000}, lms_.info)));
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  // B restores, plays twice, loses its home state: deletes the license
  // (tombstone keeps 2 plays), and restores again from the old backup.
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  {
    auto b = Open("b");
    for (int i = 0; i < 2; ++i) {
      RELIC_ASSERT_OK(b->store().Play(world_.Path("song.pkg"), world_.Path("b-out")));
    }
    RELIC_ASSERT_OK(b->store().DeleteLicense(counted[0]));
  }
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  auto b = Open("b");
  auto state = b->store().GetSecureState(counted[0]);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 2u);
  // C's clock is set back, but the service's signed time says the other
  // license has expired: it is skipped and reported.
  world_.clock().Set(kStartTime + 5000);
  RestoreRequest c = RestoreOnto("c");
  RestoreRun run = RunRestore(c);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.Count(RestoreEventType::kExpiredLicense), 1u);
  auto cm = Open("c");
  auto clock = cm->store().RollbackClock();
  RELIC_ASSERT_OK(clock);
  EXPECT_GE(*clock, kStartTime + 5000);
  world_.clock().Set(kStartTime);  // set back
  auto played = cm->store().Play(world_.Path("soon.pkg"), world_.Path("c-out"));
  EXPECT_EQ(played.status().code(), Code::kNoLicense);
}

TEST_F(RestoreTest, ADryRunRecordsNothing) {
  BackUpA();
  RestoreRequest request = RestoreOnto("b");
  request.dry_run = true;
  RestoreRun run = RunRestore(request);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, 3u);
  EXPECT_TRUE(LedgerMachines().empty());
  EXPECT_TRUE(StoredIds(*Open("b")).empty());
}

TEST_F(RestoreTest, APassphraseProtectedSetNeedsItsPassphrase) {
  AddLicenses(2, Rights{.allow_backup = true});
  BackupRequest backup = Request();
  backup.passphrase = "swordfish-and-chips";
  RELIC_ASSERT_OK(RunBackup(backup).end);
  RestoreRun none = RunRestore(RestoreOnto("b"));
  EXPECT_EQ(none.end.code(), Code::kInvalidArgument);
  EXPECT_NE(none.end.message().find("passphrase"), std::string::npos);
  RestoreRequest wrong = RestoreOnto("b");
  wrong.passphrase = "swordfish-and-crisps";
  EXPECT_EQ(RunRestore(wrong).end.code(), Code::kInvalidArgument);
  EXPECT_TRUE(LedgerMachines().empty()) << "a wrong passphrase used up allowance";
  RestoreRequest right = RestoreOnto("b");
  right.passphrase = "swordfish-and-chips";
  RestoreRun ok = RunRestore(right);
  RELIC_ASSERT_OK(ok.end);
  EXPECT_EQ(ok.restored, 2u);
}

// A client that keeps a copy of every request it sends.
class CapturingClient final : public LmsClient {
 public:
  CapturingClient(lms::Authority* authority, std::vector<lms::Signed>* sent)
      : inner_(NewLocalLmsClient(authority)), sent_(sent) {}
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return inner_->Challenge();
  }
  Result<lms::Signed> Restore(const lms::Signed& request) override {
    sent_->push_back(request);
    return inner_->Restore(request);
  }

 private:
  std::unique_ptr<LmsClient> inner_;
  std::vector<lms::Signed>* sent_;
};

// Adversary A2 who saw a passphrase-protected restore's request (plain HTTP
// on loopback, a TLS terminator, a fake service behind --lms): the proof in
// it is bound to that challenge and machine, so it cannot spend the
// allowance onto the observer's machine.
TEST_F(RestoreTest, AnObservedPassphraseProofCannotBeReused) {
  AddLicenses(2, Rights{.allow_backup = true});
  BackupRequest backup = Request();
  backup.passphrase = "correct horse";
  RELIC_ASSERT_OK(RunBackup(backup).end);
  std::vector<lms::Signed> sent;
  SetLmsClientFactoryForTesting([&](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return std::unique_ptr<LmsClient>(new CapturingClient(authority_.get(), &sent));
  });
  RestoreRequest owner = RestoreOnto("b");
  owner.passphrase = "correct horse";
  RELIC_ASSERT_OK(RunRestore(owner).end);
  ASSERT_EQ(sent.size(), 1u);
  auto seen = lms::DecodeRestoreRequest(sent[0].message);
  RELIC_ASSERT_OK(seen);
  ASSERT_TRUE(seen->owner_proof.has_value());
  auto thief = world_.NewMachine("thief");
  auto before = LedgerMachines();
  lms::RestoreRequest stolen = *seen;
  stolen.challenge = *authority_->NewChallenge();
  stolen.target = thief->public_key();
  Bytes bytes = lms::EncodeRestoreRequest(stolen);
  auto answer = authority_->Authorize(
      lms::Signed{bytes, crypto::Sign(InternalIdentity(*thief).signing.secret_key, bytes)});
  EXPECT_EQ(answer.status().code(), Code::kBadSignature);
  EXPECT_NE(answer.status().message().find("passphrase"), std::string::npos);
  EXPECT_EQ(LedgerMachines(), before);
}

// A machine that received its licenses by restore backs them up in turn;
// its set restores onto the next machine, the grants proving the chain.
TEST_F(RestoreTest, ABackupOfRestoredLicensesRestoresAgain) {
  BackUpA();
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  std::filesystem::create_directory(world_.Path("b-backup"));
  BackupRequest from_b;
  from_b.home = world_.Home("b");
  from_b.home_options = world_.Options("b");
  from_b.folder = world_.Path("b-backup");
  BackupRun backup = RunBackup(from_b);
  RELIC_ASSERT_OK(backup.end);
  EXPECT_EQ(backup.events.back().backed_up, 3u);
  RestoreRequest onto_c = RestoreOnto("c");
  onto_c.folder = world_.Path("b-backup");
  RestoreRun run = RunRestore(onto_c);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, 3u);
  auto c = Open("c");
  RELIC_ASSERT_OK(c->store().Play(world_.Path("song.pkg"), world_.Path("c-out")));
  EXPECT_EQ(ReadFileBytes(world_.Path("c-out")), ReadFileBytes(world_.Path("song.plain")));
  // The chain counts against the same limit: A, B, C placed.
  for (const auto& [license, machines] : LedgerMachines()) EXPECT_EQ(machines.size(), 3u);
}

TEST_F(RestoreTest, AnUntrustedIssuerStopsTheRestoreAndTheRetryUsesNothingMore) {
  BackUpA();
  RestoreRequest request = RestoreOnto("b");
  request.home_options.system_trust_dir = world_.Path("nobody-trusted");
  RestoreRun run = RunRestore(request);
  EXPECT_EQ(run.end.code(), Code::kUntrustedIssuer);
  auto ledger = LedgerMachines();
  {
    auto b = world_.OpenMachine("b");
    EXPECT_TRUE(StoredIds(*b).empty());
    RELIC_ASSERT_OK(b->store().TrustIssuer(issuer_->public_key()));
  }
  RELIC_ASSERT_OK(RunRestore(request).end);
  EXPECT_EQ(LedgerMachines(), ledger);
}

// Adversary A5 with a SQLite tool: a restored license carries its
// approval, which names the machine it was granted to; its row copied by
// hand into another machine's store is refused there, and so is the
// original file.
TEST_F(RestoreTest, ARestoredLicenseCannotBeMovedByHand) {
  BackUpA();
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  {
    auto c = world_.NewMachine("c");
    RELIC_ASSERT_OK(c->store().TrustIssuer(issuer_->public_key()));
  }
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((world_.Home("c") + "/store.db").c_str(), &db), SQLITE_OK);
    std::string sql = "ATTACH '" + world_.Home("b") +
                      "/store.db' AS b; "
                      "INSERT INTO main.licenses SELECT * FROM b.licenses; "
                      "INSERT INTO main.secure_state SELECT * FROM b.secure_state;";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto c = world_.OpenMachine("c");
  ASSERT_TRUE(c);
  auto played = c->store().Play(world_.Path("song.pkg"), world_.Path("c-out"));
  EXPECT_EQ(played.status().code(), Code::kCorrupt) << played.status().ToString();
  EXPECT_NE(played.status().message().find("was made for another machine"), std::string::npos)
      << played.status().message();
  EXPECT_FALSE(std::filesystem::exists(world_.Path("c-out")));
  // The original license file names A, and is refused on C as well.
  auto file = world_.IssueTo(*issuer_, kid_, *machine_, Rights{.allow_backup = true}, lms_.info);
  EXPECT_EQ(c->store().AddLicense(file).status().code(), Code::kWrongMachine);
}

TEST_F(RestoreTest, SixtyFourConcurrentRestoresExactlyThreeWin) {
  BackUpA();
  constexpr int kMachines = 64;
  std::vector<RestoreRequest> requests;
  for (int i = 0; i < kMachines; ++i) requests.push_back(RestoreOnto("m" + std::to_string(i)));
  std::vector<Status> ends(kMachines);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMachines; ++i) {
    threads.emplace_back([&, i] { ends[i] = RunRestore(requests[i]).end; });
  }
  for (auto& t : threads) t.join();
  int won = 0, refused = 0;
  for (const Status& s : ends) {
    if (s.ok()) {
      ++won;
    } else {
      EXPECT_EQ(s.code(), Code::kRestoreFraud) << s.ToString();
      EXPECT_NE(s.message().find("https://lms.example.test/limits/"), std::string::npos);
      ++refused;
    }
  }
  EXPECT_EQ(won, 3);
  EXPECT_EQ(refused, 61);
  for (const auto& [license, machines] : LedgerMachines()) {
    EXPECT_EQ(machines.size(), 4u) << license;
  }
}

// The same race through the real HTTP service and client on loopback: the
// losers must hear RESTORE_FRAUD, not busy, a timeout or "unavailable",
// although 64 clients exceed the service's 32 workers.
TEST_F(RestoreTest, SixtyFourConcurrentRestoresOverHttpExactlyThreeWin) {
  BackUpA();
  lms::HttpServiceOptions options;
  options.port = 0;
  options.log = [](const std::string&) {};
  auto service = lms::HttpService::Start(authority_.get(), options);
  RELIC_ASSERT_OK(service);
  SetLmsClientFactoryForTesting(nullptr);  // the real HTTP client
  constexpr int kMachines = 64;
  std::vector<RestoreRequest> requests;
  for (int i = 0; i < kMachines; ++i) {
    requests.push_back(RestoreOnto("h" + std::to_string(i)));
    requests.back().lms_url = (*service)->url();
  }
  std::vector<Status> ends(kMachines);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMachines; ++i) {
    threads.emplace_back([&, i] { ends[i] = RunRestore(requests[i]).end; });
  }
  for (auto& t : threads) t.join();
  int won = 0;
  for (const Status& s : ends) {
    if (s.ok()) {
      ++won;
    } else {
      EXPECT_EQ(s.code(), Code::kRestoreFraud) << s.ToString();
      EXPECT_NE(s.message().find("https://lms.example.test/limits/machine-limit"),
                std::string::npos);
    }
  }
  EXPECT_EQ(won, 3);
  for (const auto& [license, machines] : LedgerMachines()) {
    EXPECT_EQ(machines.size(), 4u) << license;
  }
}

}  // namespace
}  // namespace relic::testing
