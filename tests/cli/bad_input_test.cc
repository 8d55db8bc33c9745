// SPDX-License-Identifier: Apache-2.0
// Bad input of every kind: each gives a clear one-line error, a non-zero exit
// code and changes nothing.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "cli_fixture.h"
#include "relic/version.h"

namespace relic::testing {
namespace {
namespace fs = std::filesystem;

class CliBadInputTest : public CliTest {
 protected:
  void SetUp() override {
    s_ = MakeSetup();
    license_ = Issue(s_.issuer, s_.kid, s_.machine_key);
    // One license stored, so that "unchanged" means something.
    AddLicense(s_.machine, Issue(s_.issuer, s_.kid, s_.machine_key, {"--plays", "5"}));
    before_ = ListJsonText();
    home_before_ = Snapshot(s_.machine.home);
  }
  void TearDown() override {
    // Unchanged both as the user sees it and byte for byte: a refused
    // command writes nothing (except the anti-rollback clock, below).
    if (!clock_may_advance_) {
      EXPECT_TRUE(Snapshot(s_.machine.home) == home_before_) << "the home's files changed";
    }
    EXPECT_EQ(ListJsonText(), before_) << "the store changed";
  }
  std::string ListJsonText() {
    ProcessResult listed = Run(s_.machine, {"license", "list", "--json"});
    EXPECT_TRUE(Succeeded(listed));
    return listed.out;
  }
  // `relic issue` for the setup's KID and machine with `flags` replacing or
  // extending the defaults; the license goes to out().
  ProcessResult IssueWith(const std::vector<std::string>& flags) {
    std::vector<std::string> args = {"issue", "--issuer", s_.issuer.dir, "-o", out()};
    args.insert(args.end(), flags.begin(), flags.end());
    return RunTool(args);
  }
  std::vector<std::string> Target() { return {"--kid", s_.kid, "--machine", s_.machine_key}; }
  std::vector<std::string> Plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  std::string out() const { return Path("out.rlic"); }

  Setup s_;
  std::string license_;
  std::string before_;
  DirSnapshot home_before_;
  // A play that gets as far as the store records the time it saw (the store's
  // anti-rollback clock, by design), even if the package then turns out to be
  // broken; the licenses and their plays stay as they were.
  bool clock_may_advance_ = false;
};

TEST_F(CliBadInputTest, MissingLicenseFile) {
  std::string missing = Path("no-such.rlic");
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", missing}), Code::kNotFound, {missing}));
}

// File names need not be UTF-8; JSON output stays valid JSON.
TEST_F(CliBadInputTest, FileNameThatIsNotUtf8) {
  std::string name = Path("bad-\xff\xfe.rlic");
  ProcessResult result = Run(s_.machine, {"license", "add", "--json", name});
  EXPECT_EQ(result.exit_code, ExitCodeFor(Code::kNotFound)) << result.Describe();
  EXPECT_EQ(result.ErrLines().size(), 1u) << result.Describe();
  Json json = ParseJson(result.out);
  EXPECT_EQ(json.at(0).at("error").at("code"), "not_found") << json;
}

TEST_F(CliBadInputTest, UnreadableLicenseFile) {
  std::string unreadable = Path("unreadable.rlic");
  fs::copy_file(license_, unreadable);
  fs::permissions(unreadable, fs::perms::none);
  // As root too (CI): without the capabilities that let root read it anyway.
  RunOptions options = OptionsFor(s_.machine);
  options.without_file_access_override = true;
  EXPECT_TRUE(FailedWith(RunCli({"license", "add", unreadable}, options), Code::kPermissionDenied,
                         {unreadable}));
}

TEST_F(CliBadInputTest, EmptyLicenseFile) {
  std::string empty = Path("empty.rlic");
  WriteFile(empty, "");
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", empty}), Code::kMalformed, {empty}));
}

TEST_F(CliBadInputTest, TruncatedLicenseFile) {
  std::string whole = ReadFile(license_);
  std::string truncated = Path("truncated.rlic");
  for (size_t size : {size_t{1}, whole.size() / 2, whole.size() - 1}) {
    WriteFile(truncated, whole.substr(0, size));
    EXPECT_TRUE(
        FailedWith(Run(s_.machine, {"license", "add", truncated}), Code::kMalformed, {truncated}))
        << size << " of " << whole.size() << " bytes";
  }
}

TEST_F(CliBadInputTest, LicenseWithTrailingBytes) {
  std::string longer = Path("longer.rlic");
  WriteFile(longer, ReadFile(license_) + "x");
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", longer}), Code::kMalformed));
}

TEST_F(CliBadInputTest, NotALicenseAtAll) {
  std::string text = Path("notes.txt");
  WriteFile(text, "this is not a license\n");
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", text}), Code::kMalformed, {text}));
  // A package is not a license either.
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", s_.package}), Code::kMalformed));
}

TEST_F(CliBadInputTest, DirectoryWhereAFileIsExpected) {
  std::string dir = Path("a-directory");
  fs::create_directory(dir);
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "add", dir}), Code::kInvalidArgument,
                         {dir, "directory"}));
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"play", dir, "-o", Path("o")}), Code::kInvalidArgument,
                         {dir, "directory"}));
  EXPECT_TRUE(FailedWith(RunTool({"package", dir, "-o", Path("p"), "--issuer", s_.issuer.dir}),
                         Code::kInvalidArgument, {dir, "directory"}));
  EXPECT_FALSE(fs::exists(Path("o")));
  EXPECT_FALSE(fs::exists(Path("p")));
}

