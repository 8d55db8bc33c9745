// SPDX-License-Identifier: Apache-2.0
// relic-lms key --home DIR [--config FILE] [--json]
//
// The service's public key and URL, for issuers (relic issue --lms-key
// KEY --lms-url URL), printed again whenever they are needed rather than
// only once by `init`. The URL is the one `serve` prints when ready, from
// the same settings (flags aside): --config or $RELIC_LMS_CONFIG, the
// RELIC_LMS_* variables, the defaults.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli.h"
#include "config_file.h"
#include "home_owner.h"
#include "lms/lms_identity.h"
#include "output.h"
#include "protocol/http_listen_address.h"
#include "serve_options.h"

namespace relic::lms_cli {
namespace {

struct KeyOptions {
  std::string home;
  std::string config;
  bool json = false;
};

// The settings serve would start with.
Result<ServeOptions> ServeSettings(const std::string& config) {
  CLI::App app;
  CLI::App* serve = app.add_subcommand("serve");
  ServeOptions options;
  AddServeOptions(*serve, options);
  if (!config.empty()) {
    RELIC_ASSIGN_OR_RETURN(ConfigEntries entries, ReadConfigFile(Env::Default(), config));
    RELIC_RETURN_IF_ERROR(ApplyConfig(*serve, entries, config));
  }
  try {
    const char* argv[] = {"relic-lms", "serve"};
    app.parse(2, argv);
  } catch (const CLI::ParseError& e) {
    return Status(Code::kInvalidArgument, std::string("a RELIC_LMS_* variable: ") + e.what());
  }
  return options;
}

Status RunKey(const KeyOptions& options) {
  const char* env_config = std::getenv(kConfigEnv);
  const std::string config =
      !options.config.empty() ? options.config : (env_config != nullptr ? env_config : "");
  RELIC_ASSIGN_OR_RETURN(ServeOptions serve, ServeSettings(config));
  const std::string home = !options.home.empty() ? options.home : serve.database.home;
  if (home.empty()) {
    return Status(Code::kInvalidArgument,
                  "key needs the service's home: give --home DIR, RELIC_LMS_HOME or home in the "
                  "configuration file");
  }
  RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(home, "key"));
  RELIC_ASSIGN_OR_RETURN(lms::LmsIdentity id, lms::OpenLmsIdentity(Env::Default(), home));
  RELIC_ASSIGN_OR_RETURN(lms::ListenAddress address, lms::ParseListenAddress(serve.listen));
  const std::string key = id.public_key().ToString();
  const std::string url = lms::ServiceUrl(!serve.tls_cert.empty(), address.host, address.port);
  if (options.json) {
    std::printf("%s\n", JsonText(Json{{"public_key", key}, {"url", url}}, -1).c_str());
  } else {
    std::printf(
        "public key: %s\nurl: %s\n"
        "Issuers name both in licenses that allow backup: relic issue --lms-key KEY --lms-url "
        "URL. Behind a reverse proxy, give the proxy's URL instead.\n",
        key.c_str(), url.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterKeyCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<KeyOptions>();
  CLI::App* key = app.add_subcommand(
      "key", "print the service's public key and URL, as issuers name them in licenses");
  key->add_option("--home", options->home,
                  "the service's home directory (default: home from the configuration)")
      ->type_name("DIR");
  key->add_option("--config", options->config,
                  "the configuration file serve runs with, for the URL (default: "
                  "$RELIC_LMS_CONFIG, else none)")
      ->type_name("FILE");
  key->add_flag("--json", options->json, "print a JSON object with public_key and url");
  key->callback(
      [&commands, options] { commands.action = [options] { return Finish(RunKey(*options)); }; });
}

}  // namespace relic::lms_cli
