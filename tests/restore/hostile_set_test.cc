// SPDX-License-Identifier: Apache-2.0
// Sets and answers that would move a victim's store without giving it
// anything: a stranger's set made under a clock years ahead (adversary A1
// hands it over, A3 made it), and a service that refuses everything or
// answers with its own clock far ahead. Nothing from a set or an answer
// changes the store unless a license was granted and accepted
// (docs/threat-model.md, I3). Security cases name their adversary in the
// comment above them.
#include <gtest/gtest.h>

#include "restore_fixture.h"

namespace relic::testing {
namespace {

constexpr int64_t kYear = 365 * 24 * 3600;
constexpr int64_t k2099 = 4'070'908'800;  // 2099-01-01

class HostileSetTest : public RestoreFixture {
 protected:
  void SetUp() override {
    RestoreFixture::SetUp();
    victim_ = world_.NewMachine("victim");
    ASSERT_TRUE(victim_);
    RELIC_ASSERT_OK(victim_->store().TrustIssuer(issuer_->public_key()));
    // Time-limited licenses, one of them already played once: exactly what
    // a clock moved forward would expire.
    for (int i = 0; i < 3; ++i) {
      Rights rights;
      rights.expires = world_.clock().NowUnixSeconds() + kYear;
      rights.play_count = 10;
      auto added = victim_->store().AddLicense(world_.IssueTo(*issuer_, kid_, *victim_, rights));
      RELIC_ASSERT_OK(added.status());
      victim_ids_.push_back(added->license_id);
    }
    // Named: status() of a temporary Result would refer into a dead object.
    auto played = victim_->store().Play(world_.Path("song.pkg"), world_.Path("out-0"));
    RELIC_ASSERT_OK(played.status());
    before_ = Snapshot(victim_->store());
    for (const LicenseId& id : victim_ids_) {
      auto state = victim_->store().GetSecureState(id);
      RELIC_ASSERT_OK(state.status());
      states_before_.push_back(*state);
    }
  }

  // A stranger's machine backs up under a clock at 2099 into its own folder:
  // `licenses` licenses of the trusted issuer that allow backup and never
  // expire (so the backup keeps them), naming the in-process service.
  std::string StrangersSetAt2099(size_t licenses) {
    auto stranger = world_.NewMachine("stranger");
    EXPECT_TRUE(stranger);
    const std::string folder = world_.Path("strangers-set");
    std::filesystem::create_directory(folder);
    std::vector<Bytes> files;
    for (size_t i = 0; i < licenses; ++i) {
      files.push_back(
          world_.IssueTo(*issuer_, kid_, *stranger, Rights{.allow_backup = true}, lms_.info));
    }
    if (!files.empty()) {
      EXPECT_TRUE(stranger->store().TrustIssuer(issuer_->public_key()).ok());
      EXPECT_TRUE(stranger->store().AddLicenses(files).ok());
    }
    stranger.reset();
    const int64_t real_now = world_.clock().NowUnixSeconds();
    world_.clock().Set(k2099);
    BackupRequest request;
    request.home = world_.Home("stranger");
    request.home_options = world_.Options("stranger");
    request.folder = folder;
    BackupRun backup = RunBackup(request);
    EXPECT_TRUE(backup.end.ok()) << backup.end.ToString();
    world_.clock().Set(real_now);
    return folder;
  }

  RestoreRun RestoreOntoVictim(const std::string& folder) {
    RestoreRequest request;
    request.home = world_.Home("victim");
    request.home_options = world_.Options("victim");
    request.folder = folder;
    return RunRestore(request);
  }

  // Every license of the victim is as it was and still plays.
  void ExpectVictimLicensesAsBefore() {
    for (size_t i = 0; i < victim_ids_.size(); ++i) {
      auto state = victim_->store().GetSecureState(victim_ids_[i]);
      RELIC_ASSERT_OK(state.status());
      EXPECT_EQ(state->plays_used, states_before_[i].plays_used);
      EXPECT_EQ(state->first_use, states_before_[i].first_use);
    }
    auto clock = victim_->store().RollbackClock();
    RELIC_ASSERT_OK(clock.status());
    EXPECT_LT(*clock, world_.clock().NowUnixSeconds() + kYear);
    for (size_t i = 0; i < victim_ids_.size(); ++i) {
      auto played = victim_->store().Play(world_.Path("song.pkg"),
                                          world_.Path("out-" + std::to_string(i + 1)));
      EXPECT_TRUE(played.ok()) << played.status().ToString();
    }
  }

