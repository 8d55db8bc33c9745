// SPDX-License-Identifier: Apache-2.0
// relic-lms serve --home DIR [--database URL] [--listen ADDR:PORT] [--tls-cert F --tls-key F]
//                 [--policy FILE] [--request-timeout S] [--max-connections N]
//
// Serves until SIGTERM or SIGINT. The signals are blocked in every thread
// and taken by the main thread with sigtimedwait, so stopping runs as
// ordinary code rather than in a signal handler.
#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "database_option.h"
#include "lms/authority.h"
#include "lms/http_service.h"
#include "lms/lms_identity.h"
#include "lms/policy.h"
#include "output.h"
#include "protocol/http_listen_address.h"

namespace relic::lms_cli {
namespace {

struct ServeOptions {
  DatabaseOptions database;
  std::string listen = "127.0.0.1:8470";
  std::string tls_cert;
  std::string tls_key;
  std::string policy;
  unsigned request_timeout_seconds = 10;
  unsigned max_connections = 32;
};

Status RunServe(const ServeOptions& options) {
  // Before any thread exists, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  RELIC_ASSIGN_OR_RETURN(lms::ListenAddress address, lms::ParseListenAddress(options.listen));
  Env* env = Env::Default();
  RELIC_ASSIGN_OR_RETURN(lms::LmsIdentity identity,
                         lms::OpenLmsIdentity(env, options.database.home));
  lms::Policy policy;
  if (!options.policy.empty()) {
    RELIC_ASSIGN_OR_RETURN(policy, lms::LoadPolicy(env, options.policy));
  }
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  lms::Authority authority(std::move(identity), ledger.get(), policy, Clock::System());

  lms::HttpServiceOptions service_options;
  service_options.host = address.host;
  service_options.port = address.port;
  service_options.tls_cert_file = options.tls_cert;
  service_options.tls_key_file = options.tls_key;
  service_options.request_timeout = std::chrono::seconds(options.request_timeout_seconds);
  service_options.max_connections = options.max_connections;
  RELIC_ASSIGN_OR_RETURN(auto service, lms::HttpService::Start(&authority, service_options));
  std::fprintf(stderr, "relic-lms: serving on %s\n", service->url().c_str());
  std::fflush(stderr);

  for (;;) {
    const timespec second{1, 0};
    const int received = sigtimedwait(&stop_signals, nullptr, &second);
    if (received == SIGTERM || received == SIGINT) {
      std::fprintf(stderr, "relic-lms: %s received, stopping\n",
                   received == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
    if (!service->running()) {
      return Status(Code::kIoError,
                    "the service on " + service->url() + " stopped accepting connections");
    }
  }
  service->Stop();
  std::fprintf(stderr, "relic-lms: stopped\n");
  return Status::Ok();
}

}  // namespace

void RegisterServeCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* serve =
      app.add_subcommand("serve", "serve restore authorisations over HTTP until SIGTERM or SIGINT");
  AddDatabaseOptions(serve, &options->database, /*home_required=*/true);
  serve
      ->add_option("--listen", options->listen,
                   "the address and port to listen on; port 0 picks a free one (plain HTTP is "
                   "served on loopback only)")
      ->type_name("ADDR:PORT")
      ->capture_default_str();
  auto* cert = serve
                   ->add_option("--tls-cert", options->tls_cert,
                                "serve HTTPS with this PEM certificate (chain)")
                   ->type_name("F");
  auto* key = serve->add_option("--tls-key", options->tls_key, "the certificate's PEM private key")
                  ->type_name("F");
  cert->needs(key);
  key->needs(cert);
  serve
      ->add_option("--policy", options->policy,
                   "a JSON policy file (default: 4 machines per license, 3 new a day)")
      ->type_name("FILE");
  serve
      ->add_option("--request-timeout", options->request_timeout_seconds,
                   "seconds a client has to send a whole request")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  serve
      ->add_option("--max-connections", options->max_connections,
                   "connections served at once (one thread each); a few more wait, the rest are "
                   "closed at once")
      ->check(CLI::Range(1u, 4096u))
      ->capture_default_str();
  serve->callback(
      [&commands, options] { commands.action = [options] { return Finish(RunServe(*options)); }; });
}

}  // namespace relic::lms_cli
