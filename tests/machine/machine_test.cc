// SPDX-License-Identifier: Apache-2.0
// Individualization: creating, opening and re-creating a machine identity.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "support/world.h"

namespace relic::testing {
namespace {

uint32_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Names, sizes and bytes of every file under a directory.
std::string DirSnapshot(const std::string& dir) {
  std::string out;
  std::vector<std::string> paths;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    paths.push_back(e.path().string());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    out += p;
    if (std::filesystem::is_regular_file(p)) {
      Bytes b = ReadFileBytes(p);
      out += " " + std::to_string(b.size()) + " " +
             std::to_string(std::hash<std::string>()(std::string(b.begin(), b.end())));
    }
    out += "\n";
  }
  return out;
}

TEST(MachineTest, InitCreatesAPrivateHome) {
  World world;
  auto machine = world.NewMachine("a");
  ASSERT_TRUE(machine);
  EXPECT_EQ(ModeOf(world.Home("a")), 0700u);
  EXPECT_EQ(ModeOf(world.Home("a") + "/identity"), 0600u);
  EXPECT_EQ(ModeOf(world.Home("a") + "/store.db"), 0600u);
  for (const auto& e : std::filesystem::directory_iterator(world.Home("a"))) {
    EXPECT_EQ(ModeOf(e.path()) & 077, 0u) << e.path() << " is readable by others";
  }
  EXPECT_EQ(machine->machine_id(), machine->public_key().MachineId());
  EXPECT_EQ(machine->machine_id().size(), 32u);
}

TEST(MachineTest, TwoHomesAreTwoMachines) {
  World world;
  auto a = world.NewMachine("a");
  auto b = world.NewMachine("b");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->machine_id(), b->machine_id());
}

TEST(MachineTest, InitOnAnInitialisedHomeFailsAndChangesNothing) {
  World world;
  std::string id;
  {
    auto machine = world.NewMachine("a");
    ASSERT_TRUE(machine);
    id = machine->machine_id();
  }
  std::string before = DirSnapshot(world.Home("a"));
  auto again = Machine::Initialize(world.Home("a"), world.Options("a"));
  EXPECT_EQ(again.status().code(), Code::kAlreadyInitialized);
  EXPECT_EQ(DirSnapshot(world.Home("a")), before);
  auto reopened = world.OpenMachine("a");
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->machine_id(), id);
}

TEST(MachineTest, OpeningAnUninitialisedHomeSaysToRunInit) {
  World world;
  auto missing = Machine::Open(world.Home("nobody"), world.Options("a"));
  EXPECT_EQ(missing.status().code(), Code::kNotInitialized);
  EXPECT_NE(missing.status().message().find("relic init"), std::string::npos);
  std::filesystem::create_directory(world.Home("empty"));
  auto empty = Machine::Open(world.Home("empty"), world.Options("a"));
  EXPECT_EQ(empty.status().code(), Code::kNotInitialized);
}