  std::unique_ptr<Machine> victim_;
  std::vector<LicenseId> victim_ids_;
  std::vector<SecureState> states_before_;
  std::string before_;
};

// Adversary A1/A3: a stranger's empty set made under a clock at 2099 restores
// nothing and changes nothing, the anti-rollback clock included.
TEST_F(HostileSetTest, AnEmptySetFromTheFutureChangesNothing) {
  const std::string folder = StrangersSetAt2099(0);
  RestoreRun run = RestoreOntoVictim(folder);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, 0u);
  EXPECT_EQ(Snapshot(victim_->store()), before_);
  ExpectVictimLicensesAsBefore();
}

// Adversary A1/A3: a set from the future whose licenses the service refuses
// (their machine limit is reached) changes nothing on the victim.
TEST_F(HostileSetTest, ASetFromTheFutureWhoseLicensesAreRefusedChangesNothing) {
  const std::string folder = StrangersSetAt2099(2);
  lms::Policy one_machine = ServedPolicy();
  one_machine.max_machines = 1;  // the source counts as one: everyone else is refused
  lms::LmsIdentity identity{lms_.encryption, lms_.signing};
  authority_ =
      std::make_unique<lms::Authority>(identity, ledger_.get(), one_machine, &world_.clock());
  RestoreRun run = RestoreOntoVictim(folder);
  EXPECT_EQ(run.end.code(), Code::kRestoreFraud) << run.end.ToString();
  EXPECT_EQ(run.restored, 0u);
  EXPECT_EQ(Snapshot(victim_->store()), before_);
  ExpectVictimLicensesAsBefore();
}

// Adversary A4 (a service whose clock is years ahead, or that says so in
// its signed time): refusing everything, it moves nothing.
TEST_F(HostileSetTest, AServiceFromTheFutureThatGrantsNothingMovesNothing) {
  const std::string folder = StrangersSetAt2099(2);
  ManualClock future(k2099);
  lms::Policy one_machine = ServedPolicy();
  one_machine.max_machines = 1;
  lms::LmsIdentity identity{lms_.encryption, lms_.signing};
  authority_ = std::make_unique<lms::Authority>(identity, ledger_.get(), one_machine, &future);
  RestoreRun run = RestoreOntoVictim(folder);
  EXPECT_EQ(run.end.code(), Code::kRestoreFraud) << run.end.ToString();
  EXPECT_EQ(Snapshot(victim_->store()), before_);
  ExpectVictimLicensesAsBefore();
}

// Adversary A1/A3: a set from the future with one license the service
// grants: that license is restored, and the victim's own licenses and the
// clock are as they were (the set's source clock moves nothing).
TEST_F(HostileSetTest, ASetFromTheFutureWithOneGrantedLicenseMovesOnlyThatLicense) {
  const std::string folder = StrangersSetAt2099(1);
  const auto clock_before = victim_->store().RollbackClock();
  RELIC_ASSERT_OK(clock_before.status());
  RestoreRun run = RestoreOntoVictim(folder);
  RELIC_ASSERT_OK(run.end);
  EXPECT_EQ(run.restored, 1u);
  size_t licenses = 0;
  RELIC_ASSERT_OK(victim_->store().ListLicenses([&](const LicenseInfo&) {
    ++licenses;
    return true;
  }));
  EXPECT_EQ(licenses, victim_ids_.size() + 1);
  auto clock = victim_->store().RollbackClock();
  RELIC_ASSERT_OK(clock.status());
  EXPECT_EQ(*clock, std::max(*clock_before, world_.clock().NowUnixSeconds()));
  ExpectVictimLicensesAsBefore();
}

}  // namespace
}  // namespace relic::testing
