// SPDX-License-Identifier: Apache-2.0
// The settings of `relic-lms serve`, shared by the command, the
// configuration file (config_file.h) and `relic-lms config check`.
#pragma once

#include <optional>
#include <string>

#include "database_option.h"
#include "lms/policy.h"
#include "lms/request_log.h"
#include "protocol/http_listen_address.h"
#include "relic/env.h"
#include "relic/status.h"

namespace CLI {
class App;
}

namespace relic::lms_cli {

// Bounds of the ledger pool's settings. A PostgreSQL connection is a server
// process: a thousand from one node is already far past what one server
// serves well (its default max_connections is 100). A wait under 10 ms
// turns any brief contention into 503s; one over 30 s outlasts the relic
// client, which gives up on an exchange after 30 s.
inline constexpr unsigned kMaxLedgerPoolSize = 1000;
inline constexpr unsigned kMinLedgerAcquireTimeoutMs = 10;
inline constexpr unsigned kMaxLedgerAcquireTimeoutMs = 30'000;

struct ServeOptions {
  DatabaseOptions database;  // --home and --database
  std::string listen = "127.0.0.1:8470";
  std::string tls_cert;
  std::string tls_key;
  std::string policy;
  unsigned request_timeout_seconds = 10;
  unsigned max_connections = 32;
  // PostgreSQL only: the node's pool of ledger connections, and how long a
  // request waits for one before it is answered 503 busy.
  unsigned ledger_pool_size = 8;
  unsigned ledger_acquire_timeout_ms = 2000;
  std::string log_format = "text";
  std::string admin_tokens;  // serve the operator console if set
  std::string admin_listen = "127.0.0.1:8471";
  std::string config;  // the file the settings came from, if any
  bool print_config = false;
};

// Adds every setting to `serve` as an option, with its environment
// variable, plus --config and --print-config.
void AddServeOptions(CLI::App& serve, ServeOptions& options);

// The settings checked together, as far as possible without starting: the
// home is given, the database URL parses, the address parses, TLS has both files or neither and
// they load, the policy file loads.
struct CheckedServeOptions {
  lms::ListenAddress address;
  lms::LogFormat log_format = lms::LogFormat::kText;
  lms::Policy policy;
  // Set when the operator console is to be served (admin_tokens given).
  std::optional<lms::ListenAddress> admin_address;
};
Result<CheckedServeOptions> CheckServeOptions(Env* env, const ServeOptions& options);

}  // namespace relic::lms_cli
