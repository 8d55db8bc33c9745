// SPDX-License-Identifier: Apache-2.0
// What only the PostgreSQL ledger does: rerun a decision after a
// serialization failure without granting twice, bound its connections,
// and say where a request found none. Behaviour shared with SQLite is in
// the conformance suite.
#include <gtest/gtest.h>

#include <thread>

#include "lms/pg_connection.h"
#include "lms/postgres_ledger.h"
#include "lms_world.h"
#include "pg_test_cluster.h"

namespace relic::testing {
namespace {

class PostgresLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RELIC_REQUIRE_PG_CLUSTER(cluster);
    database_ = std::make_unique<PgTestDatabase>(*cluster);
    RELIC_ASSERT_OK(database_->status());
    auto location = lms::ParseLedgerUrl(database_->url(), lms::PasswordPolicy::kRefuse);
    RELIC_ASSERT_OK(location);
    location_ = *location;
    RELIC_ASSERT_OK(lms::PostgresLedger::Migrate(location_, {}));
  }

  std::unique_ptr<lms::PostgresLedger> Open(const lms::LedgerOpenOptions& options = {}) {
    auto ledger = lms::PostgresLedger::Open(location_, options);
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    return ledger.ok() ? std::move(ledger).value() : nullptr;
  }

  std::unique_ptr<PgTestDatabase> database_;
  lms::LedgerLocation location_;
};

// The adversary is no attacker but the database itself: a serialization
// failure (40001) after the decision's writes, as a concurrent transaction
// on another node would cause. The rerun must not add its grants to the
// first run's.
TEST_F(PostgresLedgerTest, AForcedSerializationFailureDoesNotGrantTwice) {
  LmsWorld lms;
  auto ledger = Open();
  ASSERT_TRUE(ledger);
  auto authority = lms.NewAuthority(ledger.get(), lms.ServedPolicy());
  auto target = lms.NewTarget("target");
  ledger->InjectSerializationFailures(1);
  auto challenge = authority->NewChallenge();
  RELIC_ASSERT_OK(challenge);
  auto answer = authority->Authorize(lms.BuildRequest(*target, *challenge));
  RELIC_ASSERT_OK(answer);
  EXPECT_EQ(ledger->retries(), 1u);
  // Exactly the set's licenses granted, once each, and recorded once.
  EXPECT_TRUE(lms.AnswerIsValidFor(*answer, *target, lms.license_count()));
  EXPECT_EQ(authority->counters().granted.load(), lms.license_count());
  std::map<std::string, int> per_machine;
  RELIC_ASSERT_OK(
      ledger->ForEachPlacement([&](const lms::Placement& p) { ++per_machine[p.machine_id]; }));
  EXPECT_EQ(per_machine.size(), 2u);
  EXPECT_EQ(per_machine[target->machine_id()], static_cast<int>(lms.license_count()));
  EXPECT_EQ(per_machine[lms.source().machine_id()], static_cast<int>(lms.license_count()));
}

TEST_F(PostgresLedgerTest, FailuresPastTheRetryBoundAreBusyAndRecordNothing) {
  lms::LedgerOpenOptions options;
  options.max_attempts = 3;
  auto ledger = Open(options);
  ASSERT_TRUE(ledger);
  ledger->InjectSerializationFailures(3);
  lms::Placement p;
  p.license_id.bytes.fill(1);
  p.machine_id = "m";
  int runs = 0;
  Status s = ledger->Transact(
      [&](lms::LedgerTransaction& txn) {
        ++runs;
        return txn.AddPlacements({p});
      },
      /*commit=*/true);
  EXPECT_EQ(runs, 3);
  EXPECT_EQ(s.code(), Code::kBusy);
  EXPECT_TRUE(s.message().starts_with(
      "the ledger could not serialise this decision with concurrent ones in 3 attempts ("))
      << s.message();
  int rows = 0;
  RELIC_ASSERT_OK(ledger->ForEachPlacement([&](const lms::Placement&) { ++rows; }));
  EXPECT_EQ(rows, 0);
}

