// SPDX-License-Identifier: Apache-2.0
// The license store as a user of the C++ API sees it. Security cases name
// the adversary of docs/threat-model.md they play.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <set>

#include "support/world.h"

namespace relic::testing {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    issuer_ = world_.NewIssuer();
    machine_ = world_.NewMachine("a");
    ASSERT_TRUE(issuer_ && machine_);
    RELIC_ASSERT_OK(machine_->store().TrustIssuer(issuer_->public_key()));
    kid_ = world_.PackageContent(*issuer_, "song");
  }

  Store& store() { return machine_->store(); }

  Result<PlayResult> PlaySong() {
    return store().Play(world_.Path("song.pkg"), world_.Path("out"));
  }

  World world_;
  std::unique_ptr<Issuer> issuer_;
  std::unique_ptr<Machine> machine_;
  Kid kid_;
};

TEST_F(StoreTest, AddedLicensePlaysContentByteForByte) {
  auto added = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_));
  RELIC_ASSERT_OK(added);
  EXPECT_EQ(added->kid, kid_);
  EXPECT_FALSE(added->already_present);
  auto played = PlaySong();
  RELIC_ASSERT_OK(played);
  EXPECT_EQ(played->license_id, added->license_id);
  EXPECT_EQ(played->bytes_written, 100'000u);
  EXPECT_EQ(ReadFileBytes(world_.Path("out")), ReadFileBytes(world_.Path("song.plain")));
}

TEST_F(StoreTest, AddingTheSameLicenseTwiceIsHarmless) {
  Bytes license = world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 2});
  RELIC_ASSERT_OK(store().AddLicense(license));
  RELIC_ASSERT_OK(PlaySong());
  auto again = store().AddLicense(license);
  RELIC_ASSERT_OK(again);
  EXPECT_TRUE(again->already_present);
  auto info = store().GetLicense(again->license_id);
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->plays_used, 1u);
}

// Adversary A5: a user who adds a license issued to another machine.
TEST_F(StoreTest, LicenseForAnotherMachineIsRefusedNamingThatMachine) {
  auto other = world_.NewMachine("b");
  Bytes license = world_.IssueTo(*issuer_, kid_, *other);
  std::string before = Snapshot(store());
  auto added = store().AddLicense(license);
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), Code::kWrongMachine);
  EXPECT_NE(added.status().message().find(other->machine_id()), std::string::npos)
      << added.status().message();
  EXPECT_EQ(Snapshot(store()), before);
}

// Adversary A3: the author of a license signed by an issuer nobody trusts.
TEST_F(StoreTest, UntrustedIssuerIsRefused) {
  auto rogue = world_.NewIssuer("rogue");
  Kid kid = world_.PackageContent(*rogue, "rogue-song");
  std::string before = Snapshot(store());
  auto added = store().AddLicense(world_.IssueTo(*rogue, kid, *machine_));
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), Code::kUntrustedIssuer);
  EXPECT_NE(added.status().message().find(rogue->issuer_id()), std::string::npos);
  EXPECT_NE(added.status().message().find("relic trust add"), std::string::npos);
  EXPECT_EQ(Snapshot(store()), before);
}

// Adversary A3: every single-byte change to a license file is refused, with
// a format, signature or key error, and the store is unchanged.
TEST_F(StoreTest, EverySingleByteChangeIsRefused) {
  Bytes license = world_.IssueTo(*issuer_, kid_, *machine_, Rights{.allow_backup = true});
  std::string before = Snapshot(store());
  std::map<Code, int> by_code;
  for (size_t i = 0; i < license.size(); ++i) {
    for (uint8_t flip : {uint8_t{0x01}, uint8_t{0x80}}) {
      Bytes tampered = license;
      tampered[i] ^= flip;
      auto added = store().AddLicense(tampered);
      ASSERT_FALSE(added.ok()) << "byte " << i << " flip " << int(flip) << " was accepted";
      Code c = added.status().code();
      EXPECT_TRUE(c == Code::kMalformed || c == Code::kBadSignature ||
                  c == Code::kUnsupportedVersion || c == Code::kUntrustedIssuer ||
                  c == Code::kWrongMachine)
          << "byte " << i << ": " << added.status().ToString();
      ++by_code[c];
    }
  }
  EXPECT_EQ(Snapshot(store()), before);
  EXPECT_GT(by_code[Code::kBadSignature], 0);
  EXPECT_GT(by_code[Code::kMalformed], 0);
  std::printf("tampered %zu license variants, all refused\n", license.size() * 2);
}

