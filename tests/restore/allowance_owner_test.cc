// SPDX-License-Identifier: Apache-2.0
// The restore allowance belongs to the license's owner
// (docs/backup-and-restore.md, "Whose allowance"): a stranger who holds a
// victim's license file and the service's public key, with a machine of
// their own, cannot get a single placement recorded for that license. The
// stranger plays A3 (produces any bytes: crafted sets, bodies signed with
// an issuer key of their own) and sends them as a restore request, as A2
// may; the finder of a passphrase-protected set is A1. Security cases name
// their adversary in the comment above them.
#include <gtest/gtest.h>

#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "format/license_format.h"
#include "lms/http_service.h"
#include "lms/ownership.h"
#include "machine/machine_internal.h"
#include "protocol/protocol.h"
#include "restore_fixture.h"

namespace relic::testing {
namespace {

class AllowanceOwnerTest : public RestoreFixture {
 protected:
  void TearDown() override {
    backup::SetWrittenBackupVersionForTesting(backup::kBackupVersion);
    RestoreFixture::TearDown();
  }

  // The victim (machine "a") holds three licenses that allow backup; the
  // stranger has the license files, as anyone the victim sent them to.
  void VictimLicenses() {
    for (int i = 0; i < 3; ++i) {
      Bytes file = world_.IssueTo(*issuer_, kid_, *machine_,
                                  Rights{.allow_backup = true, .play_count = 3}, lms_.info);
      auto added = machine_->store().AddLicense(file);
      RELIC_ASSERT_OK(added.status());
      victim_files_.push_back(file);
      victim_ids_.push_back(added->license_id);
    }
  }

  // The index entry a crafted set carries for a license file: its body and
  // issuer signature, exactly as in the file.
  static backup::IndexEntry EntryFor(ByteView license_file) {
    auto parsed = ParseLicenseFile(license_file);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    backup::IndexEntry entry;
    if (!parsed.ok()) return entry;
    entry.license_id = parsed->body.license_id;
    entry.kid = parsed->body.kid;
    entry.body_hash = crypto::Hash256(parsed->body_bytes);
    entry.body = parsed->body_bytes;
    entry.body_signature = parsed->signature;
    return entry;
  }

  // A restore request for a set the stranger made by hand: signed by
  // `source` (the stranger's machine), one group naming the service, a
  // master of the stranger's own sealed to it, and `entries`. `header`, if
  // given, is used instead of a header of the stranger's own (A1 with a
  // found set: then only the sealed material and index are the stranger's).
  lms::Signed CraftedRequest(const MachineIdentity& source, Machine& target,
                             const std::vector<backup::IndexEntry>& entries,
                             const Bytes* found_header = nullptr) {
    backup::HeaderCore core;
    Bytes header;
    if (found_header != nullptr) {
      header = *found_header;
      auto decoded = backup::DecodeHeaderCore(
          ByteView(header.data(), header.size() - crypto::kSignatureSize - 32));
      EXPECT_TRUE(decoded.ok());
      if (decoded.ok()) core = *decoded;
    } else {
      crypto::RandomFill(core.set_id);
      core.source = source.public_key();
      core.created_at = world_.clock().NowUnixSeconds();
      core.license_count = static_cast<uint32_t>(entries.size());
      core.chunk_size = backup::kDefaultChunkSize;
      core.groups.push_back(backup::GroupInfo{
          .lms = lms_.info, .license_count = core.license_count, .index_chunk_count = 1});
    }
    const Bytes core_bytes = found_header != nullptr
                                 ? Bytes(header.begin(), header.end() - crypto::kSignatureSize - 32)
                                 : backup::EncodeHeaderCore(core);
    backup::Key master;
    crypto::RandomFill(master);
    const Bytes sealed = crypto::Seal(
        lms_.encryption.public_key,
        backup::EncodeMaster(backup::MasterPlain{master, backup::CoreHash(core_bytes), {}}));
    Bytes sealed_sections = backup::SectionHead(backup::SectionKind::kSealedMaster, 0, 0,
                                                static_cast<uint32_t>(sealed.size()));
    sealed_sections.insert(sealed_sections.end(), sealed.begin(), sealed.end());
    if (found_header == nullptr) {
      crypto::Blake2b hash = backup::NewHash("relic backup sealed v1");
      hash.Update(sealed_sections);
      const auto sealed_hash = hash.Final256();
      header = core_bytes;
      header.insert(header.end(), sealed_hash.begin(), sealed_hash.end());
      const crypto::Signature signature = crypto::Sign(source.signing.secret_key, header);
      header.insert(header.end(), signature.begin(), signature.end());
    }
    lms::RestoreRequest request;
    auto challenge = authority_->NewChallenge();
    EXPECT_TRUE(challenge.ok());
    if (challenge.ok()) request.challenge = *challenge;
    request.target = target.public_key();
    request.header = header;
    request.sealed_sections = sealed_sections;
    request.index_chunk = crypto::AeadEncrypt(backup::IndexKey(master, core.set_id),
                                              backup::EncodeIndexEntries(entries),
                                              backup::IndexAssociatedData(core.set_id, 0, 0));
    lms::Signed out;
    out.message = lms::EncodeRestoreRequest(request);
    out.signature = crypto::Sign(InternalIdentity(target).signing.secret_key, out.message);
    return out;
  }

