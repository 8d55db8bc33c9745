// SPDX-License-Identifier: Apache-2.0
// relic init [--reindividualize] [--json]
// relic machine [--json]
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

struct InitOptions {
  bool reindividualize = false;
  bool json = false;
};

Json MachineJson(const Machine& machine) {
  return Json{{"machine_id", machine.machine_id()},
              {"public_key", machine.public_key().ToString()},
              {"home", machine.home()}};
}

Status RunInit(const GlobalOptions& global, const InitOptions& options) {
  RELIC_ASSIGN_OR_RETURN(std::string home, HomeDir(global));
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, options.reindividualize
                                                               ? Machine::Reindividualize(home)
                                                               : Machine::Initialize(home));
  if (options.json) {
    PrintJson(MachineJson(*machine));
    return Status::Ok();
  }
  if (options.reindividualize) {
    fmt::print(
        "Reindividualized the relic home {}.\n"
        "The previous identity and its licenses are archived in {}/archive/; plays used, the\n"
        "clock and trusted issuers carry over. Restore your licenses from a backup, or have\n"
        "them issued again to the new machine.\n",
        machine->home(), machine->home());
  } else {
    fmt::print("Initialized a new machine in {}.\n", machine->home());
  }
  fmt::print("Machine ID: {}\nPublic key: {}\n", machine->machine_id(),
             machine->public_key().ToString());
  return Status::Ok();
}

Status RunMachine(const GlobalOptions& global, bool json) {
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  if (json) {
    PrintJson(MachineJson(*machine));
    return Status::Ok();
  }
  fmt::print("Home:       {}\nMachine ID: {}\nPublic key: {}\n", machine->home(),
             machine->machine_id(), machine->public_key().ToString());
  return Status::Ok();
}

}  // namespace

void RegisterMachineCommands(CLI::App& app, Commands& commands) {
  auto init_options = std::make_shared<InitOptions>();
  CLI::App* init = app.add_subcommand(
      "init", "Individualize: create this machine's identity and an empty license store");
  init->add_flag("--reindividualize", init_options->reindividualize,
                 "Give a home that belongs to another OS installation a new identity, "
                 "archiving the old one and keeping its plays-used state");
  init->add_flag("--json", init_options->json, "Print machine_id, public_key and home as JSON");
  init->callback([&commands, init_options] {
    commands.action = [&commands, init_options] {
      return Finish(RunInit(commands.global, *init_options));
    };
  });

  auto json = std::make_shared<bool>(false);
  CLI::App* machine = app.add_subcommand("machine", "Show this machine's ID and public key");
  machine->add_flag("--json", *json, "Print machine_id, public_key and home as JSON");
  machine->callback([&commands, json] {
    commands.action = [&commands, json] { return Finish(RunMachine(commands.global, *json)); };
  });
}

}  // namespace relic::cli
