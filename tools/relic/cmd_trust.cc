// SPDX-License-Identifier: Apache-2.0
// relic trust add PUBLIC_KEY
// relic trust list [--json]
// relic trust remove PUBLIC_KEY
#include <memory>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

Status RunAdd(const GlobalOptions& global, const std::string& key_text) {
  RELIC_ASSIGN_OR_RETURN(IssuerPublicKey key,
                         ParseArgument<IssuerPublicKey>("PUBLIC_KEY", key_text));
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  RELIC_RETURN_IF_ERROR(machine->store().TrustIssuer(key));
  fmt::print("This machine now trusts issuer {}.\n", key.IssuerId());
  return Status::Ok();
}

Status RunRemove(const GlobalOptions& global, const std::string& key_text) {
  RELIC_ASSIGN_OR_RETURN(IssuerPublicKey key,
                         ParseArgument<IssuerPublicKey>("PUBLIC_KEY", key_text));
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  RELIC_RETURN_IF_ERROR(machine->store().DistrustIssuer(key));
  fmt::print("This machine no longer trusts issuer {}; licenses it signed stay stored.\n",
             key.IssuerId());
  return Status::Ok();
}

Status RunList(const GlobalOptions& global, bool json) {
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  RELIC_ASSIGN_OR_RETURN(std::vector<IssuerPublicKey> issuers, machine->store().TrustedIssuers());
  if (json) {
    Json array = Json::array();
    for (const auto& issuer : issuers) {
      array.push_back(Json{{"issuer_id", issuer.IssuerId()}, {"public_key", issuer.ToString()}});
    }
    PrintJson(array);
    return Status::Ok();
  }
  if (issuers.empty()) {
    fmt::print("No trusted issuers. Add one with: relic trust add PUBLIC_KEY\n");
    return Status::Ok();
  }
  TablePrinter table({{"ISSUER ID", 32}, {"PUBLIC KEY", 0}});
  for (const auto& issuer : issuers) table.Row({issuer.IssuerId(), issuer.ToString()});
  return Status::Ok();
}

}  // namespace

void RegisterTrustCommands(CLI::App& app, Commands& commands) {
  CLI::App* trust =
      app.add_subcommand("trust", "Manage the issuers whose licenses this machine accepts");
  trust->require_subcommand(1);

  auto add_key = std::make_shared<std::string>();
  CLI::App* add = trust->add_subcommand("add", "Trust an issuer");
  add->add_option("PUBLIC_KEY", *add_key,
                  "The issuer's public key (ri1..., from `relic issuer show`)")
      ->required();
  add->callback([&commands, add_key] {
    commands.action = [&commands, add_key] { return Finish(RunAdd(commands.global, *add_key)); };
  });

  auto json = std::make_shared<bool>(false);
  CLI::App* list = trust->add_subcommand("list", "List the trusted issuers");
  list->add_flag("--json", *json, "Print an array of {issuer_id, public_key}");
  list->callback([&commands, json] {
    commands.action = [&commands, json] { return Finish(RunList(commands.global, *json)); };
  });

  auto remove_key = std::make_shared<std::string>();
  CLI::App* remove = trust->add_subcommand("remove", "Stop trusting an issuer");
  remove->add_option("PUBLIC_KEY", *remove_key, "The issuer's public key (ri1...)")->required();
  remove->callback([&commands, remove_key] {
    commands.action = [&commands, remove_key] {
      return Finish(RunRemove(commands.global, *remove_key));
    };
  });
}

}  // namespace relic::cli
