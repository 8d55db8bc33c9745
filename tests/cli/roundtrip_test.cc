// SPDX-License-Identifier: Apache-2.0
// The main path through the CLI: issuer, package, issue, trust, add, play,
// and the store-management commands around it.
#include <filesystem>
#include <regex>
#include <set>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace relic::testing {
namespace {
namespace fs = std::filesystem;

using CliRoundTripTest = CliTest;

TEST_F(CliRoundTripTest, PackageIssueAddPlayGivesTheOriginalBytes) {
  SimMachine machine = InitMachine("player");
  SimIssuer issuer = NewIssuer("studio");
  EXPECT_EQ(issuer.public_key.rfind("ri1.", 0), 0u) << issuer.public_key;
  EXPECT_TRUE(std::regex_match(issuer.issuer_id, std::regex("[0-9a-f]{32}")));

  std::string content = Path("song.wma");
  WriteRandomFile(content, 3 * 1024 * 1024 + 17, 1);
  std::string package = Path("song.rpk");
  std::string kid = Package(issuer, content, package);
  EXPECT_EQ(kid.size(), 24u) << kid;
  EXPECT_FALSE(FilesEqual(content, package));

  std::string license = Issue(issuer, kid, PublicKeyOf(machine));
  Trust(machine, issuer);
  ProcessResult added = Run(machine, {"license", "add", license});
  ASSERT_TRUE(Succeeded(added));
  EXPECT_NE(added.out.find(kid), std::string::npos) << added.out;

  std::string output = Path("song.out");
  ProcessResult played = Run(machine, {"play", package, "-o", output, "--json"});
  ASSERT_TRUE(Succeeded(played));
  EXPECT_TRUE(FilesEqual(content, output));
  Json result = ParseJson(played.out);
  EXPECT_EQ(result.at("kid"), kid);
  EXPECT_EQ(result.at("bytes_written"), 3 * 1024 * 1024 + 17);
  EXPECT_TRUE(result.at("plays_left").is_null()) << result;

  // Unlimited plays: again, without --json.
  fs::remove(output);
  ProcessResult again = Run(machine, {"play", package, "-o", output});
  ASSERT_TRUE(Succeeded(again));
  EXPECT_TRUE(FilesEqual(content, output));
  EXPECT_NE(again.out.find("unlimited"), std::string::npos) << again.out;
}

TEST_F(CliRoundTripTest, IssuerShowMatchesInit) {
  std::string dir = Path("issuer");
  ProcessResult created = RunTool({"issuer", "init", "--issuer", dir, "--json"});
  ASSERT_TRUE(Succeeded(created));
  ProcessResult shown = RunTool({"issuer", "show", "--issuer", dir, "--json"});
  ASSERT_TRUE(Succeeded(shown));
  EXPECT_EQ(ParseJson(created.out), ParseJson(shown.out));
  ProcessResult text = RunTool({"issuer", "show", "--issuer", dir});
  ASSERT_TRUE(Succeeded(text));
  EXPECT_NE(text.out.find(ParseJson(shown.out).at("public_key").get<std::string>()),
            std::string::npos);
}

TEST_F(CliRoundTripTest, LicenseListAndShowGiveEveryField) {
  Setup s = MakeSetup();
  std::string license = Issue(s.issuer, s.kid, s.machine_key,
                              {"--plays", "3", "--begins", "2001-02-03T04:05:06Z", "--expires",
                               "2999-12-31T23:59:59+01:00"});
  std::string id = AddLicense(s.machine, license);
  ASSERT_TRUE(Succeeded(Run(s.machine, {"play", s.package, "-o", Path("out")})));

  Json list = ListLicenses(s.machine);
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 1u);
  const Json& l = list[0];
  EXPECT_EQ(l.at("license_id"), id);
  EXPECT_EQ(l.at("kid"), s.kid);
  EXPECT_EQ(l.at("allow_backup"), false);
  EXPECT_EQ(l.at("plays_left"), 2);
  EXPECT_EQ(l.at("plays_used"), 1);
  EXPECT_EQ(l.at("play_count"), 3);
  EXPECT_EQ(l.at("begins"), "2001-02-03T04:05:06Z");
  EXPECT_EQ(l.at("expires"), "2999-12-31T22:59:59Z");
  EXPECT_EQ(l.at("issuer_id"), s.issuer.issuer_id);
  EXPECT_EQ(l.at("state"), "usable");
  EXPECT_EQ(l.at("machine_id"), MachineIdOf(s.machine));
  EXPECT_TRUE(l.at("first_use").is_string());
  EXPECT_TRUE(l.at("issued_at").is_string());
  EXPECT_TRUE(l.at("lms").is_null());

