// SPDX-License-Identifier: Apache-2.0
// `relic backup`, `relic backup verify` and `relic-lms init` as a user runs
// them.
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli_fixture.h"

namespace relic::testing {
namespace {

class BackupCliTest : public CliTest {
 protected:
  std::string NewLmsKey() {
    RunOptions options;
    options.home_fallback = Path("user-home");
    ProcessResult r =
        RunProcess({RELIC_LMS_PATH, "init", "--home", Path("lms"), "--json"}, options);
    EXPECT_TRUE(Succeeded(r));
    return ParseJson(r.out).at("public_key").get<std::string>();
  }
  // A license of the setup's content that allows backup, naming `lms`.
  void AddBackupAllowedLicense(const Setup& s, const std::string& lms) {
    AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key,
                                {"--allow-backup", "--lms-key", lms, "--lms-url",
                                 "https://lms.example.test/r"}));
  }
};

TEST_F(BackupCliTest, BacksUpAllowedLicensesAndReportsTheOthersByKid) {
  Setup s = MakeSetup();
  std::string lms = NewLmsKey();
  EXPECT_TRUE(lms.starts_with("rl1."));
  AddBackupAllowedLicense(s, lms);
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key));
  std::filesystem::create_directory(Path("backups"));
  ProcessResult r = Run(s.machine, {"backup", Path("backups"), "--json"});
  ASSERT_TRUE(Succeeded(r));
  Json out = ParseJson(r.out);
  EXPECT_EQ(out.at("backed_up"), 1);
  EXPECT_EQ(out.at("restricted"), Json::array({s.kid}));
  EXPECT_EQ(out.at("expired"), Json::array());
  // Without a passphrase the user is told what that means.
  EXPECT_NE(r.err.find("whoever holds the file can use up the restore allowance"),
            std::string::npos);

  ProcessResult v = Run(s.machine, {"backup", "verify", Path("backups"), "--json"});
  ASSERT_TRUE(Succeeded(v));
  Json info = ParseJson(v.out);
  EXPECT_EQ(info.at("licenses"), 1);
  EXPECT_EQ(info.at("source_machine_id"), MachineIdOf(s.machine));
  EXPECT_EQ(info.at("lms_urls"), Json::array({"https://lms.example.test/r"}));

  // A second backup into the same folder needs --overwrite.
  DirSnapshot before = Snapshot(Path("backups"));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"backup", Path("backups")}), Code::kBackupExists,
                         {"--overwrite"}));
  EXPECT_EQ(Snapshot(Path("backups")), before);
  EXPECT_TRUE(Succeeded(Run(s.machine, {"backup", Path("backups"), "--overwrite"})));
}

// The user presses Ctrl-C while the backup runs (here while it derives the
// passphrase key, which takes long enough to be sure to be interrupted).
TEST_F(BackupCliTest, CtrlCCancelsAndLeavesTheFolderAsItWas) {
  Setup s = MakeSetup();
  std::string lms = NewLmsKey();
  AddBackupAllowedLicense(s, lms);
  WriteFile(Path("pass"), "correct horse battery staple\n");
  const std::string folder = Path("backups");
  std::filesystem::create_directory(folder);
  Subprocess backup({RELIC_CLI_PATH, "backup", folder, "--passphrase-file", Path("pass")},
                    OptionsFor(s.machine));
  // The temporary file appears when the backup has started; the handler is
  // installed right after.
  auto has_temporary = [&] {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      if (entry.path().filename().string().find(".relic-tmp-") != std::string::npos) return true;
    }
    return false;
  };
  for (int i = 0; i < 1000 && !has_temporary(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(has_temporary());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  backup.Signal(SIGINT);
  ProcessResult r = backup.Wait();
  EXPECT_TRUE(FailedWith(r, Code::kCanceled, {"backup"})) << r.Describe();
  EXPECT_TRUE(Snapshot(folder).empty()) << "the folder must be left as it was";
}

TEST_F(BackupCliTest, PassphraseFromAFile) {
  Setup s = MakeSetup();
  std::string lms = NewLmsKey();
  AddBackupAllowedLicense(s, lms);
  std::filesystem::create_directory(Path("backups"));
  WriteFile(Path("pw"), "open sesame\n");
  ProcessResult r = Run(s.machine, {"backup", Path("backups"), "--passphrase-file", Path("pw")});
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r.err.find("no passphrase"), std::string::npos);
  ProcessResult v = Run(s.machine, {"backup", "verify", Path("backups"), "--json"});
  EXPECT_EQ(ParseJson(v.out).at("passphrase_protected"), true);

  WriteFile(Path("empty-pw"), "");
  std::filesystem::create_directory(Path("other"));
  EXPECT_TRUE(
      FailedWith(Run(s.machine, {"backup", Path("other"), "--passphrase-file", Path("empty-pw")}),
                 Code::kInvalidArgument, {"empty"}));
  // --passphrase asks on a terminal; tests have none.
  EXPECT_TRUE(FailedWith(Run(s.machine, {"backup", Path("other"), "--passphrase"}),
                         Code::kInvalidArgument, {"--passphrase-file"}));
  EXPECT_TRUE(std::filesystem::is_empty(Path("other")));
}

TEST_F(BackupCliTest, BadTargetsAndDamagedSets) {
  Setup s = MakeSetup();
  EXPECT_TRUE(
      FailedWith(Run(s.machine, {"backup", Path("missing")}), Code::kNotFound, {"does not exist"}));
  WriteFile(Path("file"), "x");
  EXPECT_TRUE(FailedWith(Run(s.machine, {"backup", Path("file")}), Code::kInvalidArgument,
                         {"not a folder"}));
  SimMachine fresh = NewMachine("uninitialised");
  std::filesystem::create_directory(Path("backups"));
  EXPECT_TRUE(
      FailedWith(Run(fresh, {"backup", Path("backups")}), Code::kNotInitialized, {"relic init"}));

  ASSERT_TRUE(Succeeded(Run(s.machine, {"backup", Path("backups")})));
  std::string set = ReadFile(Path("backups/relic-backup.rbs"));
  for (size_t at : {size_t{0}, size_t{20}, set.size() / 2, set.size() - 1}) {
    std::string damaged = set;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    WriteFile(Path("backups/relic-backup.rbs"), damaged);
    EXPECT_TRUE(FailedWith(Run(s.machine, {"backup", "verify", Path("backups")}),
                           Code::kBackupCorrupt, {"damaged"}))
        << "byte " << at;
  }
  WriteFile(Path("backups/relic-backup.rbs"), set.substr(0, set.size() - 5));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"backup", "verify", Path("backups")}),
                         Code::kBackupCorrupt, {"truncated"}));
}

TEST_F(BackupCliTest, LmsInitTwiceFailsAndChangesNothing) {
  NewLmsKey();
  DirSnapshot before = Snapshot(Path("lms"));
  RunOptions options;
  options.home_fallback = Path("user-home");
  ProcessResult again = RunProcess({RELIC_LMS_PATH, "init", "--home", Path("lms")}, options);
  EXPECT_EQ(again.exit_code, ExitCodeFor(Code::kAlreadyExists));
  ASSERT_EQ(again.ErrLines().size(), 1u);
  EXPECT_TRUE(again.ErrLines()[0].starts_with("relic-lms: "));
  EXPECT_NE(again.err.find("already has keys"), std::string::npos);
  EXPECT_EQ(Snapshot(Path("lms")), before);
  EXPECT_EQ(PermissionBits(Path("lms/lms.key")), 0600u);
}

}  // namespace
}  // namespace relic::testing
