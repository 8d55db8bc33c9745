// SPDX-License-Identifier: Apache-2.0
#include "lms/pg_pool.h"

#include <algorithm>

namespace relic::lms {

PgPool::PgPool(std::string conninfo, std::string display, PgPoolOptions options)
    : conninfo_(std::move(conninfo)), display_(std::move(display)), options_(std::move(options)) {}

PgPool::~PgPool() = default;

PgPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Return(std::move(conn_));
}

Result<PgPool::Lease> PgPool::Acquire(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  {
    MutexLock lock(mu_);
    // A request that finds a connection free at once ends an episode of
    // exhaustion: the next one is logged again.
    if (!idle_.empty() || open_ < options_.max_connections) exhausted_ = false;
    while (idle_.empty() && open_ >= options_.max_connections) {
      const auto left = deadline - std::chrono::steady_clock::now();
      if (left <= left.zero() ||
          (!freed_.WaitFor(mu_, left) && idle_.empty() && open_ >= options_.max_connections)) {
        const std::string what =
            "every one of this node's " + std::to_string(options_.max_connections) +
            " ledger connections stayed in use for " + std::to_string(timeout.count()) + " ms";
        const bool first = !exhausted_;
        exhausted_ = true;
        lock.Unlock();
        // One line per episode, however many requests it turns away.
        if (first && options_.log) {
          options_.log("relic-lms: " + what +
                       "; answering 503 busy to requests that wait longer (raise "
                       "--ledger-pool-size within PostgreSQL's max_connections, or add nodes)");
        }
        return Status(Code::kBusy, what + "; try again");
      }
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;  // a slot for the connection opened below, outside the lock
  }
  auto connected = PgConnection::Connect(
      conninfo_, display_, std::min(options_.connect_timeout, timeout), options_.statement_timeout);
  if (!connected.ok()) {
    {
      MutexLock relock(mu_);
      --open_;
    }
    freed_.NotifyOne();
    NoteLost(connected.status());
    return connected.status();
  }
  NoteReachable();
  return Lease(this, std::move(connected).value());
}

void PgPool::Return(std::unique_ptr<PgConnection> conn) {
  {
    MutexLock lock(mu_);
    if (conn && !conn->broken()) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  freed_.NotifyOne();
}

void PgPool::NoteLost(const Status& why) {
  if (why.code() != Code::kServiceUnavailable) return;
  {
    MutexLock lock(mu_);
    if (down_) return;
    down_ = true;
    // Connections opened before the loss are dead too; drop the idle ones.
    open_ -= idle_.size();
    idle_.clear();
  }
  if (options_.log) {
    options_.log("relic-lms: the ledger is unreachable: " + why.message() +
                 "; answering 503 until it is back");
  }
}

void PgPool::NoteReachable() {
  {
    MutexLock lock(mu_);
    if (!down_) return;
    down_ = false;
  }
  if (options_.log) options_.log("relic-lms: the ledger at " + display_ + " is reachable again");
}

}  // namespace relic::lms
