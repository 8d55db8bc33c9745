// SPDX-License-Identifier: Apache-2.0
// Status and Result<T>: relic's errors as values (include/relic/status.h).
#include "relic/status.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>

namespace relic {
namespace {

TEST(StatusTest, DefaultIsOkAndSaysSo) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), Code::kOk);
  EXPECT_EQ(s.ToString(), "ok");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, AnErrorKeepsItsCodeAndMessage) {
  Status s(Code::kNoSpace, "the disk is full; free some space");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Code::kNoSpace);
  EXPECT_EQ(s.message(), "the disk is full; free some space");
  EXPECT_EQ(s.ToString(), "no_space: the disk is full; free some space");
}

TEST(StatusTest, WithContextPrefixesTheMessageAndKeepsTheCode) {
  Status s = Status(Code::kNotFound, "no such file").WithContext("cannot open the store");
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "cannot open the store: no such file");
  EXPECT_TRUE(Status::Ok().WithContext("anything").ok());
}

// Names and exit codes are part of relic's interface (docs/exit-codes.md):
// a few fixed points of the table, and that no two codes share either.
TEST(StatusTest, CodeNamesAndExitCodesAreStableAndDistinct) {
  EXPECT_EQ(CodeName(Code::kOk), "ok");
  EXPECT_EQ(ExitCodeFor(Code::kOk), 0);
  EXPECT_EQ(CodeName(Code::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ExitCodeFor(Code::kInvalidArgument), 10);
  EXPECT_EQ(CodeName(Code::kBackupCorrupt), "backup_corrupt");
  EXPECT_EQ(ExitCodeFor(Code::kBackupCorrupt), 33);
  EXPECT_EQ(CodeName(Code::kStaleChallenge), "stale_challenge");
  EXPECT_EQ(ExitCodeFor(Code::kStaleChallenge), 37);
  EXPECT_EQ(CodeName(Code::kInternal), "internal");
  EXPECT_EQ(ExitCodeFor(Code::kInternal), 70);
  std::set<std::string_view> names;
  std::set<int> exits;
  const int last = static_cast<int>(Code::kStaleChallenge);
  for (int c = 0; c <= last; ++c) {
    names.insert(CodeName(static_cast<Code>(c)));
    exits.insert(ExitCodeFor(static_cast<Code>(c)));
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(last + 1));
  EXPECT_EQ(exits.size(), static_cast<size_t>(last + 1));
}

TEST(ResultTest, HoldsAValue) {
  Result<std::string> r(std::string("licence"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "licence");
  EXPECT_EQ(r->size(), 7u);
  EXPECT_EQ(r.value(), "licence");
  std::string moved = std::move(r).value();
  EXPECT_EQ(moved, "licence");
}

TEST(ResultTest, HoldsAnError) {
  Result<int> r(Status(Code::kExpired, "the license has expired"));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kExpired);
  EXPECT_EQ(r.status().message(), "the license has expired");
}

TEST(ResultTest, HoldsMoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

Status Fails() { return Status(Code::kBusy, "another operation holds the store"); }
Result<int> Seven() { return 7; }
Result<int> NoInt() { return Status(Code::kMalformed, "not a number"); }

Status UsesReturnIfError(bool fail, bool* reached_end) {
  RELIC_RETURN_IF_ERROR(fail ? Fails() : Status::Ok());
  *reached_end = true;
  return Status::Ok();
}

Result<int> UsesAssignOrReturn(bool fail) {
  RELIC_ASSIGN_OR_RETURN(int v, fail ? NoInt() : Seven());
  return v * 6;
}

TEST(ResultTest, MacrosPropagateTheFirstError) {
  bool reached = false;
  Status s = UsesReturnIfError(true, &reached);
  EXPECT_EQ(s.code(), Code::kBusy);
  EXPECT_FALSE(reached);
  ASSERT_TRUE(UsesReturnIfError(false, &reached).ok());
  EXPECT_TRUE(reached);

  Result<int> ok = UsesAssignOrReturn(false);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 42);
  Result<int> bad = UsesAssignOrReturn(true);
  EXPECT_EQ(bad.status().code(), Code::kMalformed);
  EXPECT_EQ(bad.status().message(), "not a number");
}

// Reading the value of an error is a bug in the caller: in every build
// (this test runs in release builds too) it aborts and names the error,
// instead of reading an empty optional.
TEST(ResultDeathTest, ValueOfAnErrorAbortsNamingTheError) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Result<int> r(Status(Code::kNotFound, "there is no such license"));
  EXPECT_DEATH((void)r.value(),
               "relic: Result::value\\(\\) called on an error: not_found: there is no such "
               "license");
  const Result<int>& cr = r;
  EXPECT_DEATH((void)*cr, "called on an error: not_found");
  EXPECT_DEATH((void)std::move(r).value(), "called on an error: not_found");
  Result<std::string> s(Status(Code::kBusy, "held"));
  EXPECT_DEATH((void)s->size(), "called on an error: busy: held");
}

}  // namespace
}  // namespace relic
