// SPDX-License-Identifier: Apache-2.0
// cpp-httplib's Server with the connection handling replaced: bounded
// workers that turn excess connections away, a deadline per request, limits
// on header and body bytes, keep-alive limits, TLS on the same terms, and a
// stop that wakes idle connections. Routing, parsing and responses stay
// cpp-httplib's (Server::process_request); only how bytes reach it changes.
//
// cpp-httplib 0.11 gives no hook between accept() and its own per-socket
// loop, but that loop runs behind a virtual (process_and_close_socket),
// which this class overrides.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/mutex.h"
#include "lms/http_request_stream.h"
#include "lms/http_tls.h"
#include "relic/status.h"

namespace relic::lms {

class BoundedTaskQueue;

struct ConnectionLimits {
  RequestLimits request;
  size_t workers = 32;      // connections served at once
  size_t max_waiting = 16;  // accepted connections waiting for a worker
  std::chrono::milliseconds keep_alive_timeout{5'000};
  size_t keep_alive_max_requests = 100;
  // How long to keep reading (and discarding) after answering a request
  // whose body was not read, so the client sees the answer, not a reset.
  std::chrono::milliseconds linger{1'000};
};

struct ConnectionCounters {
  std::atomic<uint64_t> active{0};        // connections being served
  std::atomic<uint64_t> in_flight{0};     // requests being read, handled or answered
  std::atomic<uint64_t> turned_away{0};   // connections closed at once: workers and queue full
  std::atomic<uint64_t> tls_failures{0};  // failed TLS handshakes
  std::atomic<uint64_t> cut_deadline{0};  // requests cut at their deadline
  std::atomic<uint64_t> shed{0};          // slow or idle connections closed to make room
  std::atomic<uint64_t> cut_headers{0};   // requests with too many header bytes
  std::atomic<uint64_t> cut_body{0};      // requests with too many body bytes
};

class BoundedHttpServer final : public httplib::Server {
 public:
  // `tls`: null for plain HTTP. `log` receives lines without a newline.
  BoundedHttpServer(const ConnectionLimits& limits, SslContextPtr tls,
                    std::function<void(const std::string&)> log);
  ~BoundedHttpServer() override;

  // Binds and listens; port 0 picks a free one. Returns the port.
  Result<int> Bind(const std::string& host, int port);
  // Stops accepting and wakes every connection that waits for a request;
  // requests already arriving get until their deadline. listen_after_bind()
  // returns once every worker is done.
  void BeginStop();

  const ConnectionCounters& counters() const { return counters_; }

  // New connections use `tls` from now on; connections already open keep
  // the context they started with (OpenSSL counts its references), so none
  // is dropped. kInvalidArgument if the server speaks plain HTTP.
  Status ReplaceTlsContext(SslContextPtr tls);

  // For handlers, on the thread of the connection they answer.
  // Why reading the current request stopped early.
  static RequestCut CurrentCut();
  // The current request's body will not be read: close the connection
  // after the response instead of reading the next request from it.
  static void CloseAfterResponse();
  // When the current request's first byte was read.
  static SteadyTime CurrentRequestStart();
  // The peer of the current connection ("-" outside one).
  static std::string CurrentPeer();

 private:
  bool process_and_close_socket(socket_t sock) override;
  void TurnAway(int fd);
  void Serve(int fd);
  // The TLS handshake is part of the first request's head: same deadline,
  // same shedding when busy. False (the connection is done) if it failed.
  bool Handshake(Transport& transport, const Endpoint& remote, SteadyTime deadline,
                 SteadyTime busy_deadline);
  // Answers a request cut before cpp-httplib could parse its request line
  // (it then just returns) with a bare status.
  void AnswerUnparsedCut(RequestStream& stream, SteadyTime request_start);
  // Whether accepted connections wait for a worker.
  bool Busy() const;
  enum class Wait { kArrived, kTimedOut, kShed, kStopped };
  // Waits for the next request's first byte until `until`, or, while the
  // server is busy, until `busy_until`.
  Wait WaitForRequest(int fd, SteadyTime until, SteadyTime busy_until) const;

  const ConnectionLimits limits_;
  const bool tls_enabled_;
  Mutex tls_mu_;
  SslContextPtr tls_ GUARDED_BY(tls_mu_);
  std::function<void(const std::string&)> log_;
  ConnectionCounters counters_;
  BoundedTaskQueue* queue_ = nullptr;  // owned by cpp-httplib's accept loop
  std::atomic<bool> stopping_{false};
  int wake_read_ = -1;  // readable once BeginStop ran
  int wake_write_ = -1;
  std::atomic<int64_t> last_turn_away_log_{0};
};

}  // namespace relic::lms
