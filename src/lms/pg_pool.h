// SPDX-License-Identifier: Apache-2.0
// A node's bounded set of PostgreSQL connections. Requests borrow one for a
// decision and give it back; a request that gets none in time is answered
// 503, so a burst cannot open more connections than the server allows
// (four nodes of 8 stay below PostgreSQL's default max_connections, 100).
// Connections the server dropped are discarded and replaced on demand,
// which is how a node recovers by itself when the database returns.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/cond_var.h"
#include "base/mutex.h"
#include "lms/pg_connection.h"

namespace relic::lms {

struct PgPoolOptions {
  size_t max_connections = 8;
  std::chrono::milliseconds acquire_timeout{2'000};
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds statement_timeout{10'000};
  // One line when the ledger is lost and one when it is back; one when
  // requests start timing out for a connection.
  std::function<void(const std::string&)> log;
};

class PgPool {
 public:
  PgPool(std::string conninfo, std::string display, PgPoolOptions options);
  ~PgPool();

  // A borrowed connection; returned to the pool when destroyed (or dropped
  // if it broke).
  class Lease {
   public:
    Lease(PgPool* pool, std::unique_ptr<PgConnection> conn) : pool_(pool), conn_(std::move(conn)) {}
    // A moved-from lease returns nothing: only the last owner gives the
    // connection back (or reports it gone).
    Lease(Lease&& other) noexcept : pool_(other.pool_), conn_(std::move(other.conn_)) {
      other.pool_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    PgConnection* operator->() const { return conn_.get(); }
    PgConnection& operator*() const { return *conn_; }
    // Drops the connection instead of returning it (its state is unknown).
    void Discard() { conn_.reset(); }

   private:
    PgPool* pool_;
    std::unique_ptr<PgConnection> conn_;
  };

  // Errors: kBusy (none free within the timeout), the connect errors of
  // PgConnection::Connect (kServiceUnavailable when the server is down).
  Result<Lease> Acquire(std::chrono::milliseconds timeout);
  Result<Lease> Acquire() { return Acquire(options_.acquire_timeout); }

  const std::string& display() const { return display_; }
  // Reports a lost connection found while using it (logged once).
  void NoteLost(const Status& why);

 private:
  void Return(std::unique_ptr<PgConnection> conn);
  void NoteReachable();

  const std::string conninfo_;
  const std::string display_;
  const PgPoolOptions options_;
  Mutex mu_;
  CondVar freed_;
  std::vector<std::unique_ptr<PgConnection>> idle_ GUARDED_BY(mu_);
  size_t open_ GUARDED_BY(mu_) = 0;  // idle + lent + being connected
  bool down_ GUARDED_BY(mu_) = false;
  bool exhausted_ GUARDED_BY(mu_) = false;  // a request timed out since one found a free connection
};

}  // namespace relic::lms