TEST_F(CliBadInputTest, UninitializedHome) {
  SimMachine fresh = NewMachine("fresh");
  EXPECT_TRUE(
      FailedWith(Run(fresh, {"license", "add", license_}), Code::kNotInitialized, {"relic init"}));
  EXPECT_FALSE(fs::exists(fresh.home));
}

TEST_F(CliBadInputTest, ForeignHome) {
  SimMachine copy = NewMachine("copy");
  fs::copy(s_.machine.home, copy.home, fs::copy_options::recursive);
  DirSnapshot before = Snapshot(copy.home);
  EXPECT_TRUE(FailedWith(Run(copy, {"license", "add", license_}), Code::kForeignInstallation,
                         {"reindividualize"}));
  EXPECT_TRUE(Snapshot(copy.home) == before);
}

TEST_F(CliBadInputTest, MalformedTimes) {
  for (const char* option : {"--expires", "--begins"}) {
    for (const char* text : {"tomorrow", "2030-13-01T00:00:00Z", "2030-01-01", "", "1700000000"}) {
      ProcessResult result = IssueWith(Plus(Target(), {option, text}));
      EXPECT_TRUE(FailedWith(result, Code::kInvalidArgument, {option})) << option << " " << text;
    }
  }
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, MalformedKids) {
  std::string valid = s_.kid;
  for (const std::string& kid :
       {std::string("xyz"), std::string(""), valid.substr(0, 22),  // without padding
        valid + "=", "!" + valid.substr(1), std::string(32, 'a')}) {
    ProcessResult result = IssueWith({"--kid", kid, "--machine", s_.machine_key});
    EXPECT_TRUE(FailedWith(result, Code::kInvalidArgument, {"--kid"})) << "'" << kid << "'";
  }
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, UnknownKidIsNotFoundAtTheIssuer) {
  ProcessResult result =
      IssueWith({"--kid", "AAAAAAAAAAAAAAAAAAAAAA==", "--machine", s_.machine_key});
  EXPECT_TRUE(FailedWith(result, Code::kNotFound));
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, MalformedMachineKeys) {
  std::string valid = s_.machine_key;
  for (const std::string& key :
       {std::string("rm1.abc"), std::string(""), valid.substr(0, valid.size() - 1), valid + "A",
        "rl1." + valid.substr(4), s_.issuer.public_key, valid.substr(4)}) {
    ProcessResult result = IssueWith({"--kid", s_.kid, "--machine", key});
    EXPECT_TRUE(FailedWith(result, Code::kInvalidArgument, {"--machine"})) << "'" << key << "'";
  }
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, MalformedIssuerKeys) {
  std::string valid = s_.issuer.public_key;
  for (const std::string& key : {std::string("ri1."), valid + "A", s_.machine_key, valid.substr(4),
                                 std::string("garbage")}) {
    // "--": a key's base64url text may start with '-', which would
    // otherwise be taken for an option.
    EXPECT_TRUE(FailedWith(Run(s_.machine, {"trust", "add", "--", key}), Code::kInvalidArgument))
        << "'" << key << "'";
    EXPECT_TRUE(FailedWith(Run(s_.machine, {"trust", "remove", "--", key}), Code::kInvalidArgument))
        << "'" << key << "'";
  }
  ProcessResult trusted = Run(s_.machine, {"trust", "list", "--json"});
  ASSERT_TRUE(Succeeded(trusted));
  EXPECT_EQ(ParseJson(trusted.out).size(), 1u);
}

