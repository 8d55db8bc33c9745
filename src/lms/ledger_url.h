// SPDX-License-Identifier: Apache-2.0
// Where a service's ledger lives, as the operator names it (`--database
// URL`, or the config file's setting): `sqlite:` for the embedded ledger in
// the home, or a PostgreSQL URI (`postgresql://user@host:5432/db?...`)
// that libpq reads, its PG* environment variables and ~/.pgpass included.
// One parser for every command and the config file.
#pragma once

#include <string>
#include <string_view>

#include "relic/status.h"

namespace relic::lms {

struct LedgerLocation {
  enum class Kind { kSqlite, kPostgresql };
  Kind kind = Kind::kSqlite;
  // kPostgresql: the URI as given, for libpq. Never logged or shown: it
  // may carry a password (from a config file).
  std::string conninfo;
  // How messages and logs name the ledger: the URI without its password,
  // or "sqlite:".
  std::string display;
};

// Where a password may come from: a command line is visible to every user
// (ps, /proc), so a password there is refused; a config file readable
// only by the service may carry one.
enum class PasswordPolicy { kRefuse, kAllow };

// Errors: kInvalidArgument naming what is wrong (and never the password).
Result<LedgerLocation> ParseLedgerUrl(std::string_view url, PasswordPolicy passwords);

// `text` with every password in a PostgreSQL URI or key=value string
// replaced by "***": for any message that might echo a connection string.
std::string RedactPasswords(std::string_view text);

}  // namespace relic::lms
