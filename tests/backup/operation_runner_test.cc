// SPDX-License-Identifier: Apache-2.0
// The thread an asynchronous backup or restore runs on.
#include "backup/operation_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <new>

namespace relic {
namespace {

TEST(OperationRunnerTest, DeliversTheJobsStatusAsTheOneEnd) {
  OperationRunner runner;
  std::atomic<int> ends{0};
  Status delivered;
  runner.Start([](const CancelToken&) { return Status(Code::kNoSpace, "full"); },
               [&](const Status& s) {
                 delivered = s;
                 ++ends;
               });
  Status result = runner.Wait();
  EXPECT_EQ(result.code(), Code::kNoSpace);
  EXPECT_EQ(delivered.code(), Code::kNoSpace);
  EXPECT_EQ(ends.load(), 1);
}

// A failed allocation on the operation's thread ends the operation, with
// one END the application can act on, instead of terminating its process.
TEST(OperationRunnerTest, RunningOutOfMemoryEndsTheOperationNotTheProcess) {
  OperationRunner runner;
  std::atomic<int> ends{0};
  Status delivered;
  runner.Start([](const CancelToken&) -> Status { throw std::bad_alloc(); },
               [&](const Status& s) {
                 delivered = s;
                 ++ends;
               });
  Status result = runner.Wait();
  EXPECT_EQ(result.code(), Code::kInternal);
  EXPECT_EQ(result.message(),
            "relic ran out of memory during the operation, before it could report its outcome; "
            "free some memory and run it again (a backup or restore either completed or "
            "changed nothing)");
  EXPECT_EQ(delivered.message(), result.message());
  EXPECT_EQ(ends.load(), 1);
}

}  // namespace
}  // namespace relic