TEST_F(PostgresLedgerTest, ARequestThatGetsNoConnectionInTimeIsBusy) {
  lms::LedgerOpenOptions options;
  options.max_connections = 1;
  options.acquire_timeout = std::chrono::milliseconds(200);
  auto ledger = Open(options);
  ASSERT_TRUE(ledger);
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    Status s = ledger->Transact(
        [&](lms::LedgerTransaction&) {
          holding = true;
          while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
          return Status::Ok();
        },
        /*commit=*/false);
    EXPECT_TRUE(s.ok()) << s.ToString();
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto taken = ledger->UseChallenge({}, 0, 0);
  release = true;
  holder.join();
  EXPECT_EQ(taken.status().code(), Code::kBusy);
  EXPECT_EQ(taken.status().message(),
            "every one of this node's 1 ledger connections stayed in use for 200 ms; try again");
  // Once it is free again, requests go through.
  RELIC_EXPECT_OK(ledger->UseChallenge({}, 0, 0));
}

// A decision that waits for a license's lock past the statement timeout
// (another node's long decision on the same license holds it) is busy,
// answered 503 and retried by the client, not a failure of the ledger.
TEST_F(PostgresLedgerTest, ADecisionPastTheStatementTimeoutIsBusy) {
  lms::LedgerOpenOptions options;
  options.statement_timeout = std::chrono::milliseconds(200);
  auto ledger = Open(options);
  ASSERT_TRUE(ledger);
  LicenseId license;
  license.bytes.fill(7);
  // The lock the decision takes for this license: its first 8 bytes.
  auto holder = lms::PgConnection::Connect(database_->url(), "the test", std::chrono::seconds(10));
  RELIC_ASSERT_OK(holder);
  const std::string key = "('x' || '0707070707070707')::bit(64)::bigint";
  const auto locked = (*holder)->Exec("SELECT pg_advisory_lock(" + key + ")");
  RELIC_ASSERT_OK(locked.status());
  auto decide = [&](lms::LedgerTransaction& txn) {
    std::vector<std::vector<lms::Placement>> placements;
    return txn.PlacementsOf({license}, &placements);
  };
  Status held = ledger->Transact(decide, /*commit=*/true);
  EXPECT_EQ(held.code(), Code::kBusy) << held.ToString();
  EXPECT_TRUE(held.message().starts_with("the ledger at " + location_.display +
                                         " did not finish a statement within its statement "
                                         "timeout ("))
      << held.message();
  EXPECT_NE(held.message().find("); concurrent decisions on the same licenses or a loaded server "
                                "held it up; try again"),
            std::string::npos)
      << held.message();
  const auto unlocked = (*holder)->Exec("SELECT pg_advisory_unlock(" + key + ")");
  RELIC_ASSERT_OK(unlocked.status());
  // The connection is still good, and the decision goes through now.
  RELIC_EXPECT_OK(ledger->Transact(decide, /*commit=*/true));
}

// The mode for engines without advisory locks: the same limit holds at
// SERIALIZABLE, by aborting and rerunning the losers.
TEST_F(PostgresLedgerTest, AtSerializableTheLimitHoldsByRetrying) {
  lms::LedgerOpenOptions options;
  options.serializable = true;
  options.max_attempts = 100;
  std::vector<std::unique_ptr<lms::PostgresLedger>> nodes;
  for (int i = 0; i < 4; ++i) {
    nodes.push_back(Open(options));
    ASSERT_TRUE(nodes.back());
  }
  LicenseId license;
  license.bytes.fill(7);
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      bool mine = false;
      Status s = nodes[static_cast<size_t>(t % 4)]->Transact(
          [&](lms::LedgerTransaction& txn) -> Status {
            mine = false;
            std::vector<std::vector<lms::Placement>> on;
            RELIC_RETURN_IF_ERROR(txn.PlacementsOf({license}, &on));
            if (on[0].size() >= 4) return Status::Ok();
            lms::Placement p;
            p.license_id = license;
            p.machine_id = "m" + std::to_string(t);
            mine = true;
            return txn.AddPlacements({p});
          },
          /*commit=*/true);
      EXPECT_TRUE(s.ok()) << s.ToString();
      if (s.ok() && mine) ++granted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 4);
  int rows = 0;
  RELIC_ASSERT_OK(nodes[0]->ForEachPlacement([&](const lms::Placement&) { ++rows; }));
  EXPECT_EQ(rows, 4);
}

}  // namespace
}  // namespace relic::testing