  ProcessResult shown = Run(s.machine, {"license", "show", id, "--json"});
  ASSERT_TRUE(Succeeded(shown));
  EXPECT_EQ(ParseJson(shown.out), l);

  ProcessResult text = Run(s.machine, {"license", "show", id});
  ASSERT_TRUE(Succeeded(text));
  for (const std::string& needle :
       {id, s.kid, s.issuer.issuer_id, std::string("2001-02-03T04:05:06Z"),
        std::string("2999-12-31T22:59:59Z"), std::string("1 of 3 used"), std::string("usable")}) {
    EXPECT_NE(text.out.find(needle), std::string::npos) << needle << "\n" << text.out;
  }

  ProcessResult table = Run(s.machine, {"license", "list"});
  ASSERT_TRUE(Succeeded(table));
  EXPECT_NE(table.out.find("LICENSE ID"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(id), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(s.kid), std::string::npos) << table.out;
}

TEST_F(CliRoundTripTest, UnlimitedLicenseListsNulls) {
  Setup s = MakeSetup();
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key));
  Json l = ListLicenses(s.machine).at(0);
  EXPECT_TRUE(l.at("plays_left").is_null()) << l;
  EXPECT_TRUE(l.at("play_count").is_null()) << l;
  EXPECT_TRUE(l.at("expires").is_null()) << l;
  EXPECT_TRUE(l.at("begins").is_null()) << l;
  EXPECT_TRUE(l.at("first_use").is_null()) << l;
  EXPECT_EQ(l.at("plays_used"), 0);
}

TEST_F(CliRoundTripTest, BackupLicenseShowsItsLms) {
  Setup s = MakeSetup();
  // Any party key parses as an LMS key once its prefix says so; a machine's
  // key stands in for an LMS here.
  std::string lms_key = "rl1." + s.machine_key.substr(4);
  AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key,
                              {"--allow-backup", "--lms-key", lms_key, "--lms-url",
                               "https://lms.example/restore"}));
  Json l = ListLicenses(s.machine).at(0);
  EXPECT_EQ(l.at("allow_backup"), true);
  EXPECT_EQ(l.at("lms").at("public_key"), lms_key);
  EXPECT_EQ(l.at("lms").at("url"), "https://lms.example/restore");
}

TEST_F(CliRoundTripTest, EmptyListsSayHowToAdd) {
  SimMachine machine = InitMachine("a");
  ProcessResult licenses = Run(machine, {"license", "list"});
  ASSERT_TRUE(Succeeded(licenses));
  EXPECT_NE(licenses.out.find("relic license add"), std::string::npos) << licenses.out;
  EXPECT_EQ(ListLicenses(machine), Json::array());
  ProcessResult trusted = Run(machine, {"trust", "list", "--json"});
  ASSERT_TRUE(Succeeded(trusted));
  EXPECT_EQ(ParseJson(trusted.out), Json::array());
}

