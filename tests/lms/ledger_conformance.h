// SPDX-License-Identifier: Apache-2.0
// Every behaviour the service relies on from a Ledger (src/lms/ledger.h),
// as a type-parameterised suite that each backend instantiates unchanged:
// ledger_conformance_sqlite_test.cc and ledger_conformance_pg_test.cc.
//
// A Backend type provides:
//   Status SetUp();                          fresh, empty storage for one test (a
//                                            GTEST_SKIP or failure inside is honoured)
//   Result<std::unique_ptr<lms::Ledger>> Open();  a ledger on it, as a node would
//   Result<int> Migrate();                   relic-lms migrate on it
//   Status Exec(const std::string& sql);     raw SQL, to age or damage the schema
//   std::string Where();                     how messages name the ledger
//   std::string NotALedgerMessage();         the error for a database that is not one
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "lms/ledger.h"
#include "lms/ledger_schema.h"
#include "support/test_support.h"

namespace relic::lms::conformance {

inline LicenseId TestLicense(uint8_t n) {
  LicenseId id;
  id.bytes.fill(0);
  id.bytes[0] = n;
  id.bytes[15] = 0xa5;
  return id;
}

inline Placement TestPlacement(uint8_t license, const std::string& machine, int64_t at,
                               bool source = false) {
  Placement p;
  p.license_id = TestLicense(license);
  p.kid.bytes.fill(license);
  p.machine_id = machine;
  p.granted_at = at;
  p.source = source;
  return p;
}

inline std::array<uint8_t, 32> TestChallenge(uint8_t n) {
  std::array<uint8_t, 32> c{};
  c.fill(n);
  return c;
}

template <typename Backend>
class LedgerConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status s = backend_.SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(s.ok()) << s.ToString();
    auto migrated = backend_.Migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.status().ToString();
    auto opened = backend_.Open();
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ledger_ = std::move(*opened);
  }

  std::vector<std::vector<Placement>> Read(Ledger& ledger, const std::vector<LicenseId>& ids) {
    std::vector<std::vector<Placement>> out;
    Status s = ledger.Transact([&](LedgerTransaction& txn) { return txn.PlacementsOf(ids, &out); },
                               /*commit=*/false);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  Status Add(Ledger& ledger, const std::vector<Placement>& placements) {
    return ledger.Transact([&](LedgerTransaction& txn) { return txn.AddPlacements(placements); },
                           /*commit=*/true);
  }

  std::vector<Placement> All(Ledger& ledger) {
    std::vector<Placement> all;
    Status s = ledger.ForEachPlacement([&](const Placement& p) { all.push_back(p); });
    EXPECT_TRUE(s.ok()) << s.ToString();
    return all;
  }

  Backend backend_;
  std::unique_ptr<Ledger> ledger_;
};

TYPED_TEST_SUITE_P(LedgerConformanceTest);

TYPED_TEST_P(LedgerConformanceTest, ABatchReadsEveryPlacementOfItsLicensesOldestFirst) {
  ASSERT_TRUE(
      this->Add(*this->ledger_, {TestPlacement(1, "m-b", 200), TestPlacement(1, "m-a", 100, true),
                                 TestPlacement(2, "m-c", 50)})
          .ok());
  // License 3 has none; license 1 is asked for twice.
  auto got =
      this->Read(*this->ledger_, {TestLicense(1), TestLicense(3), TestLicense(2), TestLicense(1)});
  ASSERT_EQ(got.size(), 4u);
  ASSERT_EQ(got[0].size(), 2u);
  EXPECT_EQ(got[0][0], TestPlacement(1, "m-a", 100, true));
  EXPECT_EQ(got[0][1], TestPlacement(1, "m-b", 200));
  EXPECT_TRUE(got[1].empty());
  ASSERT_EQ(got[2].size(), 1u);
  EXPECT_EQ(got[2][0], TestPlacement(2, "m-c", 50));
  EXPECT_EQ(got[3], got[0]);
}

