// SPDX-License-Identifier: Apache-2.0
// Shared helpers for relic's tests.
#pragma once

#include <string>
#include <vector>

#include "relic/status.h"

namespace relic::testing {

// A fresh directory under the build tree's scratch area (or $TMPDIR),
// removed with its contents when the object is destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Join(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace relic::testing

// gtest assertions on Status and Result.
#define RELIC_ASSERT_OK(expr)                                           \
  do {                                                                  \
    const auto& relic_s_ = (expr);                                      \
    ASSERT_TRUE(relic_s_.ok()) << ::relic::testing::Describe(relic_s_); \
  } while (false)
#define RELIC_EXPECT_OK(expr)                                           \
  do {                                                                  \
    const auto& relic_s_ = (expr);                                      \
    EXPECT_TRUE(relic_s_.ok()) << ::relic::testing::Describe(relic_s_); \
  } while (false)

namespace relic::testing {
inline std::string Describe(const Status& s) { return s.ToString(); }
template <typename T>
std::string Describe(const Result<T>& r) {
  return r.status().ToString();
}
}  // namespace relic::testing
