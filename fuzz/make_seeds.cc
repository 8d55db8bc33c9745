// Writes the fuzz seed corpora with the real library: licenses issued by a
// real issuer, packages made by the real packager, backup sets written by a
// real backup, and the restore request and answer exchanged by a real
// restore with the real Authority (through a client that records them).
// Run by scripts/fuzz-seeds, which puts them under fuzz/<target>/corpus.
// Output directory: $RELIC_FUZZ_SEEDS_DIR (one subdirectory per target).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "../tests/restore/restore_fixture.h"
#include "format/grant.h"
#include "format/package_format.h"
#include "fuzz_keys.h"
#include "lms/protocol.h"

namespace relic::testing {
namespace {

// Records what crosses the wire, in both of the forms the fuzzers take:
// the JSON body and the bare signed message.
class RecordingClient final : public LmsClient {
 public:
  RecordingClient(std::unique_ptr<LmsClient> inner, std::vector<lms::Signed>* requests,
                  std::vector<lms::Signed>* answers)
      : inner_(std::move(inner)), requests_(requests), answers_(answers) {}
  Result<std::array<uint8_t, lms::kChallengeSize>> Challenge() override {
    return inner_->Challenge();
  }
  Result<lms::Signed> Restore(const lms::Signed& request) override {
    requests_->push_back(request);
    auto answer = inner_->Restore(request);
    if (answer.ok()) answers_->push_back(*answer);
    return answer;
  }

 private:
  std::unique_ptr<LmsClient> inner_;
  std::vector<lms::Signed>* requests_;
  std::vector<lms::Signed>* answers_;
};

class SeedWriter : public RestoreFixture {
 protected:
  void Write(const std::string& target, const std::string& name, ByteView data) {
    const char* dir = std::getenv("RELIC_FUZZ_SEEDS_DIR");
    ASSERT_NE(dir, nullptr) << "set RELIC_FUZZ_SEEDS_DIR to the output directory";
    std::filesystem::create_directories(std::string(dir) + "/" + target);
    WriteFileBytes(std::string(dir) + "/" + target + "/seed-" + name, data);
  }
  void WriteText(const std::string& target, const std::string& name, const std::string& text) {
    Write(target, name, ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
  }

  std::vector<lms::Signed> requests_, answers_;
};

TEST_F(SeedWriter, WritesEverySeed) {
  // License files: the shapes of rights a real issuer writes.
  Write("license_file", "unlimited", world_.IssueTo(*issuer_, kid_, *machine_, Rights{}));
  Write("license_file", "backup-lms",
        world_.IssueTo(*issuer_, kid_, *machine_, Rights{.allow_backup = true}, lms_.info));
  Write("license_file", "plays-window",
        world_.IssueTo(*issuer_, kid_, *machine_,
                       Rights{.allow_backup = false, .play_count = 3, .begins = kStartTime,
                              .expires = kStartTime + 86400}));

  // Packages under the fuzzers' key: empty, one chunk, several chunks.
  {
    crypto::SymmetricKey key;
    std::memcpy(key.data(), fuzz::kFuzzContentKey, key.size());
    Kid kid;
    kid.bytes.fill(0x4b);
    for (auto [name, size, chunk] : {std::tuple{"empty", 0, 16}, std::tuple{"one-chunk", 40, 64},
                                     std::tuple{"three-chunks", 100, 40}}) {
      WriteFileBytes(world_.Path("plain"), RandomContent(static_cast<size_t>(size)));
      RELIC_ASSERT_OK(EncryptPackage(world_.env(), world_.Path("plain"), world_.Path("seed.pkg"),
                                     key, kid, static_cast<uint32_t>(chunk)));
      Write("package", name, ReadFileBytes(world_.Path("seed.pkg")));
    }
  }

  // Backup sets: a small plain one and a passphrase-protected one.
  AddLicenses(3, Rights{.allow_backup = true});
  AddLicenses(1, Rights{.allow_backup = true, .play_count = 5});
  BackupRequest backup = Request();
  backup.chunk_size = 1024;
  BackupRun plain_run = RunBackup(backup);
  RELIC_ASSERT_OK(plain_run.start);
  RELIC_ASSERT_OK(plain_run.end);
  Write("backup_set", "plain", ReadFileBytes(BackupSetPath(Folder())));
  {
    std::filesystem::create_directories(world_.Path("protected"));
    BackupRequest with_passphrase = backup;
    with_passphrase.folder = world_.Path("protected");
    with_passphrase.passphrase = "correct horse battery staple";
    BackupRun protected_run = RunBackup(with_passphrase);
    RELIC_ASSERT_OK(protected_run.start);
    RELIC_ASSERT_OK(protected_run.end);
    Write("backup_set", "passphrase", ReadFileBytes(BackupSetPath(world_.Path("protected"))));
  }

  // A real restore (a dry run, then the real one) through a recording client.
  SetLmsClientFactoryForTesting([this](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
    return std::unique_ptr<LmsClient>(std::make_unique<RecordingClient>(
        NewLocalLmsClient(authority_.get()), &requests_, &answers_));
  });
  RestoreRequest dry = RestoreOnto("b");
  dry.dry_run = true;
  for (const RestoreRequest& request : {dry, RestoreOnto("b")}) {
    RestoreRun run = RunRestore(request);
    RELIC_ASSERT_OK(run.start);
    RELIC_ASSERT_OK(run.end);
  }
  ASSERT_GE(requests_.size(), 2u);
  ASSERT_GE(answers_.size(), 2u);
  for (size_t i = 0; i < requests_.size(); ++i) {
    const auto& r = requests_[i];
    WriteText("lms_request", "json-" + std::to_string(i),
              lms::WrapSigned("request", r.message, r.signature));
    Write("lms_request", "binary-" + std::to_string(i), r.message);
  }
  for (size_t i = 0; i < answers_.size(); ++i) {
    const auto& a = answers_[i];
    WriteText("lms_answer", "json-" + std::to_string(i),
              lms::WrapSigned("answer", a.message, a.signature));
    Write("lms_answer", "binary-" + std::to_string(i), a.message);
    // The license grants the store keeps, built from the answer as the
    // restore engine builds them.
    auto decoded = lms::DecodeRestoreAnswer(a.message);
    RELIC_ASSERT_OK(decoded);
    std::vector<lms::Hash> leaves;
    for (const auto& leaf : decoded->granted) leaves.push_back(lms::LeafHash(leaf));
    if (leaves.empty()) continue;
    lms::MerkleTree tree(leaves);
    lms::LicenseGrant grant;
    grant.root_bytes = decoded->root_bytes;
    grant.signature = decoded->root_signature;
    grant.leaf = decoded->granted[0];
    grant.proof = tree.Proof(0);
    grant.root = decoded->root;
    Write("license_file", "grant-" + std::to_string(i), lms::EncodeLicenseGrant(grant));
  }
}

}  // namespace
}  // namespace relic::testing