TEST(MachineTest, AHomeThatIsAFileIsRefused) {
  World world;
  WriteFileBytes(world.Home("file"), crypto::AsBytes("x"));
  EXPECT_EQ(Machine::Open(world.Home("file"), world.Options("a")).status().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(Machine::Initialize(world.Home("file"), world.Options("a")).status().code(),
            Code::kInvalidArgument);
}

TEST(MachineTest, MissingOrInvalidInstallationIdIsAClearError) {
  World world;
  HomeOptions options = world.Options("a");
  for (std::string content : {std::string(""), std::string("uninitialized\n"),
                              std::string(32, '0') + "\n", std::string("not hex at all")}) {
    WriteFileBytes(*options.installation_id_file, crypto::AsBytes(content));
    auto m = Machine::Initialize(world.Home("a"), options);
    EXPECT_EQ(m.status().code(), Code::kNoInstallationId) << content;
    EXPECT_NE(m.status().message().find("RELIC_MACHINE_ID_FILE"), std::string::npos);
  }
  options.installation_id_file = world.Path("does-not-exist");
  EXPECT_EQ(Machine::Initialize(world.Home("a"), options).status().code(), Code::kNoInstallationId);
  EXPECT_FALSE(std::filesystem::exists(world.Home("a"))) << "a refused init wrote something";
}

// Adversary A5: a home copied to another installation does not open there.
TEST(MachineTest, AHomeCopiedToAnotherInstallationRefusesToOpen) {
  World world;
  { ASSERT_TRUE(world.NewMachine("a")); }
  auto foreign = Machine::Open(world.Home("a"), world.Options("another-installation"));
  EXPECT_EQ(foreign.status().code(), Code::kForeignInstallation);
  EXPECT_NE(foreign.status().message().find("restore"), std::string::npos);
  EXPECT_NE(foreign.status().message().find("--reindividualize"), std::string::npos);
}

TEST(MachineTest, ReindividualizeGivesANewIdentityAndKeepsSecureState) {
  World world;
  auto issuer = world.NewIssuer();
  Kid kid = world.PackageContent(*issuer, "song");
  LicenseId id;
  std::string old_machine_id;
  {
    auto machine = world.NewMachine("a");
    ASSERT_TRUE(machine);
    old_machine_id = machine->machine_id();
    RELIC_ASSERT_OK(machine->store().TrustIssuer(issuer->public_key()));
    auto added =
        machine->store().AddLicense(world.IssueTo(*issuer, kid, *machine, Rights{.play_count = 3}));
    RELIC_ASSERT_OK(added);
    id = added->license_id;
    for (int i = 0; i < 2; ++i) {
      RELIC_ASSERT_OK(machine->store().Play(world.Path("song.pkg"), world.Path("out")));
    }
  }
  world.clock().Advance(1000);
  HomeOptions reinstalled = world.Options("reinstalled");
  // On a healthy home it refuses rather than strand working licenses.
  EXPECT_EQ(Machine::Reindividualize(world.Home("a"), world.Options("a")).status().code(),
            Code::kAlreadyInitialized);
  auto fresh = Machine::Reindividualize(world.Home("a"), reinstalled);
  RELIC_ASSERT_OK(fresh);
  EXPECT_NE((*fresh)->machine_id(), old_machine_id);
  auto state = (*fresh)->store().GetSecureState(id);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 2u);
  EXPECT_FALSE(state->license_present);
  auto trusted = (*fresh)->store().TrustedIssuers();
  RELIC_ASSERT_OK(trusted);
  ASSERT_EQ(trusted->size(), 1u);
  // The new identity works: a license issued to it plays.
  auto added = (*fresh)->store().AddLicense(world.IssueTo(*issuer, kid, **fresh));
  RELIC_ASSERT_OK(added);
  RELIC_EXPECT_OK((*fresh)->store().Play(world.Path("song.pkg"), world.Path("out")));
  // The old identity and store are archived.
  int archived = 0;
  for (const auto& e : std::filesystem::directory_iterator(world.Home("a") + "/archive")) {
    EXPECT_TRUE(std::filesystem::exists(e.path() / "identity"));
    EXPECT_TRUE(std::filesystem::exists(e.path() / "store.db"));
    EXPECT_EQ(ModeOf(e.path()), 0700u);
    ++archived;
  }
  EXPECT_EQ(archived, 1);
  const std::string new_id = (*fresh)->machine_id();
  fresh->reset();
  auto reopened = Machine::Open(world.Home("a"), reinstalled);
  RELIC_ASSERT_OK(reopened);
  EXPECT_EQ((*reopened)->machine_id(), new_id);
}

TEST(MachineTest, ADamagedIdentityFileIsReportedAsDamage) {
  World world;
  { ASSERT_TRUE(world.NewMachine("a")); }
  Bytes id = ReadFileBytes(world.Home("a") + "/identity");
  id[20] ^= 1;
  WriteFileBytes(world.Home("a") + "/identity", id);
  auto opened = Machine::Open(world.Home("a"), world.Options("a"));
  EXPECT_EQ(opened.status().code(), Code::kCorrupt);
  EXPECT_NE(opened.status().message().find("damaged"), std::string::npos);
}

