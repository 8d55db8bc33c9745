// SPDX-License-Identifier: Apache-2.0
#include "pg_test_cluster.h"

#include <cstdlib>
#include <fstream>
#include <map>
#include <random>

#include "lms/pg_connection.h"
#include "support/cli_runner.h"

namespace relic::testing {
namespace {

std::map<std::string, std::string> ReadEnv(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

std::string EnvDir() {
  const char* dir = std::getenv("RELIC_PG_ENV");
  return dir == nullptr ? "" : dir;
}

Result<std::unique_ptr<lms::PgConnection>> Admin(const PgTestCluster& cluster) {
  return lms::PgConnection::Connect(cluster.AdminUrl("postgres"), "the test cluster",
                                    std::chrono::seconds(10));
}

Status RunScript(const PgTestCluster& cluster, const std::string& action) {
  RunOptions options;
  options.timeout = std::chrono::seconds(120);
  ProcessResult r =
      RunProcess({"/bin/bash", std::string(RELIC_SOURCE_DIR) + "/scripts/pg-test-cluster", action,
                  cluster.env_dir()},
                 options);
  if (r.exit_code != 0)
    return Status(Code::kIoError, "pg-test-cluster " + action + ": " + r.Describe());
  return Status::Ok();
}

}  // namespace

bool RunningInCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

std::string PgTestCluster::WhyMissing() {
  const std::string dir = EnvDir();
  if (dir.empty()) {
    return "no PostgreSQL test cluster: RELIC_PG_ENV is not set; run this test through ctest "
           "(the pg_cluster fixture starts one)";
  }
  return "no PostgreSQL test cluster in " + dir +
         " (no env file): the pg_cluster fixture did not start one; see its output "
         "(ctest -R pg_cluster_start -V) and scripts/pg-test-cluster";
}

const PgTestCluster* PgTestCluster::Get() {
  static const PgTestCluster* cluster = []() -> const PgTestCluster* {
    const std::string dir = EnvDir();
    if (dir.empty()) return nullptr;
    auto env = ReadEnv(dir + "/env");
    if (env.empty()) return nullptr;
    auto* c = new PgTestCluster();
    c->host_ = env["RELIC_PG_HOST"];
    c->port_ = std::atoi(env["RELIC_PG_PORT"].c_str());
    c->socket_ = env["RELIC_PG_SOCKET"];
    c->passfile_ = env["RELIC_PG_PASSFILE"];
    c->env_dir_ = dir;
    // libpq reads the password from here, as an operator's node would.
    setenv("PGPASSFILE", c->passfile_.c_str(), 1);
    return c;
  }();
  return cluster;
}

std::string PgTestCluster::Url(const std::string& database) const {
  return "postgresql://relic@" + host_ + ":" + std::to_string(port_) + "/" + database;
}

std::string PgTestCluster::AdminUrl(const std::string& database) const {
  return "postgresql://relic_admin@/" + database + "?host=" + socket_ +
         "&port=" + std::to_string(port_);
}

Status PgTestCluster::StopServer() const { return RunScript(*this, "stop-server"); }
Status PgTestCluster::StartServer() const { return RunScript(*this, "start-server"); }

PgTestDatabase::PgTestDatabase(const PgTestCluster& cluster) : cluster_(cluster) {
  std::random_device random;
  name_ = "relic_test_" + std::to_string(random()) + std::to_string(random());
  auto admin = Admin(cluster);
  if (!admin.ok()) {
    status_ = admin.status();
    return;
  }
  status_ = (*admin)->Exec("CREATE DATABASE " + name_ + " OWNER relic").status();
}

PgTestDatabase::~PgTestDatabase() {
  auto admin = Admin(cluster_);
  if (admin.ok())
    (*admin)->Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)").status().IgnoreError();
}

Status PgTestDatabase::Exec(const std::string& sql) const {
  RELIC_ASSIGN_OR_RETURN(auto c,
                         lms::PgConnection::Connect(url(), url(), std::chrono::seconds(10)));
  return c->Exec(sql).status();
}

}  // namespace relic::testing
