// SPDX-License-Identifier: Apache-2.0
// The `relic` command line: parses the command line with CLI11 and runs the
// chosen command. Every command is a thin layer over the library; see
// docs/cli.md for the commands, their output and their exit codes.
#include <cstdio>
#include <exception>
#include <string>
#include <system_error>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "output.h"
#include "relic/status.h"
#include "relic/version.h"

namespace relic::cli {
namespace {

// Command-line usage errors (unknown command or option, missing argument)
// exit with 2, as is usual for Unix tools; relic's own exit codes start at 10.
constexpr int kUsageExitCode = 2;

int Main(int argc, char** argv) {
  Commands commands;
  CLI::App app(
      "relic: machine-bound media licenses for Linux, with backup and restore "
      "(docs/cli.md)",
      "relic");
  app.set_version_flag("--version", std::string(VersionString()));
  // Options of a parent command (--home) may come after the subcommand too;
  // subcommands inherit this setting.
  app.fallthrough();
  app.require_subcommand(1);
  app.add_option("--home", commands.global.home,
                 "The relic home of this machine (default: $RELIC_HOME, else "
                 "$XDG_DATA_HOME/relic, else ~/.local/share/relic)")
      ->type_name("DIR");

  RegisterMachineCommands(app, commands);
  RegisterIssuerCommands(app, commands);
  RegisterTrustCommands(app, commands);
  RegisterContentCommands(app, commands);
  RegisterLicenseCommands(app, commands);
  RegisterPlayCommand(app, commands);
  RegisterBackupCommands(app, commands);
  RegisterRestoreCommand(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0.
    return app.exit(e) == 0 ? 0 : kUsageExitCode;
  }
  if (!commands.action) {
    // Unreachable while every leaf command sets its action.
    return ReportFailure(Status(Code::kInternal, "no command ran; please report this"));
  }
  int code = commands.action();
  // Buffered output can fail only now (a full disk, a closed pipe).
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    return ReportFailure(Status(Code::kIoError, "cannot write to standard output"));
  }
  return code;
}

}  // namespace
}  // namespace relic::cli

int main(int argc, char** argv) {
  // No exception leaves main. The library reports errors as Status values;
  // what remains is running out of memory or a failed write to stdout.
  try {
    return relic::cli::Main(argc, argv);
  } catch (const std::system_error& e) {
    return relic::cli::ReportFailure(
        relic::Status(relic::Code::kIoError, fmt::format("cannot write output: {}", e.what())));
  } catch (const std::exception& e) {
    return relic::cli::ReportFailure(relic::Status(
        relic::Code::kInternal, fmt::format("unexpected error: {}; please report this", e.what())));
  }
}