TEST_F(CliRoundTripTest, TrustAddListRemove) {
  SimMachine machine = InitMachine("a");
  SimIssuer one = NewIssuer("one");
  SimIssuer two = NewIssuer("two");
  Trust(machine, one);
  Trust(machine, two);
  ProcessResult listed = Run(machine, {"trust", "list", "--json"});
  ASSERT_TRUE(Succeeded(listed));
  Json list = ParseJson(listed.out);
  ASSERT_EQ(list.size(), 2u) << list;
  std::set<std::string> keys;
  for (const auto& entry : list) {
    keys.insert(entry.at("public_key").get<std::string>());
    EXPECT_EQ(entry.at("issuer_id").get<std::string>().size(), 32u);
  }
  EXPECT_EQ(keys, (std::set<std::string>{one.public_key, two.public_key}));
  ProcessResult table = Run(machine, {"trust", "list"});
  ASSERT_TRUE(Succeeded(table));
  EXPECT_NE(table.out.find(one.issuer_id), std::string::npos) << table.out;

  ASSERT_TRUE(Succeeded(Run(machine, {"trust", "remove", one.public_key})));
  listed = Run(machine, {"trust", "list", "--json"});
  ASSERT_TRUE(Succeeded(listed));
  list = ParseJson(listed.out);
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0].at("public_key"), two.public_key);
}

TEST_F(CliRoundTripTest, SystemTrustDirIsTrustedFromTheStart) {
  SimMachine machine = NewMachine("a");
  SimIssuer issuer = NewIssuer("os-vendor");
  WriteFile(machine.trust_dir + "/vendor.key", issuer.public_key + "\n");
  ASSERT_TRUE(Succeeded(Run(machine, {"init"})));
  ProcessResult listed = Run(machine, {"trust", "list", "--json"});
  ASSERT_TRUE(Succeeded(listed));
  Json list = ParseJson(listed.out);
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0].at("public_key"), issuer.public_key);
}

TEST_F(CliRoundTripTest, AddingTheSameLicenseTwiceKeepsOne) {
  Setup s = MakeSetup();
  std::string license = Issue(s.issuer, s.kid, s.machine_key);
  std::string id = AddLicense(s.machine, license);
  ProcessResult again = Run(s.machine, {"license", "add", "--json", license});
  ASSERT_TRUE(Succeeded(again));
  Json result = ParseJson(again.out);
  EXPECT_EQ(result.at(0).at("license_id"), id);
  EXPECT_EQ(result.at(0).at("already_present"), true);
  EXPECT_EQ(ListLicenses(s.machine).size(), 1u);
}

TEST_F(CliRoundTripTest, DeleteRemovesTheLicense) {
  Setup s = MakeSetup();
  std::string id = AddLicense(s.machine, Issue(s.issuer, s.kid, s.machine_key));
  ASSERT_TRUE(Succeeded(Run(s.machine, {"license", "delete", id})));
  EXPECT_EQ(ListLicenses(s.machine), Json::array());
  EXPECT_TRUE(FailedWith(Run(s.machine, {"license", "show", id}), Code::kNotFound));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"license", "delete", id}), Code::kNotFound));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", Path("out")}), Code::kNoLicense));
  EXPECT_FALSE(fs::exists(Path("out")));
}

// Several files: each is added or refused on its own; the exit code is the
// first failure's and every failure has its own stderr line.
TEST_F(CliRoundTripTest, AddSeveralFilesAddsTheGoodOnesAndReportsTheBad) {
  Setup s = MakeSetup();
  std::string first = Issue(s.issuer, s.kid, s.machine_key);
  std::string second = Issue(s.issuer, s.kid, s.machine_key, {"--plays", "2"});
  std::string missing = Path("missing.rlic");
  std::string empty = Path("empty.rlic");
  WriteFile(empty, "");
  ProcessResult result = Run(s.machine, {"license", "add", first, missing, second, empty});
  EXPECT_EQ(result.exit_code, ExitCodeFor(Code::kNotFound)) << result.Describe();
  std::vector<std::string> lines = result.ErrLines();
  ASSERT_EQ(lines.size(), 2u) << result.Describe();
  EXPECT_EQ(lines[0].rfind("relic: ", 0), 0u);
  EXPECT_NE(lines[0].find(missing), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(empty), std::string::npos) << lines[1];
  EXPECT_NE(result.out.find(first), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(second), std::string::npos) << result.out;
  EXPECT_EQ(ListLicenses(s.machine).size(), 2u);
}

