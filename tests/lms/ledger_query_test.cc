// SPDX-License-Identifier: Apache-2.0
// The support desk's ledger reads and writes on the SQLite ledger, through
// the Ledger interface: filters, cursor paging, refusal retention, audited
// releases, and the dashboard's activity.
#include <gtest/gtest.h>

#include "lms/sqlite_ledger.h"
#include "support/test_support.h"

namespace relic::testing {
namespace {

using lms::AuditRecord;
using lms::LedgerQuery;
using lms::Placement;
using lms::RefusalRecord;

constexpr int64_t kT0 = 1'800'000'000;  // 2027-01-15T08:00:00Z

std::string MachineHex(int i) {
  char buffer[33];
  std::snprintf(buffer, sizeof buffer, "%032x", i);
  return buffer;
}

LicenseId License(int i) {
  LicenseId id;
  id.bytes[15] = static_cast<uint8_t>(i);
  id.bytes[0] = 0xab;
  return id;
}

class LedgerQueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = lms::SqliteLedger::Open(Env::Default(), dir_.path());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    ledger_ = std::move(opened).value();
  }

  void Add(const std::vector<Placement>& placements) {
    ASSERT_TRUE(
        ledger_
            ->Transact([&](lms::LedgerTransaction& txn) { return txn.AddPlacements(placements); },
                       true)
            .ok());
  }

  void Refuse(const RefusalRecord& r, lms::RefusalRetention retention = {}, bool commit = true) {
    ASSERT_TRUE(
        ledger_
            ->Transact([&](lms::LedgerTransaction& txn) { return txn.AddRefusals({r}, retention); },
                       commit)
            .ok());
  }

  std::vector<std::string> Machines(const LedgerQuery& q) {
    auto page = ledger_->FindPlacements(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<std::string> out;
    if (page.ok()) {
      for (const auto& p : page->rows) out.push_back(p.machine_id);
    }
    return out;
  }

  TempDir dir_;
  std::unique_ptr<lms::SqliteLedger> ledger_;
};

TEST_F(LedgerQueryTest, FiltersByLicenseKidMachineAndTime) {
  Kid kid_a, kid_b;
  kid_a.bytes[0] = 1;
  kid_b.bytes[0] = 2;
  Add({{License(1), kid_a, MachineHex(1), kT0, true},
       {License(1), kid_a, MachineHex(2), kT0 + 10, false},
       {License(2), kid_b, MachineHex(2), kT0 + 20, true},
       {License(2), kid_b, MachineHex(3), kT0 + 30, false}});
  LedgerQuery q;
  q.license = License(1);
  EXPECT_EQ(Machines(q), (std::vector<std::string>{MachineHex(1), MachineHex(2)}));
  q = {};
  q.kid = kid_b;
  EXPECT_EQ(Machines(q), (std::vector<std::string>{MachineHex(2), MachineHex(3)}));
  q = {};
  q.machine = MachineHex(2);
  auto page = ledger_->FindPlacements(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].license_id, License(1));
  EXPECT_EQ(page->rows[1].license_id, License(2));
  EXPECT_TRUE(page->rows[1].source);
  q = {};
  q.since = kT0 + 20;
  EXPECT_EQ(Machines(q), (std::vector<std::string>{MachineHex(2), MachineHex(3)}));
  q.license = License(1);
  EXPECT_TRUE(Machines(q).empty());
}

TEST_F(LedgerQueryTest, PagesFollowEachOtherWithoutGapsOrRepeats) {
  std::vector<Placement> all;
  // Several rows share a time, so the cursor must also order by key.
  for (int i = 0; i < 25; ++i)
    all.push_back({License(i % 4), Kid{}, MachineHex(i), kT0 + i / 3, false});
  Add(all);
  LedgerQuery q;
  q.limit = 7;
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = ledger_->FindPlacements(q);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    for (const auto& p : page->rows) seen.push_back(p.machine_id);
    if (page->next.empty()) break;
    q.after = page->next;
  }
  EXPECT_EQ(pages, 4);
  ASSERT_EQ(seen.size(), 25u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
}

