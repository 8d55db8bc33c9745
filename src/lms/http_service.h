// SPDX-License-Identifier: Apache-2.0
// The License Management Service over HTTP/1.1 (docs/lms.md): an
// Authority's challenge and restore endpoints, plus health and metrics,
// with limits that keep one client from starving the others. cpp-httplib
// and OpenSSL stay inside the .cc files.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lms/authority.h"
#include "lms/request_log.h"
#include "protocol/protocol.h"

namespace relic::lms {

// The largest body POST /v1/restore accepts: the largest request in base64
// (4/3 of its size) and room for the JSON around it.
constexpr size_t kMaxRestoreBodySize = kMaxRequestSize * 4 / 3 + 4096;

struct HttpServiceOptions {
  std::string host = "127.0.0.1";  // see ParseListenAddress
  int port = 8470;                 // 0: any free port (HttpService::port says which)
  // PEM files; both or neither. Without them the service speaks plain HTTP
  // and listens only on loopback.
  std::string tls_cert_file;
  std::string tls_key_file;
  // From a request's first byte (or the connection's accept, for its first
  // request) to its last: request line, headers and body.
  std::chrono::milliseconds request_timeout{10'000};
  // While every worker is busy and connections wait for one, a request's
  // line and headers (and a TLS handshake) get only this long, and idle
  // keep-alive connections are closed: slow clients yield their workers.
  std::chrono::milliseconds busy_head_timeout{1'000};
  // For writing one response.
  std::chrono::milliseconds write_timeout{10'000};
  // How long an idle connection may wait for its next request.
  std::chrono::milliseconds keep_alive_timeout{5'000};
  uint32_t keep_alive_max_requests = 100;
  // Connections served at once (one worker thread each) ...
  uint32_t max_connections = 32;
  // ... and connections that may wait for a worker; more are closed at once.
  uint32_t max_waiting_connections = 16;
  // Request line and headers together.
  uint32_t max_header_bytes = 16 * 1024;
  size_t max_body_bytes = kMaxRestoreBodySize;
  // Receives one line per request (and per turned-away burst), without the
  // newline. Default: standard error.
  std::function<void(const std::string& line)> log;
  LogFormat log_format = LogFormat::kText;
};

class HttpService {
 public:
  // Listens and serves on background threads until Stop. Errors:
  // kInvalidArgument (bad options; plain HTTP on an address other than
  // loopback; unusable TLS files), kIoError / kPermissionDenied (cannot
  // listen).
  static Result<std::unique_ptr<HttpService>> Start(Authority* authority,
                                                    const HttpServiceOptions& options);
  ~HttpService();  // stops
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  int port() const;
  // "http://127.0.0.1:8470" or "https://...".
  const std::string& url() const;

  // Loads the certificate and key again (SIGHUP, after a renewal): new
  // connections get the new ones, open connections keep theirs. On an error
  // (kInvalidArgument naming the file and OpenSSL's reason; the service
  // speaks plain HTTP) the old ones stay.
  Status ReloadTls(const std::string& cert_file, const std::string& key_file);

  // Stops accepting, closes idle connections, lets requests already
  // arriving finish (each within its deadline), and returns when every
  // connection is closed. Idempotent.
  void Stop();
  // False once stopped, or if the accept loop failed.
  bool running() const;
  // How long this instance took to answer restore requests, as /metrics
  // reports it (the operator console's dashboard).
  const DurationHistogram& restore_latency() const;

 private:
  struct Impl;
  explicit HttpService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace relic::lms