TEST_F(StoreTest, TruncatedAndEmptyLicensesAreRefused) {
  Bytes license = world_.IssueTo(*issuer_, kid_, *machine_);
  std::string before = Snapshot(store());
  for (size_t len = 0; len < license.size(); ++len) {
    auto added = store().AddLicense(ByteView(license.data(), len));
    ASSERT_FALSE(added.ok()) << len;
    EXPECT_EQ(added.status().code(), Code::kMalformed) << len;
  }
  Bytes longer = license;
  longer.push_back(0);
  EXPECT_EQ(store().AddLicense(longer).status().code(), Code::kMalformed);
  EXPECT_EQ(Snapshot(store()), before);
}

TEST_F(StoreTest, ThreePlaysThenRefusedAndDeleteReaddGivesNothingBack) {
  Bytes license = world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 3});
  auto added = store().AddLicense(license);
  RELIC_ASSERT_OK(added);
  for (uint32_t left : {2u, 1u, 0u}) {
    auto played = PlaySong();
    RELIC_ASSERT_OK(played);
    EXPECT_EQ(played->plays_left, left);
  }
  std::remove(world_.Path("out").c_str());
  auto fourth = PlaySong();
  EXPECT_EQ(fourth.status().code(), Code::kNoPlaysLeft);
  EXPECT_NE(::access(world_.Path("out").c_str(), F_OK), 0) << "a refused play wrote output";

  RELIC_ASSERT_OK(store().DeleteLicense(added->license_id));
  EXPECT_EQ(PlaySong().status().code(), Code::kNoLicense);
  auto tomb = store().GetSecureState(added->license_id);
  RELIC_ASSERT_OK(tomb);
  EXPECT_FALSE(tomb->license_present);
  EXPECT_EQ(tomb->plays_used, 3u);

  auto readded = store().AddLicense(license);
  RELIC_ASSERT_OK(readded);
  EXPECT_TRUE(readded->resumed_state);
  EXPECT_EQ(PlaySong().status().code(), Code::kNoPlaysLeft);
}

TEST_F(StoreTest, BeginAndExpiryAreEnforced) {
  Rights rights{.begins = kStartTime + 100, .expires = kStartTime + 200};
  RELIC_ASSERT_OK(store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, rights)));
  auto early = PlaySong();
  EXPECT_EQ(early.status().code(), Code::kNotYetValid);
  world_.clock().Set(kStartTime + 150);
  RELIC_EXPECT_OK(PlaySong());
  world_.clock().Set(kStartTime + 200);
  EXPECT_EQ(PlaySong().status().code(), Code::kExpired);
}

// Adversary A5: setting the clock back after expiry revives nothing, even
// when the only thing the store saw at the later time was a refused play.
TEST_F(StoreTest, MovingTheClockBackDoesNotExtendALicense) {
  Rights rights{.expires = kStartTime + 100};
  auto added = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, rights));
  RELIC_ASSERT_OK(added);
  RELIC_ASSERT_OK(PlaySong());
  world_.clock().Set(kStartTime + 500);
  EXPECT_EQ(PlaySong().status().code(), Code::kExpired);
  world_.clock().Set(kStartTime + 50);
  EXPECT_EQ(PlaySong().status().code(), Code::kExpired);
  auto info = store().GetLicense(added->license_id);
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->state, LicenseState::kExpired);
  // The clock also survives reopening the store.
  machine_.reset();
  machine_ = world_.OpenMachine("a");
  ASSERT_TRUE(machine_);
  EXPECT_EQ(PlaySong().status().code(), Code::kExpired);
}

TEST_F(StoreTest, SharedKidUsesTheLicenseThatExpiresFirst) {
  auto unlimited = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_));
  auto limited =
      store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 1}));
  auto expiring = store().AddLicense(
      world_.IssueTo(*issuer_, kid_, *machine_, Rights{.expires = kStartTime + 1000}));
  RELIC_ASSERT_OK(unlimited);
  RELIC_ASSERT_OK(limited);
  RELIC_ASSERT_OK(expiring);
  auto first = PlaySong();
  RELIC_ASSERT_OK(first);
  EXPECT_EQ(first->license_id, expiring->license_id);
  world_.clock().Set(kStartTime + 2000);
  auto second = PlaySong();
  RELIC_ASSERT_OK(second);
  EXPECT_EQ(second->license_id, limited->license_id);
  auto third = PlaySong();
  RELIC_ASSERT_OK(third);
  EXPECT_EQ(third->license_id, unlimited->license_id);
}

TEST_F(StoreTest, ShowAndDeleteAddressLicensesById) {
  auto a = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 5}));
  auto b = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_));
  RELIC_ASSERT_OK(a);
  RELIC_ASSERT_OK(b);
  RELIC_ASSERT_OK(store().DeleteLicense(a->license_id));
  EXPECT_EQ(store().GetLicense(a->license_id).status().code(), Code::kNotFound);
  RELIC_EXPECT_OK(store().GetLicense(b->license_id));
  EXPECT_EQ(store().DeleteLicense(a->license_id).code(), Code::kNotFound);
}

