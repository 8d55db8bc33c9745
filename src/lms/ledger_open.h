// SPDX-License-Identifier: Apache-2.0
// Opens the ledger a LedgerLocation names, whichever backend it is.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "lms/ledger.h"
#include "lms/ledger_url.h"
#include "relic/env.h"

namespace relic::lms {

struct LedgerOpenOptions {
  // PostgreSQL: connections a node holds at most (four nodes of 8 stay far
  // below the server's default max_connections of 100) ...
  size_t max_connections = 8;
  // ... and how long a request waits for one before it is answered 503.
  std::chrono::milliseconds acquire_timeout{2'000};
  // How long connecting, and any one statement, may take.
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds statement_timeout{10'000};
  // Attempts of one decision on serialization failure or deadlock.
  int max_attempts = 8;
  // PostgreSQL: decide at SERIALIZABLE isolation instead of READ COMMITTED
  // with a lock per license (postgres_ledger.h says why locks are the
  // default; SERIALIZABLE is for engines without advisory locks).
  bool serializable = false;
  // Receives one line per event worth an operator's attention (the
  // database lost and back). Default: standard error.
  std::function<void(const std::string&)> log;
};

// The ledger at `location`: for sqlite: DIR/ledger.db in `home`, created if
// new. Checks the schema version (kNotInitialized: run `relic-lms
// migrate`; kUnsupportedVersion: newer than this relic-lms).
Result<std::unique_ptr<Ledger>> OpenLedger(Env* env, const LedgerLocation& location,
                                           const std::string& home,
                                           const LedgerOpenOptions& options = {});

// Applies the migrations the ledger lacks; returns how many. Several
// processes migrating at once take turns.
Result<int> MigrateLedger(Env* env, const LedgerLocation& location, const std::string& home);

}  // namespace relic::lms
