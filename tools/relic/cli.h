// SPDX-License-Identifier: Apache-2.0
// The pieces of the `relic` command line that the command groups share: the
// options every command takes and how a parsed command reaches main.
//
// Each command group registers its subcommands on the CLI11 app. When CLI11
// has parsed a command line, the chosen subcommand's callback leaves an
// Action in Commands; main runs it after parsing, so nothing runs for a
// command line that does not parse. Actions never throw on purpose: failures
// are Status values that output.h turns into "relic: <message>" and an exit
// code (docs/cli.md).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace relic::cli {

// Options that every command accepts.
struct GlobalOptions {
  // --home DIR; unset: ResolveHome's rule ($RELIC_HOME, then the XDG default).
  std::optional<std::string> home;
};

// A parsed command, ready to run; returns the process exit code.
using Action = std::function<int()>;

struct Commands {
  GlobalOptions global;
  Action action;  // set by the chosen subcommand's callback
};

// One per command group; each is in its own cmd_*.cc file.
void RegisterMachineCommands(CLI::App& app, Commands& commands);  // init, machine
void RegisterIssuerCommands(CLI::App& app, Commands& commands);   // issuer init|show
void RegisterTrustCommands(CLI::App& app, Commands& commands);    // trust add|list|remove
void RegisterContentCommands(CLI::App& app, Commands& commands);  // package, issue
void RegisterLicenseCommands(CLI::App& app, Commands& commands);  // license add|list|show|delete
void RegisterPlayCommand(CLI::App& app, Commands& commands);      // play
void RegisterBackupCommands(CLI::App& app, Commands& commands);   // backup, backup verify
void RegisterRestoreCommand(CLI::App& app, Commands& commands);   // restore

}  // namespace relic::cli
