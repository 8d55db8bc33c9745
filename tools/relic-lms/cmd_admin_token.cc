// SPDX-License-Identifier: Apache-2.0
// relic-lms admin-token --name NAME [--json]
//
// Makes a new console token. The token goes to the operator (once: it is
// stored nowhere); the line goes into the tokens file (--admin-tokens).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "lms/admin_tokens.h"
#include "lms/operator_text.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

struct AdminTokenOptions {
  std::string name;
  bool json = false;
};

Status RunAdminToken(const AdminTokenOptions& options) {
  RELIC_RETURN_IF_ERROR(lms::CheckOperatorName(options.name).WithContext("--name"));
  const std::string token = lms::NewAdminToken();
  const std::string line = lms::AdminTokenLine(options.name, token);
  if (options.json) {
    Json out{{"operator", options.name}, {"token", token}, {"line", line}};
    std::printf("%s\n", JsonText(out, 2).c_str());
    return Status::Ok();
  }
  std::printf(
      "Token for %s (give it to the operator; it is shown only now):\n%s\n\nAdd this line to "
      "the console's tokens file (--admin-tokens):\n%s\n",
      options.name.c_str(), token.c_str(), line.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterAdminTokenCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<AdminTokenOptions>();
  CLI::App* cmd = app.add_subcommand(
      "admin-token", "make a sign-in token for the operator console and its tokens-file line");
  cmd->add_option("--name", options->name, "the operator's name (letters, digits, . _ @ -)")
      ->required()
      ->type_name("NAME");
  cmd->add_flag("--json", options->json, "print {operator, token, line}");
  cmd->callback([&commands, options] {
    commands.action = [options] { return Finish(RunAdminToken(*options)); };
  });
}

}  // namespace relic::lms_cli
