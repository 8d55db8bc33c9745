// SPDX-License-Identifier: Apache-2.0
#include "serve_options.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <string>
#include <system_error>

#include "config_file.h"
#include "lms/admin_tokens.h"
#include "lms/http_tls.h"
#include "lms/ledger_url.h"

namespace relic::lms_cli {
namespace {

// A whole number from `min` to `max`, else an error saying what the
// setting counts, its bounds and why they are there. CLI11 prefixes the
// flag, and the configuration file's error names the key too.
CLI::Validator Within(unsigned min, unsigned max, const std::string& unit, const std::string& why) {
  return CLI::Validator(
      [=](std::string& value) -> std::string {
        unsigned n = 0;
        const char* end = value.data() + value.size();
        auto [at, error] = std::from_chars(value.data(), end, n);
        if (error == std::errc() && at == end && n >= min && n <= max) return "";
        return value + " is not a number of " + unit + " from " + std::to_string(min) + " to " +
               std::to_string(max) + "; " + why;
      },
      "in [" + std::to_string(min) + " - " + std::to_string(max) + "]");
}

}  // namespace

void AddServeOptions(CLI::App& serve, ServeOptions& options) {
  // Not required() or needs(): a setting may come from the file or the
  // environment, which CLI11 checks no requirement against.
  // CheckServeOptions checks the combination instead.
  AddDatabaseOptions(&serve, &options.database, /*home_required=*/false);
  serve
      .add_option("--listen", options.listen,
                  "the address and port to listen on; port 0 picks a free one (plain HTTP is "
                  "served on loopback only)")
      ->type_name("ADDR:PORT")
      ->capture_default_str();
  serve
      .add_option("--tls-cert", options.tls_cert,
                  "serve HTTPS with this PEM certificate (chain); needs --tls-key")
      ->type_name("F");
  serve.add_option("--tls-key", options.tls_key, "the certificate's PEM private key")
      ->type_name("F");
  serve
      .add_option("--policy", options.policy,
                  "a JSON policy file (default: 4 machines per license, 3 new a day)")
      ->type_name("FILE");
  serve
      .add_option("--request-timeout", options.request_timeout_seconds,
                  "seconds a client has to send a whole request")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  serve
      .add_option("--max-connections", options.max_connections,
                  "connections served at once (one thread each); a few more wait, the rest are "
                  "closed at once")
      ->check(CLI::Range(1u, 4096u))
      ->capture_default_str();
  serve
      .add_option("--ledger-pool-size", options.ledger_pool_size,
                  "PostgreSQL: connections to the ledger this node keeps at most; every node "
                  "counts against the server's max_connections")
      ->type_name("N")
      ->check(Within(1, kMaxLedgerPoolSize, "connections",
                     "every node's connections count against PostgreSQL's max_connections"))
      ->capture_default_str();
  serve
      .add_option("--ledger-acquire-timeout-ms", options.ledger_acquire_timeout_ms,
                  "PostgreSQL: milliseconds a request waits for a free ledger connection before "
                  "it is answered 503 busy")
      ->type_name("MS")
      ->check(Within(kMinLedgerAcquireTimeoutMs, kMaxLedgerAcquireTimeoutMs, "milliseconds",
                     "a shorter wait turns brief contention into 503s, a longer one outlasts "
                     "the relic client's 30 s"))
      ->capture_default_str();
  serve
      .add_option("--log-format", options.log_format,
                  "text (one line per request, for people) or json (one object per line)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  serve
      .add_option("--admin-tokens", options.admin_tokens,
                  "serve the operator console; operators sign in with a token whose line is in "
                  "this file (relic-lms admin-token)")
      ->type_name("FILE");
  serve
      .add_option("--admin-listen", options.admin_listen,
                  "where the operator console listens, with --admin-tokens (plain HTTP on "
                  "loopback only; with --tls-cert it uses HTTPS too)")
      ->type_name("ADDR:PORT")
      ->capture_default_str();
  BindEnvironment(serve);
  serve
      .add_option(kConfigOption, options.config,
                  "read settings from this TOML file (default: $RELIC_LMS_CONFIG, else none); "
                  "flags and RELIC_LMS_* variables override it")
      ->type_name("FILE");
  serve.add_flag(kPrintConfigOption, options.print_config,
                 "print the settings in effect, as a configuration file, and exit");
}

Result<CheckedServeOptions> CheckServeOptions(Env* env, const ServeOptions& options) {
  CheckedServeOptions out;
  if (options.database.home.empty()) {
    return Status(Code::kInvalidArgument,
                  "serve needs the service's home: give --home DIR, RELIC_LMS_HOME or home in "
                  "the configuration file");
  }
  // The ledger's URL as --database checks it, without connecting.
  RELIC_RETURN_IF_ERROR(
      lms::ParseLedgerUrl(options.database.url, lms::PasswordPolicy::kRefuse).status());
  RELIC_ASSIGN_OR_RETURN(out.address, lms::ParseListenAddress(options.listen));
  RELIC_ASSIGN_OR_RETURN(out.log_format, lms::ParseLogFormat(options.log_format));
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status(Code::kInvalidArgument,
                  "TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
  }
  if (!options.tls_cert.empty()) {
    RELIC_RETURN_IF_ERROR(lms::NewServerTlsContext(options.tls_cert, options.tls_key).status());
  }
  if (!options.policy.empty()) {
    RELIC_ASSIGN_OR_RETURN(out.policy, lms::LoadPolicy(env, options.policy));
  }
  if (!options.admin_tokens.empty()) {
    auto admin = lms::ParseListenAddress(options.admin_listen);
    if (!admin.ok()) return admin.status().WithContext("--admin-listen");
    if (options.tls_cert.empty() && !lms::IsLoopbackHost(admin->host)) {
      return Status(Code::kInvalidArgument,
                    "refusing to serve the operator console over plain HTTP on " + admin->host +
                        ", which is not a loopback address: give a certificate and key "
                        "(--tls-cert, --tls-key) to serve it over HTTPS, or keep --admin-listen "
                        "on 127.0.0.1 (docs/lms.md)");
    }
    RELIC_RETURN_IF_ERROR(lms::CheckAdminTokensFile(env, options.admin_tokens));
    out.admin_address = *admin;
  }
  return out;
}

}  // namespace relic::lms_cli
