// SPDX-License-Identifier: Apache-2.0
// The operator console (docs/lms.md): static pages and the JSON admin API
// under /admin/v1/ on a listener of their own, separate from the restore
// endpoints, so that it can stay on loopback (or behind a VPN) while the
// service faces the internet. Operators sign in with a token from the
// tokens file (admin_tokens.h) and get an expiring session cookie
// (HttpOnly, SameSite=Strict); every state-changing call needs the
// session's CSRF token as well.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "lms/authority.h"
#include "lms/metrics_histogram.h"
#include "lms/request_log.h"

namespace relic::lms {

struct AdminServiceOptions {
  std::string host = "127.0.0.1";
  int port = 8471;  // 0: any free port
  // PEM files; both or neither. Without them only loopback is allowed.
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tokens_file;  // required
  std::chrono::seconds session_lifetime{8 * 60 * 60};
  uint32_t max_connections = 8;
  // One line per request and per admin action, in `log_format` like the
  // restore service's (docs/lms.md, "Logs"). Default: standard error.
  std::function<void(const std::string& line)> log;
  LogFormat log_format = LogFormat::kText;
};

class AdminService {
 public:
  // `latency` (may be null): this node's restore service, for the
  // dashboard. Errors as HttpService::Start, and kInvalidArgument or
  // kNotFound for an unusable tokens file.
  static Result<std::unique_ptr<AdminService>> Start(Authority* authority,
                                                     const DurationHistogram* latency, Env* env,
                                                     Clock* clock,
                                                     const AdminServiceOptions& options);
  ~AdminService();
  AdminService(const AdminService&) = delete;
  AdminService& operator=(const AdminService&) = delete;

  int port() const;
  const std::string& url() const;  // e.g. "http://127.0.0.1:8471"
  void Stop();                     // idempotent
  // A new certificate for connections from now on (SIGHUP), as
  // HttpService::ReloadTls; kInvalidArgument on a console without TLS.
  Status ReloadTls(const std::string& cert_file, const std::string& key_file);
  bool running() const;

 private:
  struct Impl;
  explicit AdminService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace relic::lms