TEST_F(StoreTest, DamagedPackagePlaysNothingAndConsumesNothing) {
  auto added =
      store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 3}));
  RELIC_ASSERT_OK(added);
  Bytes pkg = ReadFileBytes(world_.Path("song.pkg"));
  pkg[pkg.size() / 2] ^= 0x04;
  WriteFileBytes(world_.Path("bad.pkg"), pkg);
  auto played = store().Play(world_.Path("bad.pkg"), world_.Path("out"));
  EXPECT_EQ(played.status().code(), Code::kMalformed);
  EXPECT_NE(::access(world_.Path("out").c_str(), F_OK), 0);
  pkg = ReadFileBytes(world_.Path("song.pkg"));
  pkg.resize(pkg.size() - 1);
  WriteFileBytes(world_.Path("short.pkg"), pkg);
  EXPECT_EQ(store().Play(world_.Path("short.pkg"), world_.Path("out")).status().code(),
            Code::kMalformed);
  auto state = store().GetSecureState(added->license_id);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 0u);
}

// Eight processes race for a three-play license: exactly three win.
TEST_F(StoreTest, EightProcessesPlayingAThreePlayLicenseConsumeExactlyThree) {
  auto added =
      store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_, Rights{.play_count = 3}));
  RELIC_ASSERT_OK(added);
  machine_.reset();  // no connection crosses fork()
  const HomeOptions options = world_.Options("a");
  std::vector<pid_t> children;
  for (int i = 0; i < 8; ++i) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      auto m = Machine::Open(world_.Home("a"), options);
      if (!m.ok()) {
        std::fprintf(stderr, "child open: %s\n", m.status().ToString().c_str());
        _exit(100);
      }
      auto played =
          (*m)->store().Play(world_.Path("song.pkg"), world_.Path("out" + std::to_string(i)));
      if (played.ok()) _exit(0);
      std::fprintf(stderr, "child play: %s\n", played.status().ToString().c_str());
      _exit(played.status().code() == Code::kNoPlaysLeft ? 1 : 100 + int(played.status().code()));
    }
    children.push_back(pid);
  }
  int won = 0, refused = 0;
  for (pid_t pid : children) {
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    int code = WEXITSTATUS(status);
    if (code == 0)
      ++won;
    else if (code == 1)
      ++refused;
    else
      ADD_FAILURE() << "child failed with " << code;
  }
  EXPECT_EQ(won, 3);
  EXPECT_EQ(refused, 5);
  machine_ = world_.OpenMachine("a");
  auto state = machine_->store().GetSecureState(added->license_id);
  RELIC_ASSERT_OK(state);
  EXPECT_EQ(state->plays_used, 3u);
}

TEST_F(StoreTest, ListStreamsEveryLicenseInKidOrder) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    auto added = store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_));
    RELIC_ASSERT_OK(added);
    ids.insert(added->license_id.ToString());
  }
  std::set<std::string> seen;
  int visits = 0;
  RELIC_ASSERT_OK(store().ListLicenses([&](const LicenseInfo& info) {
    seen.insert(info.license_id.ToString());
    return ++visits < 1000;
  }));
  EXPECT_EQ(seen, ids);
  visits = 0;
  RELIC_ASSERT_OK(store().ListLicenses([&](const LicenseInfo&) { return ++visits < 5; }));
  EXPECT_EQ(visits, 5);
}

TEST_F(StoreTest, LicensesOfAnIssuerNoLongerTrustedDoNotPlay) {
  RELIC_ASSERT_OK(store().AddLicense(world_.IssueTo(*issuer_, kid_, *machine_)));
  RELIC_ASSERT_OK(store().DistrustIssuer(issuer_->public_key()));
  auto played = PlaySong();
  EXPECT_EQ(played.status().code(), Code::kUntrustedIssuer);
  EXPECT_NE(played.status().message().find(issuer_->issuer_id()), std::string::npos);
  RELIC_ASSERT_OK(store().TrustIssuer(issuer_->public_key()));
  RELIC_EXPECT_OK(PlaySong());
}

TEST_F(StoreTest, TrustListAddRemove) {
  auto other = world_.NewIssuer("other");
  RELIC_ASSERT_OK(store().TrustIssuer(other->public_key()));
  RELIC_ASSERT_OK(store().TrustIssuer(other->public_key()));
  auto list = store().TrustedIssuers();
  RELIC_ASSERT_OK(list);
  EXPECT_EQ(list->size(), 2u);
  RELIC_ASSERT_OK(store().DistrustIssuer(other->public_key()));
  EXPECT_EQ(store().DistrustIssuer(other->public_key()).code(), Code::kNotFound);
  list = store().TrustedIssuers();
  RELIC_ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);
}

}  // namespace
}  // namespace relic::testing
