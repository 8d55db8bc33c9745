// SPDX-License-Identifier: Apache-2.0
// relic-lms init --home DIR [--json]
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "lms/lms_identity.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

struct InitOptions {
  std::string home;
  bool json = false;
};

Status RunInit(const InitOptions& options) {
  RELIC_ASSIGN_OR_RETURN(lms::LmsIdentity id, lms::CreateLmsIdentity(Env::Default(), options.home));
  const std::string key = id.public_key().ToString();
  if (options.json) {
    std::printf("%s\n", JsonText(Json{{"public_key", key}}, -1).c_str());
  } else {
    std::printf(
        "License Management Service created in %s\npublic key: %s\n"
        "Issuers name this key (relic issue --lms-key) in licenses that allow backup.\n",
        options.home.c_str(), key.c_str());
  }
  return Status::Ok();
}

}  // namespace

void RegisterInitCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init =
      app.add_subcommand("init", "create the service's key pairs and print its public key");
  init->add_option("--home", options->home, "the service's home directory")->required();
  init->add_flag("--json", options->json, "print a JSON object with public_key");
  init->callback(
      [&commands, options] { commands.action = [options] { return Finish(RunInit(*options)); }; });
}

}  // namespace relic::lms_cli