TYPED_TEST_P(LedgerConformanceTest, ALargeBatchIsReadAndWrittenWhole) {
  std::vector<Placement> many;
  std::vector<LicenseId> ids;
  for (int i = 0; i < 700; ++i) {
    Placement p = TestPlacement(static_cast<uint8_t>(i % 250), "m-" + std::to_string(i), i);
    p.license_id.bytes[1] = static_cast<uint8_t>(i / 250);
    many.push_back(p);
    ids.push_back(p.license_id);
  }
  ASSERT_TRUE(this->Add(*this->ledger_, many).ok());
  auto got = this->Read(*this->ledger_, ids);
  ASSERT_EQ(got.size(), many.size());
  for (size_t i = 0; i < many.size(); ++i) {
    ASSERT_EQ(got[i].size(), 1u) << i;
    EXPECT_EQ(got[i][0], many[i]);
  }
  EXPECT_EQ(this->All(*this->ledger_).size(), 700u);
}

TYPED_TEST_P(LedgerConformanceTest, AddingAnExistingPlacementChangesNothing) {
  ASSERT_TRUE(this->Add(*this->ledger_, {TestPlacement(1, "m-a", 100)}).ok());
  // The same (license, machine) again, later: a retried request.
  ASSERT_TRUE(
      this->Add(*this->ledger_, {TestPlacement(1, "m-a", 900), TestPlacement(1, "m-a", 901)}).ok());
  auto all = this->All(*this->ledger_);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], TestPlacement(1, "m-a", 100));
}

TYPED_TEST_P(LedgerConformanceTest, AFailedOrDryDecisionRecordsNothing) {
  Status failed = this->ledger_->Transact(
      [&](LedgerTransaction& txn) -> Status {
        RELIC_RETURN_IF_ERROR(txn.AddPlacements({TestPlacement(1, "m-a", 100)}));
        return Status(Code::kInternal, "the decision failed half-way");
      },
      /*commit=*/true);
  EXPECT_EQ(failed.code(), Code::kInternal);
  EXPECT_EQ(failed.message(), "the decision failed half-way");
  Status dry = this->ledger_->Transact(
      [&](LedgerTransaction& txn) { return txn.AddPlacements({TestPlacement(1, "m-b", 100)}); },
      /*commit=*/false);
  EXPECT_TRUE(dry.ok()) << dry.ToString();
  EXPECT_TRUE(this->All(*this->ledger_).empty());
}

TYPED_TEST_P(LedgerConformanceTest, ReleaseFreesOneSlotAndSaysWhenThereIsNone) {
  ASSERT_TRUE(
      this->Add(*this->ledger_, {TestPlacement(1, "m-a", 100), TestPlacement(1, "m-b", 200)}).ok());
  AuditRecord audit;
  audit.at = 300;
  audit.operator_name = "alice";
  audit.license_id = TestLicense(1);
  audit.machine_id = "m-a";
  audit.reason = "ticket 1";
  audit.request_id = "r1";
  auto released = this->ledger_->Release(audit);
  ASSERT_TRUE(released.ok()) << released.status().ToString();
  EXPECT_GT(released->id, 0);
  auto all = this->All(*this->ledger_);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].machine_id, "m-b");
  auto again = this->ledger_->Release(audit);
  EXPECT_EQ(again.status().code(), Code::kNotFound);
  EXPECT_EQ(again.status().message(),
            "the ledger has no placement of license " + TestLicense(1).ToString() +
                " on machine m-a; nothing was released or recorded; `relic-lms ledger --license "
                "ID` lists its machines");
  EXPECT_EQ(this->All(*this->ledger_).size(), 1u);
  // One audit record: the release that happened, not the one that did not.
  LedgerQuery q;
  q.license = TestLicense(1);
  auto records = this->ledger_->FindAudit(q);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->rows.size(), 1u);
  EXPECT_EQ(records->rows[0].operator_name, "alice");
  EXPECT_EQ(records->rows[0].reason, "ticket 1");
}

TYPED_TEST_P(LedgerConformanceTest, AChallengeIsUsedOnceOnEveryNode) {
  auto other = this->backend_.Open();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  // One node uses a challenge; then it is used on every node.
  auto used = (*other)->UseChallenge(TestChallenge(1), 1000, 999);
  ASSERT_TRUE(used.ok()) << used.status().ToString();
  EXPECT_TRUE(*used);
  EXPECT_FALSE(*this->ledger_->UseChallenge(TestChallenge(1), 1000, 999));
  EXPECT_FALSE(*(*other)->UseChallenge(TestChallenge(1), 1000, 1000));
  EXPECT_TRUE(*this->ledger_->UseChallenge(TestChallenge(2), 1000, 999));
}

