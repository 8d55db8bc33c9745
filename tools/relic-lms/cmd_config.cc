// SPDX-License-Identifier: Apache-2.0
// relic-lms config check FILE
//
// Reads FILE as `serve` would (the environment's RELIC_LMS_* variables
// included) and checks every setting without starting: unknown keys, values
// a flag would refuse, an address that does not parse, TLS files or a policy
// that cannot be used. Prints the settings in effect.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "config_file.h"
#include "output.h"
#include "serve_options.h"

namespace relic::lms_cli {
namespace {

Status RunConfigCheck(const std::string& path) {
  // The settings go through the same options as `serve`, on an app of
  // their own.
  CLI::App app;
  CLI::App* serve = app.add_subcommand("serve");
  ServeOptions options;
  AddServeOptions(*serve, options);
  Env* env = Env::Default();
  RELIC_ASSIGN_OR_RETURN(ConfigEntries entries, ReadConfigFile(env, path));
  RELIC_RETURN_IF_ERROR(ApplyConfig(*serve, entries, path));
  try {
    const char* argv[] = {"relic-lms", "serve"};
    app.parse(2, argv);
  } catch (const CLI::ParseError& e) {
    // Only an environment variable can still be wrong here.
    return Status(Code::kInvalidArgument, std::string("a RELIC_LMS_* variable: ") + e.what());
  }
  RELIC_RETURN_IF_ERROR(CheckServeOptions(env, options).status());
  std::printf("# %s is valid; the settings serve would use:\n%s", path.c_str(),
              EffectiveConfig(*serve).c_str());
  return Status::Ok();
}

}  // namespace

void RegisterConfigCommand(CLI::App& app, Commands& commands) {
  CLI::App* config = app.add_subcommand("config", "work with the configuration file");
  config->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  CLI::App* check = config->add_subcommand(
      "check", "check a configuration file for serve without starting, and print its settings");
  check->add_option("FILE", *path, "the TOML file (such as /etc/relic-lms/relic-lms.conf)")
      ->required();
  check->callback(
      [&commands, path] { commands.action = [path] { return Finish(RunConfigCheck(*path)); }; });
}

}  // namespace relic::lms_cli
