// SPDX-License-Identifier: Apache-2.0
// relic-lms serve --home DIR [--database URL] [--listen ADDR:PORT] [--tls-cert F --tls-key F]
//                 [--policy FILE] [--request-timeout S] [--max-connections N]
//                 [--ledger-pool-size N] [--ledger-acquire-timeout-ms MS]
//                 [--log-format text|json] [--admin-tokens FILE [--admin-listen ADDR:PORT]]
//
// Serves until SIGTERM or SIGINT; SIGHUP reloads the certificate and the
// policy. The signals are blocked in every thread and taken by the main
// thread with sigtimedwait, so stopping and reloading run as ordinary code
// rather than in a signal handler. Under systemd (Type=notify) it reports
// readiness, reloads and stopping through sd_notify; elsewhere sd_notify
// does nothing.
#include <pthread.h>
#include <signal.h>
#include <systemd/sd-daemon.h>

#include <unistd.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "cli.h"
#include "config_file.h"
#include "database_option.h"
#include "lms/admin_service.h"
#include "lms/authority.h"
#include "lms/http_service.h"
#include "lms/lms_identity.h"
#include "lms/policy.h"
#include "output.h"
#include "protocol/http_listen_address.h"
#include "relic/rights.h"
#include "serve_options.h"

namespace relic::lms_cli {
namespace {

// The service's own lines (ready, stopping), in the requests' log format.
void Say(lms::LogFormat format, const std::string& message, const std::string& url = "") {
  std::string line;
  if (format == lms::LogFormat::kJson) {
    Json j{{"time", FormatRfc3339(std::time(nullptr))}, {"message", message}};
    if (!url.empty()) j["url"] = url;
    line = JsonText(j, -1);
  } else {
    line = "relic-lms: " + message + (url.empty() ? "" : " " + url);
  }
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

// SIGHUP: the files named at start, read again. A file that does not load
// leaves the old one in use, and the log says why.
// The operator console's listener uses the same certificate, and reloads
// it too; its tokens file is read at each sign-in, so needs no reload.
void Reload(lms::HttpService& service, lms::AdminService* admin, lms::Authority& authority,
            const ServeOptions& options, lms::LogFormat format) {
  sd_notify(0, "RELOADING=1");
  if (!options.tls_cert.empty()) {
    Status reloaded = service.ReloadTls(options.tls_cert, options.tls_key);
    if (reloaded.ok() && admin != nullptr) {
      reloaded = admin->ReloadTls(options.tls_cert, options.tls_key);
    }
    Say(format, reloaded.ok() ? "SIGHUP: reloaded the certificate " + options.tls_cert
                              : "SIGHUP: kept the old certificate: " + reloaded.message());
  }
  if (!options.policy.empty()) {
    auto policy = lms::LoadPolicy(Env::Default(), options.policy);
    if (policy.ok()) authority.SetPolicy(*policy);
    Say(format, policy.ok() ? "SIGHUP: reloaded the policy " + options.policy
                            : "SIGHUP: kept the old policy: " + policy.status().message());
  }
  if (options.tls_cert.empty() && options.policy.empty()) {
    Say(format, "SIGHUP: nothing to reload (the service has no certificate and no policy file)");
  }
  sd_notify(0, "READY=1");
}

// The service's start, in the order it must happen: signals blocked before
// any thread exists, then the ledger, the listeners, readiness, the wait
// for a signal and an orderly stop. Each step is a call; what is left is
// their order, which reads best in one place.
Status RunServe(const ServeOptions& options, const CLI::App& command) {
  if (options.print_config) {
    std::printf("%s", EffectiveConfig(command).c_str());
    return Status::Ok();
  }
  // Before any thread exists, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Env* env = Env::Default();
  RELIC_ASSIGN_OR_RETURN(CheckedServeOptions checked, CheckServeOptions(env, options));
  const lms::ListenAddress& address = checked.address;
  const lms::LogFormat log_format = checked.log_format;
  RELIC_ASSIGN_OR_RETURN(lms::LmsIdentity identity,
                         lms::OpenLmsIdentity(env, options.database.home));
  lms::Policy policy = checked.policy;
  lms::LedgerOpenOptions open;
  open.max_connections = options.ledger_pool_size;
  open.acquire_timeout = std::chrono::milliseconds(options.ledger_acquire_timeout_ms);
  // The pool's lines (the ledger lost, back, its connections all in use)
  // in the requests' log format.
  open.log = [log_format](const std::string& line) {
    const std::string_view prefix = "relic-lms: ";
    Say(log_format, line.starts_with(prefix) ? line.substr(prefix.size()) : line);
  };
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database, open));
  lms::Authority authority(std::move(identity), ledger.get(), policy, Clock::System());

  lms::HttpServiceOptions service_options;
  service_options.host = address.host;
  service_options.port = address.port;
  service_options.tls_cert_file = options.tls_cert;
  service_options.tls_key_file = options.tls_key;
  service_options.request_timeout = std::chrono::seconds(options.request_timeout_seconds);
  service_options.max_connections = options.max_connections;
  service_options.log_format = log_format;
  RELIC_ASSIGN_OR_RETURN(auto service, lms::HttpService::Start(&authority, service_options));
  std::unique_ptr<lms::AdminService> admin;
  if (checked.admin_address) {
    lms::AdminServiceOptions admin_options;
    admin_options.host = checked.admin_address->host;
    admin_options.port = checked.admin_address->port;
    admin_options.tls_cert_file = options.tls_cert;
    admin_options.tls_key_file = options.tls_key;
    admin_options.tokens_file = options.admin_tokens;
    admin_options.log_format = log_format;
    RELIC_ASSIGN_OR_RETURN(admin, lms::AdminService::Start(&authority, &service->restore_latency(),
                                                           env, Clock::System(), admin_options));
    Say(log_format, "operator console on", admin->url() + "/admin/");
  }
  Say(log_format, "serving on", service->url());
  if (policy.issuers.empty()) {
    Say(log_format,
        "the policy lists no issuers, so every restore is refused (untrusted_issuer): name the "
        "issuers whose licenses this service restores in the policy's \"issuers\" (docs/lms.md)");
  }
  sd_notifyf(0, "READY=1\nSTATUS=serving on %s\nMAINPID=%d", service->url().c_str(),
             static_cast<int>(getpid()));

  for (;;) {
    const timespec second{1, 0};
    const int received = sigtimedwait(&stop_signals, nullptr, &second);
    if (received == SIGHUP) {
      Reload(*service, admin.get(), authority, options, log_format);
      continue;
    }
    if (received == SIGTERM || received == SIGINT) {
      Say(log_format,
          std::string(received == SIGTERM ? "SIGTERM" : "SIGINT") + " received, stopping");
      break;
    }
    if (!service->running()) {
      return Status(Code::kIoError,
                    "the service on " + service->url() + " stopped accepting connections");
    }
  }
  sd_notify(0, "STOPPING=1");
  if (admin) admin->Stop();
  service->Stop();
  Say(log_format, "stopped");
  return Status::Ok();
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve =
      app.add_subcommand("serve", "serve restore authorisations over HTTP until SIGTERM or SIGINT");
  AddServeOptions(*serve, *options);
  serve->callback([&commands, options, serve] {
    commands.action = [options, serve] { return Finish(RunServe(*options, *serve)); };
  });
}

}  // namespace relic::lms_cli