// The ledger holds used challenges only until they expire: a flood of
// them leaves one lifetime's worth.
TYPED_TEST_P(LedgerConformanceTest, UsedChallengesGoOnceExpired) {
  for (uint8_t i = 1; i <= 50; ++i) {
    ASSERT_TRUE(*this->ledger_->UseChallenge(TestChallenge(i), 100 + i, 0));
  }
  // At 140, the ones that expired before it go as another is used.
  ASSERT_TRUE(*this->ledger_->UseChallenge(TestChallenge(200), 500, 140));
  size_t rows = 0;
  ASSERT_TRUE(this->ledger_
                  ->ExportRows([&](const LedgerRow& r) {
                    if (r.table == "challenges") ++rows;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(rows, 12u);  // 140..150, and 200
}

TYPED_TEST_P(LedgerConformanceTest, AChallengeRacedByManyIsTakenOnce) {
  std::vector<std::unique_ptr<Ledger>> nodes;
  for (int i = 0; i < 4; ++i) {
    auto node = this->backend_.Open();
    ASSERT_TRUE(node.ok()) << node.status().ToString();
    nodes.push_back(std::move(*node));
  }
  std::atomic<int> winners{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      auto got =
          nodes[static_cast<size_t>(t) % nodes.size()]->UseChallenge(TestChallenge(7), 1000, 10);
      if (!got.ok())
        ++errors;
      else if (*got)
        ++winners;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(winners.load(), 1);
}

// What the policy does, reduced to the limit: add the machine if the
// license is on fewer than `limit`. Under concurrency from several nodes,
// exactly `limit` land.
TYPED_TEST_P(LedgerConformanceTest, ALimitHoldsUnderConcurrentDecisionsFromSeveralNodes) {
  constexpr size_t kLimit = 4;
  std::vector<std::unique_ptr<Ledger>> nodes;
  for (int i = 0; i < 4; ++i) {
    auto node = this->backend_.Open();
    ASSERT_TRUE(node.ok()) << node.status().ToString();
    nodes.push_back(std::move(*node));
  }
  std::atomic<int> granted{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 24; ++t) {
    threads.emplace_back([&, t] {
      bool mine = false;
      Status s = nodes[static_cast<size_t>(t) % nodes.size()]->Transact(
          [&](LedgerTransaction& txn) -> Status {
            mine = false;  // rerun from the start on a retry
            std::vector<std::vector<Placement>> on;
            RELIC_RETURN_IF_ERROR(txn.PlacementsOf({TestLicense(1), TestLicense(2)}, &on));
            std::vector<Placement> add;
            for (uint8_t l = 1; l <= 2; ++l) {
              if (on[l - 1].size() < kLimit)
                add.push_back(TestPlacement(l, "m-" + std::to_string(t), t));
            }
            mine = add.size() == 2;
            return txn.AddPlacements(add);
          },
          /*commit=*/true);
      if (!s.ok()) {
        ADD_FAILURE() << s.ToString();
        ++errors;
      } else if (mine) {
        ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(granted.load(), static_cast<int>(kLimit));
  auto got = this->Read(*this->ledger_, {TestLicense(1), TestLicense(2)});
  EXPECT_EQ(got[0].size(), kLimit);
  EXPECT_EQ(got[1].size(), kLimit);
}

TYPED_TEST_P(LedgerConformanceTest, ExportThenImportMovesEveryRowOnce) {
  ASSERT_TRUE(
      this->Add(*this->ledger_, {TestPlacement(1, "m-a", 100, true), TestPlacement(1, "m-b", 200),
                                 TestPlacement(2, "m-a", 300, true)})
          .ok());
  ASSERT_TRUE(*this->ledger_->UseChallenge(TestChallenge(5), 5000, 0));
  std::vector<LedgerRow> rows;
  ASSERT_TRUE(this->ledger_
                  ->ExportRows([&](const LedgerRow& r) {
                    rows.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].table, "placements");
  EXPECT_EQ(rows[3].table, "challenges");

  // Into a second, empty ledger of the same backend.
  TypeParam second;
  ASSERT_TRUE(second.SetUp().ok());
  ASSERT_TRUE(second.Migrate().ok());
  auto target = second.Open();
  ASSERT_TRUE(target.ok()) << target.status().ToString();
  for (int pass = 0; pass < 2; ++pass) {
    size_t next = 0;
    auto counts = (*target)->ImportRows([&](LedgerRow* row) -> Result<bool> {
      if (next == rows.size()) return false;
      *row = rows[next++];
      return true;
    });
    ASSERT_TRUE(counts.ok()) << counts.status().ToString();
    EXPECT_EQ(counts->read, 4u);
    // A repeated import duplicates nothing.
    EXPECT_EQ(counts->inserted, pass == 0 ? 4u : 0u);
  }
  EXPECT_EQ(this->All(**target), this->All(*this->ledger_));
  // The used challenge moved with the rest: it stays used.
  EXPECT_FALSE(*(*target)->UseChallenge(TestChallenge(5), 5000, 4000));

  // A bad row stops the import and leaves the target as it was.
  size_t sent = 0;
  auto bad = (*target)->ImportRows([&](LedgerRow* row) -> Result<bool> {
    if (sent == 2) return false;
    *row = sent++ == 0
               ? LedgerRow{"placements",
                           {Bytes(16, 9), std::string("m-z"), Bytes(16, 9), int64_t{1}, int64_t{0}}}
               : LedgerRow{"placements", {std::string("not a license id")}};
    return true;
  });
  EXPECT_EQ(bad.status().code(), Code::kMalformed);
  EXPECT_EQ(bad.status().message(),
            "row 2 of the import has 1 values where table placements has 5 columns; nothing was "
            "imported (is it the output of `relic-lms export-ledger`?)");
  EXPECT_EQ(this->All(**target).size(), 3u);
}

TYPED_TEST_P(LedgerConformanceTest, MigrateIsIdempotentAndOpeningChecksTheVersion) {
  auto again = this->backend_.Migrate();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, 0);
  ASSERT_TRUE(this->Add(*this->ledger_, {TestPlacement(1, "m-a", 100)}).ok());
  // A newer relic-lms migrated this ledger.
  ASSERT_TRUE(this->backend_
                  .Exec(std::string("INSERT INTO ") + kSchemaTable +
                        "(version, applied_at, description) VALUES (" +
                        std::to_string(LatestLedgerSchemaVersion() + 1) + ", 0, 'from the future')")
                  .ok());
  auto newer = this->backend_.Open();
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.status().code(), Code::kUnsupportedVersion);
  EXPECT_EQ(newer.status().message(),
            "the ledger in " + this->backend_.Where() + " has schema version " +
                std::to_string(LatestLedgerSchemaVersion() + 1) +
                ", newer than this relic-lms knows (" +
                std::to_string(LatestLedgerSchemaVersion()) +
                "); a newer relic-lms migrated it: run that version, or upgrade this one");
  auto migrate = this->backend_.Migrate();
  EXPECT_EQ(migrate.status().code(), Code::kUnsupportedVersion);
  // Nothing was lost on the way.
  EXPECT_EQ(this->All(*this->ledger_).size(), 1u);
}

TYPED_TEST_P(LedgerConformanceTest, ADatabaseThatIsNotALedgerIsRefused) {
  TypeParam other;
  ASSERT_TRUE(other.SetUp().ok());
  ASSERT_TRUE(other.Exec("CREATE TABLE invoices(id INTEGER PRIMARY KEY)").ok());
  auto opened = other.Open();
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().message(), other.NotALedgerMessage());
  auto migrated = other.Migrate();
  EXPECT_EQ(migrated.status().message(), other.NotALedgerMessage());
  // Its table is untouched.
  EXPECT_TRUE(other.Exec("INSERT INTO invoices(id) VALUES (1)").ok());
}

REGISTER_TYPED_TEST_SUITE_P(
    LedgerConformanceTest, ABatchReadsEveryPlacementOfItsLicensesOldestFirst,
    ALargeBatchIsReadAndWrittenWhole, AddingAnExistingPlacementChangesNothing,
    AFailedOrDryDecisionRecordsNothing, ReleaseFreesOneSlotAndSaysWhenThereIsNone,
    AChallengeIsUsedOnceOnEveryNode, UsedChallengesGoOnceExpired, AChallengeRacedByManyIsTakenOnce,
    ALimitHoldsUnderConcurrentDecisionsFromSeveralNodes, ExportThenImportMovesEveryRowOnce,
    MigrateIsIdempotentAndOpeningChecksTheVersion, ADatabaseThatIsNotALedgerIsRefused);

}  // namespace relic::lms::conformance
