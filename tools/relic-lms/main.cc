// SPDX-License-Identifier: Apache-2.0
// relic-lms: the License Management Service's command line (docs/lms.md).
// main parses with CLI11 and runs the chosen command; each command has its
// own cmd_*.cc file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli.h"
#include "config_file.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

// Usage errors exit with 2, as is usual for Unix tools; relic's own exit
// codes start at 10.
constexpr int kUsageExitCode = 2;

int Main(int argc, char** argv) {
  Commands commands;
  CLI::App app(
      "relic-lms: the License Management Service that authorises license restores "
      "(docs/lms.md)",
      "relic-lms");
  app.set_version_flag("--version", RELIC_VERSION_STRING);
  app.require_subcommand(1);
  RegisterInitCommand(app, commands);
  RegisterServeCommand(app, commands);
  RegisterLedgerCommand(app, commands);
  RegisterReleaseCommand(app, commands);
  RegisterMigrateCommand(app, commands);
  RegisterExportLedgerCommand(app, commands);
  RegisterImportLedgerCommand(app, commands);
  RegisterRefusalsCommand(app, commands);
  RegisterAuditCommand(app, commands);
  RegisterAdminTokenCommand(app, commands);
  RegisterConfigCommand(app, commands);
  RegisterKeyCommand(app, commands);
  // The configuration file's settings become the defaults of serve's
  // options before parsing, so that flags and the environment override them.
  if (const std::string config = ConfigPathFromCommandLine(argc, argv); !config.empty()) {
    auto entries = ReadConfigFile(Env::Default(), config);
    if (!entries.ok()) return ReportFailure(entries.status());
    Status applied = ApplyConfig(*app.get_subcommand("serve"), *entries, config);
    if (!applied.ok()) return ReportFailure(applied);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : kUsageExitCode;
  }
  if (!commands.action) {
    return ReportFailure(Status(Code::kInternal, "no command ran; please report this"));
  }
  int code = commands.action();
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    return ReportFailure(Status(Code::kIoError, "cannot write to standard output"));
  }
  return code;
}

}  // namespace
}  // namespace relic::lms_cli

int main(int argc, char** argv) {
  // No exception leaves main: the library reports errors as Status values.
  try {
    return relic::lms_cli::Main(argc, argv);
  } catch (const std::exception& e) {
    return relic::lms_cli::ReportFailure(
        relic::Status(relic::Code::kInternal,
                      std::string("unexpected error: ") + e.what() + "; please report this"));
  }
}