TEST_F(CliBadInputTest, MalformedLicenseIds) {
  for (const std::string& id :
       {std::string("123"), std::string(32, 'g'), std::string(32, 'A'), std::string(33, 'a')}) {
    EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "show", id}), Code::kInvalidArgument)) << id;
    EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "delete", id}), Code::kInvalidArgument))
        << id;
  }
  EXPECT_TRUE(FailedWith(IssueWith(Plus(Target(), {"--license-id", "xyz"})), Code::kInvalidArgument,
                         {"--license-id"}));
  EXPECT_FALSE(fs::exists(out()));
  std::string unknown(32, '0');
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "show", unknown}), Code::kNotFound));
  EXPECT_TRUE(FailedWith(Run(s_.machine, {"license", "delete", unknown}), Code::kNotFound));
}

TEST_F(CliBadInputTest, BackupNeedsAnLms) {
  EXPECT_TRUE(UsageError(IssueWith(Plus(Target(), {"--allow-backup"}))));
  std::string lms_key = "rl1." + s_.machine_key.substr(4);
  EXPECT_TRUE(UsageError(IssueWith(Plus(Target(), {"--allow-backup", "--lms-key", lms_key}))));
  EXPECT_TRUE(UsageError(
      IssueWith(Plus(Target(), {"--allow-backup", "--lms-url", "https://lms.example/"}))));
  EXPECT_TRUE(UsageError(
      IssueWith(Plus(Target(), {"--lms-key", lms_key, "--lms-url", "https://lms.example/"}))));
  EXPECT_TRUE(FailedWith(IssueWith(Plus(Target(), {"--allow-backup", "--lms-key", "rl1.nope",
                                                   "--lms-url", "https://lms.example/"})),
                         Code::kInvalidArgument, {"--lms-key"}));
  EXPECT_TRUE(FailedWith(IssueWith(Plus(Target(), {"--allow-backup", "--lms-key", s_.machine_key,
                                                   "--lms-url", "https://lms.example/"})),
                         Code::kInvalidArgument, {"--lms-key"}));
  ProcessResult bad_url =
      IssueWith(Plus(Target(), {"--allow-backup", "--lms-key", lms_key, "--lms-url", "not a url"}));
  EXPECT_TRUE(FailedWith(bad_url, Code::kInvalidArgument));
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, PlayCounts) {
  EXPECT_TRUE(FailedWith(IssueWith(Plus(Target(), {"--plays", "0"})), Code::kInvalidArgument,
                         {"at least 1"}));
  for (const char* plays : {"-1", "three", "4294967296", "1.5"}) {
    EXPECT_TRUE(UsageError(IssueWith(Plus(Target(), {"--plays", plays})))) << plays;
  }
  EXPECT_FALSE(fs::exists(out()));
}

