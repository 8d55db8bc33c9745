// SPDX-License-Identifier: Apache-2.0
// A small RAII layer over libpq, PostgreSQL's C client library, that turns
// its results into relic Status values. libpq rather than libpqxx: relic's
// errors are values, libpqxx reports them by exceptions, and the ledger
// needs little beyond parameterised statements and SQLSTATEs.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "relic/env.h"
#include "relic/status.h"

struct pg_conn;
struct pg_result;

namespace relic::lms {

class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}
  PgResult(PgResult&& other) noexcept : result_(other.result_) { other.result_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult();

  int rows() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  int64_t Int(int row, int column) const;
  // A bytea column, as PostgreSQL sends it in text form ("\x0a1b...").
  std::optional<Bytes> Bytea(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE affected.
  uint64_t affected() const;
  pg_result* raw() const { return result_; }

 private:
  pg_result* result_;
};

// A bytea parameter in PostgreSQL's hex text form.
std::string ByteaText(ByteView bytes);
// A text[] array literal.
std::string TextArrayLiteral(const std::vector<std::string>& items);

class PgConnection {
 public:
  // Connects to `conninfo` (a URI; libpq reads PG* variables and the
  // password file as usual). `display` names the server in messages.
  // Errors: kInvalidArgument (a URL libpq cannot parse), kPermissionDenied
  // (authentication failed), kNotFound (no such database),
  // kServiceUnavailable (cannot reach the server).
  // `connect_timeout` bounds connecting, `statement_timeout` any one
  // statement and the wait for the server's answer on the network.
  static Result<std::unique_ptr<PgConnection>> Connect(
      const std::string& conninfo, const std::string& display,
      std::chrono::milliseconds connect_timeout,
      std::chrono::milliseconds statement_timeout = std::chrono::seconds(10));
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs `sql` with text parameters ($1, $2 ...); std::nullopt is NULL.
  Result<PgResult> Exec(const std::string& sql,
                        const std::vector<std::optional<std::string>>& params = {});
  // Runs a query row by row, without holding the whole result in memory.
  Status Stream(const std::string& sql, const std::function<Status(const PgResult&)>& row);

  // The SQLSTATE of the last failed statement ("" if none or unknown).
  const std::string& last_sqlstate() const { return last_sqlstate_; }
  // A serialization failure or deadlock: the transaction may be retried.
  bool LastFailureIsRetryable() const;
  // The connection is gone (the server stopped, the network failed).
  bool broken() const;

 private:
  PgConnection(pg_conn* conn, std::string display) : conn_(conn), display_(std::move(display)) {}
  Status Failure(const std::string& doing);
  pg_conn* conn_;
  std::string display_;
  std::string last_sqlstate_;
};

// libpq's message for a failed connection, redacted and on one line.
std::string PgMessage(const std::string& text);

}  // namespace relic::lms