TEST_F(CliRoundTripTest, AddSeveralGoodFilesAtOnce) {
  Setup s = MakeSetup();
  std::vector<std::string> files;
  for (int i = 0; i < 5; ++i) files.push_back(Issue(s.issuer, s.kid, s.machine_key));
  std::vector<std::string> args = {"license", "add", "--json"};
  args.insert(args.end(), files.begin(), files.end());
  args.push_back(files[0]);  // the same file twice: stored once
  ProcessResult result = Run(s.machine, args);
  ASSERT_TRUE(Succeeded(result));
  EXPECT_TRUE(result.err.empty()) << result.err;
  Json added = ParseJson(result.out);
  ASSERT_EQ(added.size(), 6u) << added;
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(added[i].at("file"), files[i]);
    EXPECT_EQ(added[i].at("already_present"), false) << added[i];
  }
  EXPECT_EQ(added[5].at("license_id"), added[0].at("license_id"));
  EXPECT_EQ(added[5].at("already_present"), true);
  EXPECT_EQ(ListLicenses(s.machine).size(), 5u);
}

// A license refused after it parses (here: issued to another machine) makes
// no difference to the other files either.
TEST_F(CliRoundTripTest, AddSeveralFilesOneForAnotherMachine) {
  Setup s = MakeSetup();
  SimMachine other = InitMachine("other");
  std::string good1 = Issue(s.issuer, s.kid, s.machine_key);
  std::string foreign = Issue(s.issuer, s.kid, PublicKeyOf(other));
  std::string good2 = Issue(s.issuer, s.kid, s.machine_key);
  ProcessResult result = Run(s.machine, {"license", "add", good1, foreign, good2});
  EXPECT_EQ(result.exit_code, ExitCodeFor(Code::kWrongMachine)) << result.Describe();
  ASSERT_EQ(result.ErrLines().size(), 1u) << result.Describe();
  EXPECT_NE(result.ErrLines()[0].find(foreign), std::string::npos) << result.err;
  EXPECT_NE(result.ErrLines()[0].find(MachineIdOf(other)), std::string::npos) << result.err;
  EXPECT_EQ(ListLicenses(s.machine).size(), 2u);
}

TEST_F(CliRoundTripTest, PlayWithoutALicenseIsNoLicense) {
  Setup s = MakeSetup();
  ProcessResult result = Run(s.machine, {"play", s.package, "-o", Path("out")});
  EXPECT_TRUE(FailedWith(result, Code::kNoLicense));
  EXPECT_FALSE(fs::exists(Path("out")));
}

TEST_F(CliRoundTripTest, TwoPackagesTwoLicenses) {
  Setup s = MakeSetup();
  std::string other = Path("other.bin");
  WriteRandomFile(other, 100000, 7);
  std::string other_package = Path("other.rpk");
  std::string other_kid = Package(s.issuer, other, other_package);
  EXPECT_NE(other_kid, s.kid);
  AddLicense(s.machine, Issue(s.issuer, other_kid, s.machine_key));
  EXPECT_TRUE(FailedWith(Run(s.machine, {"play", s.package, "-o", Path("o1")}), Code::kNoLicense));
  ASSERT_TRUE(Succeeded(Run(s.machine, {"play", other_package, "-o", Path("o2")})));
  EXPECT_TRUE(FilesEqual(other, Path("o2")));
}

TEST_F(CliRoundTripTest, EmptyContentRoundTrips) {
  SimMachine machine = InitMachine("a");
  SimIssuer issuer = NewIssuer("studio");
  WriteFile(Path("empty.bin"), "");
  std::string kid = Package(issuer, Path("empty.bin"), Path("empty.rpk"));
  Trust(machine, issuer);
  AddLicense(machine, Issue(issuer, kid, PublicKeyOf(machine)));
  ASSERT_TRUE(Succeeded(Run(machine, {"play", Path("empty.rpk"), "-o", Path("empty.out")})));
  EXPECT_TRUE(FilesEqual(Path("empty.bin"), Path("empty.out")));
}

}  // namespace
}  // namespace relic::testing
