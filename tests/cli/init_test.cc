// SPDX-License-Identifier: Apache-2.0
// `relic init`, `relic machine` and how the CLI finds and guards a home:
// permissions, double initialization, uninitialised and foreign homes,
// reindividualization.
#include <filesystem>
#include <regex>

#include <gtest/gtest.h>

#include "cli_fixture.h"

namespace relic::testing {
namespace {
namespace fs = std::filesystem;

using CliInitTest = CliTest;

bool IsHex32(const std::string& text) { return std::regex_match(text, std::regex("[0-9a-f]{32}")); }

TEST_F(CliInitTest, InitCreatesHomeAndFilesNotReadableByOthers) {
  SimMachine machine = NewMachine("a");
  ProcessResult result = Run(machine, {"init"});
  ASSERT_TRUE(Succeeded(result));
  EXPECT_NE(result.out.find(machine.home), std::string::npos) << result.out;

  EXPECT_EQ(PermissionBits(machine.home), 0700u);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(machine.home)) {
    std::string path = entry.path().string();
    if (entry.is_directory()) {
      EXPECT_EQ(PermissionBits(path), 0700u) << path;
    } else {
      ++files;
      EXPECT_EQ(PermissionBits(path), 0600u) << path;
    }
  }
  EXPECT_GE(files, 2) << "expected at least the identity and the store";
}

TEST_F(CliInitTest, MachineJsonGivesIdAndPublicKey) {
  SimMachine machine = NewMachine("a");
  ProcessResult init = Run(machine, {"init", "--json"});
  ASSERT_TRUE(Succeeded(init));
  Json from_init = ParseJson(init.out);

  ProcessResult shown = Run(machine, {"machine", "--json"});
  ASSERT_TRUE(Succeeded(shown));
  Json json = ParseJson(shown.out);
  ASSERT_TRUE(json.at("machine_id").is_string());
  ASSERT_TRUE(json.at("public_key").is_string());
  EXPECT_TRUE(IsHex32(json["machine_id"].get<std::string>())) << json;
  EXPECT_EQ(json["public_key"].get<std::string>().rfind("rm1.", 0), 0u) << json;
  EXPECT_EQ(json["machine_id"], from_init["machine_id"]);
  EXPECT_EQ(json["public_key"], from_init["public_key"]);

  ProcessResult text = Run(machine, {"machine"});
  ASSERT_TRUE(Succeeded(text));
  EXPECT_NE(text.out.find(json["machine_id"].get<std::string>()), std::string::npos);
  EXPECT_NE(text.out.find(json["public_key"].get<std::string>()), std::string::npos);
}

TEST_F(CliInitTest, TwoHomesAreTwoMachines) {
  SimMachine a = InitMachine("a");
  SimMachine b = InitMachine("b");
  EXPECT_NE(MachineIdOf(a), MachineIdOf(b));
  EXPECT_NE(PublicKeyOf(a), PublicKeyOf(b));
}

TEST_F(CliInitTest, InitTwiceFailsAndChangesNothing) {
  SimMachine machine = InitMachine("a");
  DirSnapshot before = Snapshot(machine.home);
  ProcessResult again = Run(machine, {"init"});
  EXPECT_TRUE(FailedWith(again, Code::kAlreadyInitialized));
  EXPECT_TRUE(again.out.empty()) << again.out;
  EXPECT_TRUE(Snapshot(machine.home) == before) << "the home changed";
}

TEST_F(CliInitTest, HomeComesFromXdgDataHomeWithoutRelicHome) {
  SimMachine machine = NewMachine("a");
  std::string xdg = Path("xdg");
  EnvVars env = {{"RELIC_MACHINE_ID_FILE", machine.machine_id_file},
                 {"RELIC_TRUST_DIR", machine.trust_dir},
                 {"XDG_DATA_HOME", xdg}};
  fs::create_directories(xdg);
  ASSERT_TRUE(Succeeded(RunWith(env, {"init"})));
  EXPECT_TRUE(fs::is_directory(xdg + "/relic"));
  ProcessResult shown = RunWith(env, {"machine", "--json"});
  ASSERT_TRUE(Succeeded(shown));
  EXPECT_EQ(ParseJson(shown.out).at("home").get<std::string>(), xdg + "/relic");
}

TEST_F(CliInitTest, HomeOptionBeatsRelicHomeBeforeOrAfterTheCommand) {
  SimMachine machine = NewMachine("a");
  std::string other = Path("other-home");
  ASSERT_TRUE(Succeeded(Run(machine, {"init", "--home", other})));
  EXPECT_FALSE(fs::exists(machine.home)) << "RELIC_HOME was used despite --home";
  ProcessResult after = Run(machine, {"machine", "--json", "--home", other});
  ASSERT_TRUE(Succeeded(after));
  ProcessResult before = Run(machine, {"--home", other, "machine", "--json"});
  ASSERT_TRUE(Succeeded(before));
  EXPECT_EQ(after.out, before.out);
  EXPECT_EQ(ParseJson(after.out).at("home").get<std::string>(), other);
}

TEST_F(CliInitTest, UninitializedHomeSaysToRunInit) {
  SimMachine machine = NewMachine("a");
  for (const std::vector<std::string>& args : {std::vector<std::string>{"machine"},
                                               {"license", "list"},
                                               {"license", "add", Path("nothing.rlic")},
                                               {"trust", "list"},
                                               {"play", Path("nothing.rpk"), "-o", Path("out")}}) {
    ProcessResult result = Run(machine, args);
    EXPECT_TRUE(FailedWith(result, Code::kNotInitialized, {"relic init"})) << args[0];
  }
  EXPECT_FALSE(fs::exists(machine.home)) << "a failed command created the home";
}

TEST_F(CliInitTest, MissingOrBadInstallationIdIsRefused) {
  SimMachine machine = NewMachine("a");
  fs::remove(machine.machine_id_file);
  EXPECT_TRUE(FailedWith(Run(machine, {"init"}), Code::kNoInstallationId));
  WriteFile(machine.machine_id_file, "not a machine id\n");
  EXPECT_TRUE(FailedWith(Run(machine, {"init"}), Code::kNoInstallationId));
  EXPECT_FALSE(fs::exists(machine.home) && !fs::is_empty(machine.home))
      << "a refused init left files behind";
}

// The home is copied to another installation (or the OS was reinstalled with
// the home kept): it must not open as if nothing happened.
TEST_F(CliInitTest, CopiedHomeIsForeignUntilReindividualized) {
  Setup s = MakeSetup();
  std::string license = Issue(s.issuer, s.kid, s.machine_key, {"--plays", "3"});
  std::string license_id = AddLicense(s.machine, license);
  ASSERT_TRUE(Succeeded(Run(s.machine, {"play", s.package, "-o", Path("out1")})));
  ASSERT_TRUE(Succeeded(Run(s.machine, {"play", s.package, "-o", Path("out2")})));
  std::string old_id = MachineIdOf(s.machine);

  SimMachine copy = NewMachine("copy");
  fs::copy(s.machine.home, copy.home, fs::copy_options::recursive);
  DirSnapshot before = Snapshot(copy.home);
  for (const std::vector<std::string>& args : {std::vector<std::string>{"machine"},
                                               {"license", "list"},
                                               {"play", s.package, "-o", Path("out3")}}) {
    EXPECT_TRUE(
        FailedWith(Run(copy, args), Code::kForeignInstallation, {"restore", "reindividualize"}))
        << args[0];
  }
  EXPECT_TRUE(FailedWith(Run(copy, {"init"}), Code::kAlreadyInitialized));
  EXPECT_TRUE(Snapshot(copy.home) == before) << "a refused command changed the home";
  EXPECT_FALSE(fs::exists(Path("out3")));

  ProcessResult reindividualized = Run(copy, {"init", "--reindividualize", "--json"});
  ASSERT_TRUE(Succeeded(reindividualized));
  std::string new_id = ParseJson(reindividualized.out).at("machine_id").get<std::string>();
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(MachineIdOf(copy), new_id);
  for (const auto& entry : fs::recursive_directory_iterator(copy.home)) {
    EXPECT_EQ(PermissionBits(entry.path().string()) & 077, 0u) << entry.path();
  }

  // The plays used so far carry over: the same license (same ID) issued
  // again to the new machine has one play left of three.
  std::string reissued =
      Issue(s.issuer, s.kid, PublicKeyOf(copy), {"--plays", "3", "--license-id", license_id});
  Trust(copy, s.issuer);
  ProcessResult added = Run(copy, {"license", "add", "--json", reissued});
  ASSERT_TRUE(Succeeded(added));
  EXPECT_EQ(ParseJson(added.out).at(0).at("resumed_state"), true) << added.out;
  Json list = ListLicenses(copy);
  ASSERT_EQ(list.size(), 1u) << list;
  EXPECT_EQ(list[0].at("license_id"), license_id);
  EXPECT_EQ(list[0].at("plays_used"), 2) << list;
  EXPECT_EQ(list[0].at("plays_left"), 1) << list;
  EXPECT_TRUE(Succeeded(Run(copy, {"play", s.package, "-o", Path("out4")})));
  EXPECT_TRUE(FailedWith(Run(copy, {"play", s.package, "-o", Path("out5")}), Code::kNoPlaysLeft));

  // A license with a new ID starts from zero plays.
  std::string fresh = Issue(s.issuer, s.kid, PublicKeyOf(copy), {"--plays", "3"});
  ProcessResult added_fresh = Run(copy, {"license", "add", "--json", fresh});
  ASSERT_TRUE(Succeeded(added_fresh));
  EXPECT_EQ(ParseJson(added_fresh.out).at(0).at("resumed_state"), false);
}

TEST_F(CliInitTest, ReindividualizeOfAnUninitializedHomeInitializes) {
  SimMachine machine = NewMachine("a");
  ASSERT_TRUE(Succeeded(Run(machine, {"init", "--reindividualize"})));
  EXPECT_TRUE(Succeeded(Run(machine, {"machine"})));
  EXPECT_FALSE(fs::exists(machine.home + "/archive"));
}

// Reindividualizing a home that works would strand its licenses: refused.
TEST_F(CliInitTest, ReindividualizeOfAWorkingHomeIsRefused) {
  SimMachine machine = InitMachine("a");
  DirSnapshot before = Snapshot(machine.home);
  EXPECT_TRUE(FailedWith(Run(machine, {"init", "--reindividualize"}), Code::kAlreadyInitialized));
  EXPECT_TRUE(Snapshot(machine.home) == before);
}

}  // namespace
}  // namespace relic::testing