TEST_F(LedgerQueryTest, BadCursorsAndLimitsAreClearErrors) {
  LedgerQuery q;
  for (const std::string& bad : std::vector<std::string>{
           "", "garbage!", "Zm9v", lms::EncodeCursor(5, "short"), lms::EncodeCursor(5, "")}) {
    q.after = bad;
    auto page = ledger_->FindPlacements(q);
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_EQ(page.status().code(), Code::kInvalidArgument);
    EXPECT_NE(page.status().message().find("paging cursor"), std::string::npos)
        << page.status().message();
  }
  // A cursor of refusals does not page placements, and the reverse.
  q.after = lms::EncodeCursor(kT0, "17");
  EXPECT_EQ(ledger_->FindPlacements(q).status().code(), Code::kInvalidArgument);
  q.after = lms::EncodeCursor(kT0, License(1).ToString() + MachineHex(1));
  auto refusals = ledger_->FindRefusals(q);
  EXPECT_EQ(refusals.status().code(), Code::kInvalidArgument);
  EXPECT_NE(refusals.status().message().find("another kind of list"), std::string::npos);
  q = {};
  q.limit = 0;
  EXPECT_NE(ledger_->FindAudit(q).status().message().find("between 1 and 10000"),
            std::string::npos);
  q.limit = lms::kMaxQueryLimit + 1;
  EXPECT_EQ(ledger_->FindRefusals(q).status().code(), Code::kInvalidArgument);
  q = {};
  q.reference = "rfAAAAAAAAAAAAAAAA";
  EXPECT_EQ(ledger_->FindPlacements(q).status().code(), Code::kInvalidArgument);
}

TEST_F(LedgerQueryTest, RefusalsAreKeptByReferenceAndWithinTheirRetention) {
  RefusalRecord r{"rfAAAAAAAAAAAAAAAA", License(1), Kid{}, MachineHex(5),
                  "machine-limit",      kT0,        "req1"};
  Refuse(r);
  r.license_id = License(2);
  Refuse(r);
  // A dry run's transaction rolls back: nothing is kept.
  r.reference = "rfDRYDRYDRYDRYDRYD";
  Refuse(r, {}, /*commit=*/false);
  LedgerQuery q;
  q.reference = "rfAAAAAAAAAAAAAAAA";
  auto page = ledger_->FindRefusals(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->rows.size(), 2u);
  EXPECT_EQ(page->rows[0].license_id, License(1));
  EXPECT_EQ(page->rows[0].machine_id, MachineHex(5));
  EXPECT_EQ(page->rows[0].request_id, "req1");
  q.reference = "rfDRYDRYDRYDRYDRYD";
  EXPECT_TRUE(ledger_->FindRefusals(q)->rows.empty());

  // Retention in days: a refusal 3 days later with a 2-day retention drops
  // the first two; in rows: only the newest 2 stay.
  r.reference = "rfBBBBBBBBBBBBBBBB";
  r.refused_at = kT0 + 3 * 86400;
  Refuse(r, {2, 100});
  q = {};
  auto left = ledger_->FindRefusals(q);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->rows.size(), 1u);
  EXPECT_EQ(left->rows[0].reference, "rfBBBBBBBBBBBBBBBB");
  for (int i = 0; i < 4; ++i) {
    r.refused_at = kT0 + 3 * 86400 + 1 + i;
    Refuse(r, {90, 2});
  }
  left = ledger_->FindRefusals(q);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->rows.size(), 2u);
  EXPECT_EQ(left->rows[0].refused_at, kT0 + 3 * 86400 + 3);
  EXPECT_EQ(left->rows[1].refused_at, kT0 + 3 * 86400 + 4);
}

