// SPDX-License-Identifier: Apache-2.0
// The throwaway PostgreSQL cluster of a ctest run (scripts/pg-test-cluster,
// started by the CTest fixture `pg_cluster`), and a fresh database in it
// for each test. Tests that need it call RELIC_REQUIRE_PG_CLUSTER(), which
// fails the test when CI=true and no cluster runs (a skipped PostgreSQL
// test in CI is a failure) and skips it elsewhere, saying how to run it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "relic/status.h"

namespace relic::testing {

class PgTestCluster {
 public:
  // The cluster named by $RELIC_PG_ENV (set by CTest), or null.
  static const PgTestCluster* Get();
  static std::string WhyMissing();

  const std::string& host() const { return host_; }
  int port() const { return port_; }
  const std::string& passfile() const { return passfile_; }
  const std::string& env_dir() const { return env_dir_; }
  // A URL for the test role (its password comes from the passfile).
  std::string Url(const std::string& database) const;
  // A URL for the cluster's superuser over its socket (trust).
  std::string AdminUrl(const std::string& database) const;

  // Stops or starts the server (fault tests); errors name the script's output.
  Status StopServer() const;
  Status StartServer() const;

 private:
  std::string host_;
  int port_ = 0;
  std::string socket_;
  std::string passfile_;
  std::string env_dir_;
};

// A database created empty for one test and dropped after it.
class PgTestDatabase {
 public:
  explicit PgTestDatabase(const PgTestCluster& cluster);
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const Status& status() const { return status_; }
  const std::string& name() const { return name_; }
  std::string url() const { return cluster_.Url(name_); }
  // Runs SQL as the test role.
  Status Exec(const std::string& sql) const;

 private:
  const PgTestCluster& cluster_;
  std::string name_;
  Status status_;
};

bool RunningInCi();

// The cluster, or null after failing (CI) or skipping the current test.
// For functions that cannot return from the test with the macro below.
inline const PgTestCluster* RequirePgCluster() {
  const PgTestCluster* cluster = PgTestCluster::Get();
  if (cluster == nullptr) {
    [] {
      if (RunningInCi()) FAIL() << PgTestCluster::WhyMissing();
      GTEST_SKIP() << PgTestCluster::WhyMissing();
    }();
  }
  return cluster;
}

}  // namespace relic::testing

#define RELIC_REQUIRE_PG_CLUSTER(var)                                                  \
  const ::relic::testing::PgTestCluster* var = ::relic::testing::PgTestCluster::Get(); \
  if (var == nullptr) {                                                                \
    if (::relic::testing::RunningInCi()) {                                             \
      FAIL() << ::relic::testing::PgTestCluster::WhyMissing();                         \
    } else {                                                                           \
      GTEST_SKIP() << ::relic::testing::PgTestCluster::WhyMissing();                   \
    }                                                                                  \
  }
