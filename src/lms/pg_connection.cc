// SPDX-License-Identifier: Apache-2.0
#include "lms/pg_connection.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <cstring>

#include "lms/ledger_url.h"

namespace relic::lms {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool Contains(const std::string& text, const char* needle) {
  return text.find(needle) != std::string::npos;
}

// SQLSTATE classes and codes that mean the server went away.
bool IsConnectionLoss(const std::string& sqlstate) {
  return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

}  // namespace

std::string PgMessage(const std::string& text) {
  std::string out = RedactPasswords(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

PgResult::~PgResult() {
  if (result_ != nullptr) PQclear(result_);
}

int PgResult::rows() const { return PQntuples(result_); }

bool PgResult::IsNull(int row, int column) const { return PQgetisnull(result_, row, column) != 0; }

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<size_t>(PQgetlength(result_, row, column)));
}

int64_t PgResult::Int(int row, int column) const {
  return std::strtoll(PQgetvalue(result_, row, column), nullptr, 10);
}

std::optional<Bytes> PgResult::Bytea(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  const size_t len = static_cast<size_t>(PQgetlength(result_, row, column));
  if (len < 2 || text[0] != '\\' || text[1] != 'x' || len % 2 != 0) return std::nullopt;
  Bytes out;
  out.reserve((len - 2) / 2);
  for (size_t i = 2; i < len; i += 2) {
    const int hi = HexValue(text[i]);
    const int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return out;
}

uint64_t PgResult::affected() const {
  const char* n = PQcmdTuples(result_);
  return n == nullptr || *n == '\0' ? 0 : std::strtoull(n, nullptr, 10);
}

std::string ByteaText(ByteView bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string TextArrayLiteral(const std::vector<std::string>& items) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : items[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& conninfo, const std::string& display,
    std::chrono::milliseconds connect_timeout, std::chrono::milliseconds statement_timeout) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string why = parse_error != nullptr ? PgMessage(parse_error) : "out of memory";
    PQfreemem(parse_error);
    return Status(Code::kInvalidArgument, "the database URL " + display + " is malformed (" + why +
                                              "); see docs/lms.md for its form");
  }
  bool has_connect_timeout = false;
  for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (std::strcmp(o->keyword, "connect_timeout") == 0 && o->val != nullptr) {
      has_connect_timeout = true;
    }
  }
  PQconninfoFree(parsed);
  // The URL first, expanded; then defaults it does not set. A dead server
  // must not hold a request thread for minutes: bound the connect, and the
  // wait for an answer on an established connection (tcp_user_timeout).
  // libpq counts connect_timeout in whole seconds, and at least 2.
  const std::string seconds =
      std::to_string(std::max<int64_t>(2, (connect_timeout.count() + 999) / 1000));
  const std::string user_timeout = std::to_string(statement_timeout.count());
  std::vector<const char*> keys = {"dbname", "fallback_application_name", "tcp_user_timeout",
                                   "keepalives_idle"};
  std::vector<const char*> values = {conninfo.c_str(), "relic-lms", user_timeout.c_str(), "10"};
  if (!has_connect_timeout) {
    keys.push_back("connect_timeout");
    values.push_back(seconds.c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr) {
    return Status(Code::kServiceUnavailable,
                  "cannot connect to the ledger at " + display + ": out of memory");
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = PgMessage(PQerrorMessage(conn));
    PQfinish(conn);
    if (Contains(why, "password authentication failed") || Contains(why, "no password supplied") ||
        Contains(why, "authentication failed")) {
      return Status(Code::kPermissionDenied,
                    "PostgreSQL refused the credentials for the ledger at " + display + " (" + why +
                        "); check the user in the URL and the password in the password file "
                        "(PGPASSFILE, ~/.pgpass) or PGPASSWORD");
    }
    if (Contains(why, "does not exist") && Contains(why, "database")) {
      return Status(Code::kNotFound, "the ledger's database at " + display + " does not exist (" +
                                         why +
                                         "); create it (createdb) and run `relic-lms migrate "
                                         "--database URL`");
    }
    return Status(Code::kServiceUnavailable,
                  "cannot reach the ledger at " + display + " (" + why +
                      "); check that PostgreSQL runs there and accepts connections");
  }
  auto connection = std::unique_ptr<PgConnection>(new PgConnection(conn, display));
  // Statements that hang (a lock held by a stuck client) end with an error
  // rather than holding a request forever.
  RELIC_RETURN_IF_ERROR(
      connection->Exec("SET statement_timeout = " + std::to_string(statement_timeout.count()))
          .status());
  return connection;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

bool PgConnection::LastFailureIsRetryable() const {
  return last_sqlstate_ == "40001" || last_sqlstate_ == "40P01";
}

Status PgConnection::Failure(const std::string& doing) {
  const std::string why = PgMessage(PQerrorMessage(conn_));
  if (LastFailureIsRetryable()) {
    return Status(Code::kBusy, "the ledger at " + display_ + " could not serialise " + doing +
                                   " with concurrent ones (" + why + "); try again");
  }
  // A statement past its timeout (57014) most often waited for the locks
  // of concurrent decisions on the same licenses: the server is busy, not
  // failing, and the request may be retried (503, not 500).
  if (!broken() && (last_sqlstate_ == "57014" || last_sqlstate_ == "55P03")) {
    return Status(Code::kBusy, "the ledger at " + display_ + " did not finish " + doing +
                                   " within its statement timeout (" + why +
                                   "); concurrent decisions on the same licenses or a loaded "
                                   "server held it up; try again");
  }
  if (broken() || IsConnectionLoss(last_sqlstate_)) {
    return Status(Code::kServiceUnavailable, "lost the ledger at " + display_ + " while " + doing +
                                                 " (" + why + "); try again when it is back");
  }
  return Status(Code::kIoError, "the ledger at " + display_ + " failed " + doing + " (" + why +
                                    (last_sqlstate_.empty() ? "" : ", SQLSTATE " + last_sqlstate_) +
                                    ")");
}

Result<PgResult> PgConnection::Exec(const std::string& sql,
                                    const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  // Without parameters, the simple protocol, which runs a script of
  // several statements (a migration); with them, one statement.
  PgResult result(params.empty()
                      ? PQexec(conn_, sql.c_str())
                      : PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                     values.data(), nullptr, nullptr, /*resultFormat=*/0));
  const ExecStatusType status = PQresultStatus(result.raw());
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    last_sqlstate_.clear();
    return result;
  }
  const char* state = PQresultErrorField(result.raw(), PG_DIAG_SQLSTATE);
  last_sqlstate_ = state != nullptr ? state : "";
  return Failure("a statement");
}

Status PgConnection::Stream(const std::string& sql,
                            const std::function<Status(const PgResult&)>& row) {
  if (PQsendQuery(conn_, sql.c_str()) == 0 || PQsetSingleRowMode(conn_) == 0) {
    last_sqlstate_.clear();
    return Failure("a query");
  }
  Status outcome;
  // Every result must be read, even after a failure, before the
  // connection can run another statement.
  while (pg_result* raw = PQgetResult(conn_)) {
    PgResult result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (!outcome.ok()) continue;
    if (status == PGRES_SINGLE_TUPLE) {
      outcome = row(result);
    } else if (status != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
      last_sqlstate_ = state != nullptr ? state : "";
      outcome = Failure("a query");
    }
  }
  return outcome;
}

}  // namespace relic::lms