TEST_F(LedgerQueryTest, AReleaseIsAuditedAndAMissingOneIsNeitherDoneNorRecorded) {
  Add({{License(1), Kid{}, MachineHex(1), kT0, true},
       {License(1), Kid{}, MachineHex(2), kT0, false}});
  AuditRecord audit;
  audit.at = kT0 + 100;
  audit.operator_name = "alice";
  audit.license_id = License(1);
  audit.machine_id = MachineHex(2);
  audit.reason = "ticket 7: stolen <b>laptop</b>";
  audit.request_id = "r1";
  auto stored = ledger_->Release(audit);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_GT(stored->id, 0);
  auto again = ledger_->Release(audit);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Code::kNotFound);
  EXPECT_NE(again.status().message().find("nothing was released or recorded"), std::string::npos);
  audit.machine_id = MachineHex(9);
  EXPECT_EQ(ledger_->Release(audit).status().code(), Code::kNotFound);

  LedgerQuery q;
  q.license = License(1);
  auto records = ledger_->FindAudit(q);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->rows.size(), 1u);
  EXPECT_EQ(records->rows[0].operator_name, "alice");
  EXPECT_EQ(records->rows[0].machine_id, MachineHex(2));
  EXPECT_EQ(records->rows[0].reason, "ticket 7: stolen <b>laptop</b>");
  EXPECT_EQ(records->rows[0].at, kT0 + 100);
  EXPECT_EQ(Machines(q), std::vector<std::string>{MachineHex(1)});
  q.kid = Kid{};
  EXPECT_EQ(ledger_->FindAudit(q).status().code(), Code::kInvalidArgument);
}

TEST_F(LedgerQueryTest, ActivityCountsGrantsAndRefusalsPerHour) {
  const int64_t hour = kT0 - kT0 % 3600;
  Add({{License(1), Kid{}, MachineHex(1), hour + 5, true},  // a source: not a grant
       {License(1), Kid{}, MachineHex(2), hour + 10, false},
       {License(1), Kid{}, MachineHex(3), hour + 3599, false},
       {License(1), Kid{}, MachineHex(4), hour + 3600, false}});
  Refuse(
      {"rfAAAAAAAAAAAAAAAA", License(1), Kid{}, MachineHex(5), "machine-limit", hour + 7200, "r"});
  Refuse({"rfAAAAAAAAAAAAAAAA", License(2), Kid{}, MachineHex(5), "daily-limit", hour + 7201, "r"});
  Refuse({"rfCCCCCCCCCCCCCCCC", License(3), Kid{}, MachineHex(5), "daily-limit", hour + 7300, "r"});
  auto a = ledger_->Activity(hour, hour + 3 * 3600);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_EQ(a->hours.size(), 3u);
  EXPECT_EQ(a->hours[0].start, hour);
  EXPECT_EQ(a->hours[0].grants, 2u);
  EXPECT_EQ(a->hours[1].grants, 1u);
  EXPECT_EQ(a->hours[2].refusals, 3u);
  ASSERT_EQ(a->refusal_reasons.size(), 2u);
  EXPECT_EQ(a->refusal_reasons[0], (std::pair<std::string, uint64_t>{"daily-limit", 2}));
  EXPECT_EQ(a->placements, 4u);
  EXPECT_EQ(a->refusals, 3u);
  EXPECT_EQ(a->audit_records, 0u);
  EXPECT_EQ(ledger_->Activity(hour, hour).status().code(), Code::kInvalidArgument);
}

TEST(LedgerRecordsTest, MachineIdsAreCheckedExactly) {
  EXPECT_TRUE(lms::CheckMachineId(MachineHex(1)).ok());
  for (const std::string& bad : std::vector<std::string>{
           "", "abc", MachineHex(1) + "0", std::string(32, 'A'), std::string(31, 'a') + "<"}) {
    auto s = lms::CheckMachineId(bad);
    EXPECT_EQ(s.code(), Code::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("32 lower-case hex digits"), std::string::npos);
  }
}

}  // namespace
}  // namespace relic::testing
