// SPDX-License-Identifier: Apache-2.0
// The pieces of the `relic-lms` command line that its commands share, in
// the style of tools/relic/cli.h: each command registers itself on the
// CLI11 app, and the chosen command's callback leaves an Action that main
// runs once the whole command line has parsed. Failures are Status values
// that output.h turns into "relic-lms: <message>" and an exit code
// (docs/lms.md, docs/exit-codes.md).
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace relic::lms_cli {

// A parsed command, ready to run; returns the process exit code.
using Action = std::function<int()>;

struct Commands {
  Action action;  // set by the chosen subcommand's callback
};

// One per command, each in its own cmd_*.cc file.
void RegisterInitCommand(CLI::App& app, Commands& commands);          // init
void RegisterServeCommand(CLI::App& app, Commands& commands);         // serve
void RegisterLedgerCommand(CLI::App& app, Commands& commands);        // ledger
void RegisterReleaseCommand(CLI::App& app, Commands& commands);       // release
void RegisterMigrateCommand(CLI::App& app, Commands& commands);       // migrate
void RegisterExportLedgerCommand(CLI::App& app, Commands& commands);  // export-ledger
void RegisterImportLedgerCommand(CLI::App& app, Commands& commands);  // import-ledger
void RegisterConfigCommand(CLI::App& app, Commands& commands);        // config check
void RegisterKeyCommand(CLI::App& app, Commands& commands);           // key
void RegisterRefusalsCommand(CLI::App& app, Commands& commands);      // refusals
void RegisterAuditCommand(CLI::App& app, Commands& commands);         // audit
void RegisterAdminTokenCommand(CLI::App& app, Commands& commands);    // admin-token

}  // namespace relic::lms_cli