TEST_F(CliBadInputTest, MissingOrBrokenIssuer) {
  std::string nowhere = Path("no-issuer");
  EXPECT_TRUE(
      FailedWith(RunTool({"issuer", "show", "--issuer", nowhere}), Code::kNotFound, {nowhere}));
  EXPECT_TRUE(FailedWith(RunTool({"package", s_.content, "-o", Path("p"), "--issuer", nowhere}),
                         Code::kNotFound, {nowhere}));
  EXPECT_TRUE(FailedWith(RunTool({"issue", "--issuer", nowhere, "--kid", s_.kid, "--machine",
                                  s_.machine_key, "-o", out()}),
                         Code::kNotFound, {nowhere}));
  EXPECT_FALSE(fs::exists(out()));
  EXPECT_FALSE(fs::exists(nowhere));
  DirSnapshot before = Snapshot(s_.issuer.dir);
  EXPECT_TRUE(FailedWith(RunTool({"issuer", "init", "--issuer", s_.issuer.dir}),
                         Code::kAlreadyExists, {s_.issuer.dir}));
  EXPECT_TRUE(Snapshot(s_.issuer.dir) == before);
}

TEST_F(CliBadInputTest, MissingInputToPackage) {
  std::string missing = Path("no-such.wma");
  EXPECT_TRUE(FailedWith(RunTool({"package", missing, "-o", Path("p"), "--issuer", s_.issuer.dir}),
                         Code::kNotFound, {missing}));
  EXPECT_FALSE(fs::exists(Path("p")));
}

TEST_F(CliBadInputTest, PlayOfAMissingOrBrokenPackage) {
  clock_may_advance_ = true;
  std::string missing = Path("no-such.rpk");
  EXPECT_TRUE(
      FailedWith(Run(s_.machine, {"play", missing, "-o", Path("o")}), Code::kNotFound, {missing}));
  std::string junk = Path("junk.rpk");
  WriteRandomFile(junk, 5000, 3);
  EXPECT_TRUE(
      FailedWith(Run(s_.machine, {"play", junk, "-o", Path("o")}), Code::kMalformed, {junk}));
  std::string truncated = Path("truncated.rpk");
  std::string package = ReadFile(s_.package);
  WriteFile(truncated, package.substr(0, package.size() / 2));
  ProcessResult result = Run(s_.machine, {"play", truncated, "-o", Path("o")});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_EQ(result.ErrLines().size(), 1u) << result.Describe();
  EXPECT_FALSE(fs::exists(Path("o")));
}

TEST_F(CliBadInputTest, UsageErrorsExitWithTwo) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{},
                                               {"frobnicate"},
                                               {"license"},
                                               {"license", "add"},
                                               {"license", "list", "--bogus"},
                                               {"play", s_.package},
                                               {"issue", "--kid", s_.kid},
                                               {"issuer", "init"},
                                               {"trust", "add"},
                                               {"machine", "extra"}}) {
    ProcessResult result = Run(s_.machine, args);
    EXPECT_TRUE(UsageError(result)) << (args.empty() ? "(none)" : args[0]);
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
}

TEST_F(CliBadInputTest, HelpAndVersionExitWithZero) {
  ProcessResult help = Run(s_.machine, {"--help"});
  EXPECT_TRUE(Succeeded(help));
  for (const char* command :
       {"init", "machine", "issuer", "trust", "package", "issue", "license", "play"}) {
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  }
  EXPECT_TRUE(Succeeded(Run(s_.machine, {"issue", "--help"})));
  // The version of relic/version.h, from CMake's project(VERSION).
  ProcessResult version = Run(s_.machine, {"--version"});
  EXPECT_TRUE(Succeeded(version));
  EXPECT_EQ(version.out, std::string(RELIC_VERSION_STRING) + "\n");
  EXPECT_EQ(VersionString(), RELIC_VERSION_STRING);
}

}  // namespace
}  // namespace relic::testing