// A crash between creating the store and writing the identity leaves a
// store without identity and without secure state: init starts over.
TEST(MachineTest, InitAfterAnInterruptedInitStartsOver) {
  World world;
  { ASSERT_TRUE(world.NewMachine("a")); }
  std::filesystem::remove(world.Home("a") + "/identity");
  auto again = Machine::Initialize(world.Home("a"), world.Options("a"));
  RELIC_ASSERT_OK(again);
  EXPECT_TRUE(std::filesystem::exists(world.Home("a") + "/identity"));
}

// A lost identity file with secure state behind it: init refuses (the state
// must not vanish), reindividualize keeps the state.
TEST(MachineTest, LostIdentityWithSecureStateIsReindividualizedNotReinitialized) {
  World world;
  auto issuer = world.NewIssuer();
  Kid kid = world.PackageContent(*issuer, "song");
  LicenseId id;
  {
    auto machine = world.NewMachine("a");
    RELIC_ASSERT_OK(machine->store().TrustIssuer(issuer->public_key()));
    auto added =
        machine->store().AddLicense(world.IssueTo(*issuer, kid, *machine, Rights{.play_count = 2}));
    RELIC_ASSERT_OK(added);
    id = added->license_id;
    RELIC_ASSERT_OK(machine->store().Play(world.Path("song.pkg"), world.Path("out")));
  }
  std::filesystem::remove(world.Home("a") + "/identity");
  auto opened = Machine::Open(world.Home("a"), world.Options("a"));
  EXPECT_EQ(opened.status().code(), Code::kNotInitialized);
  std::string before = DirSnapshot(world.Home("a"));
  auto init = Machine::Initialize(world.Home("a"), world.Options("a"));
  EXPECT_EQ(init.status().code(), Code::kAlreadyInitialized);
  EXPECT_NE(init.status().message().find("--reindividualize"), std::string::npos);
  EXPECT_EQ(DirSnapshot(world.Home("a")), before);
  auto fresh = Machine::Reindividualize(world.Home("a"), world.Options("a"));
  RELIC_ASSERT_OK(fresh);
  auto state = (*fresh)->store().GetSecureState(id);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 1u);
}

// Every message that advises reindividualizing can be followed: a home whose
// store is missing or unreadable is reindividualized on the same
// installation.
TEST(MachineTest, DamagedStoreCanBeReindividualizedOnTheSameInstallation) {
  World world;
  { ASSERT_TRUE(world.NewMachine("a")); }
  WriteFileBytes(world.Home("a") + "/store.db", crypto::AsBytes("this is not a database at all"));
  auto opened = Machine::Open(world.Home("a"), world.Options("a"));
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), Code::kCorrupt) << opened.status().ToString();
  EXPECT_NE(opened.status().message().find("--reindividualize"), std::string::npos);
  auto fresh = Machine::Reindividualize(world.Home("a"), world.Options("a"));
  RELIC_ASSERT_OK(fresh);
  fresh->reset();
  RELIC_EXPECT_OK(Machine::Open(world.Home("a"), world.Options("a")));

  std::filesystem::remove(world.Home("a") + "/store.db");
  auto missing = Machine::Open(world.Home("a"), world.Options("a"));
  EXPECT_EQ(missing.status().code(), Code::kCorrupt);
  RELIC_EXPECT_OK(Machine::Reindividualize(world.Home("a"), world.Options("a")));
}

TEST(MachineTest, HomeResolutionRule) {
  ::setenv("RELIC_HOME", "/from/env", 1);
  ::setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ(*ResolveHome(std::string("/explicit")), "/explicit");
  EXPECT_EQ(*ResolveHome(std::nullopt), "/from/env");
  ::unsetenv("RELIC_HOME");
  EXPECT_EQ(*ResolveHome(std::nullopt), "/xdg/relic");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/u", 1);
  EXPECT_EQ(*ResolveHome(std::nullopt), "/home/u/.local/share/relic");
  EXPECT_EQ(ResolveHome(std::string("")).status().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace relic::testing