  // The owner backs up and restores onto a new machine of theirs: all of
  // the licenses come back.
  void ExpectTheOwnersRestoreSucceeds() {
    RELIC_ASSERT_OK(RunBackup(Request()).end);
    RestoreRun run = RunRestore(RestoreOnto("owners-new-machine"));
    RELIC_ASSERT_OK(run.end);
    EXPECT_EQ(run.restored, victim_ids_.size());
  }

  std::vector<Bytes> victim_files_;
  std::vector<LicenseId> victim_ids_;
};

// Adversary A3 (sending as A2): a set the stranger crafted on their own
// machine, naming the victim's licenses with their exact issuer-signed
// bodies, gets not one placement; the owner's restore afterwards succeeds.
TEST_F(AllowanceOwnerTest, ACraftedSetNamingAVictimsLicensesRecordsNothing) {
  VictimLicenses();
  auto stranger = world_.NewMachine("stranger");
  auto strangers_other = world_.NewMachine("strangers-other");
  ASSERT_TRUE(stranger && strangers_other);
  std::vector<backup::IndexEntry> entries;
  for (const Bytes& file : victim_files_) entries.push_back(EntryFor(file));
  for (Machine* target : {stranger.get(), strangers_other.get()}) {
    auto answer =
        authority_->Authorize(CraftedRequest(InternalIdentity(*stranger), *target, entries));
    EXPECT_EQ(answer.status().code(), Code::kWrongMachine);
    EXPECT_EQ(answer.status().message(),
              "the backup set's source machine (" + stranger->machine_id() +
                  ") does not hold license " + victim_ids_[0].ToString() +
                  ": it was issued to machine " + machine_->machine_id() +
                  " and this service has not placed it on the source; nothing was granted or "
                  "used up. Restore from a backup made on a machine that holds the license");
  }
  EXPECT_TRUE(LedgerMachines().empty()) << "a stranger's set used up allowance";
  ExpectTheOwnersRestoreSucceeds();
}

// Adversary A3 (sending as A2) over the real HTTP service and client: the
// refusal is a 403 that the client reads back as wrong_machine (a 5xx would
// be retried and end as service_unavailable), and nothing is recorded.
TEST_F(AllowanceOwnerTest, OverHttpACraftedSetIsRefusedAsWrongMachine) {
  VictimLicenses();
  lms::HttpServiceOptions options;
  options.port = 0;
  options.log = [](const std::string&) {};
  auto service = lms::HttpService::Start(authority_.get(), options);
  RELIC_ASSERT_OK(service.status());
  auto client = NewHttpLmsClient((*service)->url());
  RELIC_ASSERT_OK(client.status());
  auto stranger = world_.NewMachine("stranger");
  ASSERT_TRUE(stranger);
  auto answer = (*client)->Restore(
      CraftedRequest(InternalIdentity(*stranger), *stranger, {EntryFor(victim_files_[0])}));
  EXPECT_EQ(answer.status().code(), Code::kWrongMachine) << answer.status().ToString();
  EXPECT_NE(answer.status().message().find("does not hold license " + victim_ids_[0].ToString()),
            std::string::npos)
      << answer.status().message();
  EXPECT_TRUE(LedgerMachines().empty());
}

// Adversary A3 (sending as A2): the same after the owner restored once, so
// the ledger knows the license; the stranger's set is still refused and the
// ledger keeps exactly the owner's machines.
TEST_F(AllowanceOwnerTest, ACraftedSetIsRefusedAlsoOnceTheLedgerKnowsTheLicense) {
  VictimLicenses();
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  RELIC_ASSERT_OK(RunRestore(RestoreOnto("b")).end);
  const auto before = LedgerMachines();
  ASSERT_EQ(before.size(), victim_ids_.size());
  auto stranger = world_.NewMachine("stranger");
  ASSERT_TRUE(stranger);
  auto answer = authority_->Authorize(
      CraftedRequest(InternalIdentity(*stranger), *stranger, {EntryFor(victim_files_[1])}));
  EXPECT_EQ(answer.status().code(), Code::kWrongMachine) << answer.status().ToString();
  EXPECT_EQ(LedgerMachines(), before);
}

// Adversary A3 (sending as A2): a body the stranger signed with an issuer key
// of their own, naming the victim's license ID, their own machine and this
// service, backed up by the real backup engine from a store that trusts that
// issuer: refused as an issuer the service does not serve, nothing recorded;
// the owner's restore afterwards succeeds.
TEST_F(AllowanceOwnerTest, ABodySignedByTheStrangersOwnIssuerRecordsNothing) {
  VictimLicenses();
  auto stranger = world_.NewMachine("stranger");
  ASSERT_TRUE(stranger);
  // A license of the stranger's, then re-signed under their own issuer key
  // with the victim's license ID.
  auto own = ParseLicenseFile(
      world_.IssueTo(*issuer_, kid_, *stranger, Rights{.allow_backup = true}, lms_.info));
  RELIC_ASSERT_OK(own.status());
  const crypto::SigningKeyPair strangers_issuer = crypto::GenerateSigningKeyPair();
  LicenseBody body = own->body;
  body.license_id = victim_ids_[0];
  body.issuer.signing = strangers_issuer.public_key;
  const Bytes body_bytes = EncodeLicenseBody(body);
  const Bytes forged = EncodeLicenseFile(
      body_bytes, crypto::Sign(strangers_issuer.secret_key, body_bytes), own->sealed_content_key);
  RELIC_ASSERT_OK(stranger->store().TrustIssuer(body.issuer));
  const auto added = stranger->store().AddLicense(forged);
  RELIC_ASSERT_OK(added.status());
  stranger.reset();
  const std::string folder = world_.Path("strangers-set");
  std::filesystem::create_directory(folder);
  BackupRequest backup;
  backup.home = world_.Home("stranger");
  backup.home_options = world_.Options("stranger");
  backup.folder = folder;
  RELIC_ASSERT_OK(RunBackup(backup).end);

  RestoreRequest restore = RestoreOnto("strangers-other");
  restore.folder = folder;
  RestoreRun run = RunRestore(restore);
  EXPECT_EQ(run.end.code(), Code::kUntrustedIssuer) << run.end.ToString();
  EXPECT_NE(run.end.message().find("license " + victim_ids_[0].ToString() + " was issued by " +
                                   body.issuer.ToString() +
                                   ", an issuer this License Management Service does not serve; "
                                   "nothing was granted or used up"),
            std::string::npos)
      << run.end.message();
  EXPECT_EQ(run.restored, 0u);
  EXPECT_TRUE(LedgerMachines().empty()) << "a stranger's own issuer used up allowance";
  ExpectTheOwnersRestoreSucceeds();
}

// Adversary A1 with the victim's license file: the finder of a
// passphrase-protected set keeps its signed header but seals a master of
// their own (without a proof key) to the service, so as to skip the
// passphrase. The header's sealed hash does not commit to that master.
TEST_F(AllowanceOwnerTest, AMasterTheHeaderDoesNotCommitToIsRefused) {
  VictimLicenses();
  BackupRequest protected_backup = Request();
  protected_backup.passphrase = "correct horse battery";
  RELIC_ASSERT_OK(RunBackup(protected_backup).end);
  auto reader = backup::BackupSetReader::Open(world_.env(), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(reader.status());
  const Bytes found_header = (*reader)->header_bytes();
  auto finder = world_.NewMachine("finder");
  ASSERT_TRUE(finder);
  std::vector<backup::IndexEntry> entries;
  for (const Bytes& file : victim_files_) entries.push_back(EntryFor(file));
  auto answer = authority_->Authorize(
      CraftedRequest(InternalIdentity(*machine_), *finder, entries, &found_header));
  EXPECT_EQ(answer.status().code(), Code::kBackupCorrupt);
  EXPECT_EQ(answer.status().message(),
            "the backup set in the request carries sealed key material its header does not "
            "commit to; nothing was granted or used up");
  EXPECT_TRUE(LedgerMachines().empty()) << "a forged master skipped the passphrase";
}

// Adversary A5 with an old set: a set of format version 1 does not show who
// holds its licenses, so the service refuses it unless its ledger already
// places the licenses on the set's source machine.
TEST_F(AllowanceOwnerTest, AnOldFormatSetIsRefusedUnlessTheLedgerPlacesItsLicensesOnItsSource) {
  VictimLicenses();
  backup::SetWrittenBackupVersionForTesting(1);
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  RestoreRun refused = RunRestore(RestoreOnto("b"));
  EXPECT_EQ(refused.end.code(), Code::kUnsupportedVersion) << refused.end.ToString();
  const std::string first_id = victim_ids_.front().ToString();
  bool names_one = false;
  for (const LicenseId& id : victim_ids_) {
    const std::string expected =
        "the backup set has format version 1, which does not show that its source machine "
        "holds its licenses, and this service has not placed license " +
        id.ToString() + " on that machine (" + machine_->machine_id() +
        "); nothing was granted or used up. Make a new backup on the source machine with this "
        "version of relic and restore that";
    names_one = names_one || refused.end.message().find(expected) != std::string::npos;
  }
  EXPECT_TRUE(names_one) << refused.end.message();
  EXPECT_EQ(refused.restored, 0u);
  EXPECT_TRUE(LedgerMachines().empty());

  // Once a version 2 set of the same machine was restored, the ledger places
  // the licenses on it, and its old sets restore again.
  backup::SetWrittenBackupVersionForTesting(backup::kBackupVersion);
  const std::string v2_folder = world_.Path("new-backups");
  std::filesystem::create_directory(v2_folder);
  BackupRequest fresh = Request();
  fresh.folder = v2_folder;
  RELIC_ASSERT_OK(RunBackup(fresh).end);
  RestoreRequest onto_c = RestoreOnto("c");
  onto_c.folder = v2_folder;
  RELIC_ASSERT_OK(RunRestore(onto_c).end);
  RestoreRun old_again = RunRestore(RestoreOnto("d"));
  RELIC_ASSERT_OK(old_again.end);
  EXPECT_EQ(old_again.restored, victim_ids_.size());
  for (const LicenseId& id : victim_ids_) {
    EXPECT_EQ(LedgerMachines()[id.ToString()].size(), 3u);  // a, c, d
  }
}

// Not a security case: index entries now carry bodies (up to 2,297 bytes
// each), so an index chunk, and so a restore batch, also ends at 2 MiB and a
// request stays within the service's 4 MiB limit. 1,000 licenses naming a
// service by a 2,048-byte URL make two chunks, and both restore.
TEST_F(AllowanceOwnerTest, BatchesAreBoundedByBytesAsWellAsByCount) {
  LmsInfo long_url = lms_.info;
  long_url.url = "https://lms.example.test/";
  long_url.url += std::string(kMaxLmsUrlSize - long_url.url.size(), 'a');
  const std::vector<LicenseId> ids = AddLicenses(1000, Rights{.allow_backup = true}, long_url);
  ASSERT_EQ(ids.size(), 1000u);
  RELIC_ASSERT_OK(RunBackup(Request()).end);
  auto reader = backup::BackupSetReader::Open(world_.env(), BackupSetPath(Folder()));
  RELIC_ASSERT_OK(reader.status());
  ASSERT_EQ((*reader)->core().groups.size(), 1u);
  EXPECT_EQ((*reader)->core().groups[0].index_chunk_count, 2u);
  size_t largest = 0;
  RELIC_ASSERT_OK((*reader)->ForEachSection(
      backup::SectionKind::kIndex, 0, [&](const backup::BackupSetReader::Section& s, ByteView) {
        largest = std::max<size_t>(largest, s.length);
        return Status::Ok();
      }));
  EXPECT_LE(largest, backup::kMaxIndexChunkBytes + 64);
  EXPECT_LE(largest + (*reader)->header_bytes().size() + (*reader)->sealed_sections().size() + 512,
            lms::kMaxRequestSize);
  RestoreRun run = RunRestore(RestoreOnto("b"));
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, ids.size());
}

// A3 signs nothing the service trusts, but can put a bad body anywhere in a
// batch: checked on many threads, a batch's bodies give the verdict that
// checking them in order gives, the first bad entry's error, whatever the
// slices.
TEST_F(AllowanceOwnerTest, ABatchsBodiesCheckedInParallelGiveTheFirstBadEntrysError) {
  std::vector<backup::IndexEntry> entries;
  for (int i = 0; i < 100; ++i) {
    entries.push_back(EntryFor(
        world_.IssueTo(*issuer_, kid_, *machine_, Rights{.allow_backup = true}, lms_.info)));
  }
  const std::vector<IssuerPublicKey> served = {issuer_->public_key()};
  WorkerPool pool(3);

  auto machines = lms::CheckEntryBodies(entries, lms_.info.key, served, pool);
  RELIC_ASSERT_OK(machines.status());
  ASSERT_EQ(machines->size(), entries.size());
  for (const auto& machine : *machines) EXPECT_EQ(machine, machine_->public_key());

  entries[90].body_signature[0] ^= 1;
  entries[70].body_signature[0] ^= 1;
  auto refused = lms::CheckEntryBodies(entries, lms_.info.key, served, pool);
  ASSERT_FALSE(refused.ok());
  const Status first = lms::CheckEntryBody(entries[70], lms_.info.key, served).status();
  EXPECT_EQ(refused.status().code(), Code::kBadSignature);
  EXPECT_EQ(refused.status().ToString(), first.ToString());
  EXPECT_NE(refused.status().message().find(entries[70].license_id.ToString()), std::string::npos);
}

}  // namespace
}  // namespace relic::testing
