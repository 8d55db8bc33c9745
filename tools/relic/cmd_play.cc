// SPDX-License-Identifier: Apache-2.0
// relic play PACKAGE -o OUT [--json]
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

struct PlayOptions {
  std::string package;
  std::string output;
  bool json = false;
};

Status RunPlay(const GlobalOptions& global, const PlayOptions& options) {
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  Result<FileInfo> info = machine->env()->Stat(options.package);
  if (!info.ok() && info.status().code() == Code::kNotFound) {
    return Status(Code::kNotFound,
                  fmt::format("{}: no such file; check the path", options.package));
  }
  if (info.ok() && info->type == FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is a directory; give the path of a package", options.package));
  }
  if (info.ok() && info->type != FileType::kRegular) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is not a regular file (a FIFO, a device or a socket); give the "
                              "path of a package",
                              options.package));
  }
  Result<PlayResult> played = machine->store().Play(options.package, options.output);
  if (!played.ok()) return WithSubject(played.status(), options.package);
  if (options.json) {
    PrintJson(Json{{"license_id", played->license_id.ToString()},
                   {"kid", played->kid.ToString()},
                   {"bytes_written", played->bytes_written},
                   {"plays_left", CountJson(played->plays_left)}});
    return Status::Ok();
  }
  fmt::print("Played {} into {} ({} bytes) with license {}; plays left: {}.\n", options.package,
             options.output, played->bytes_written, played->license_id.ToString(),
             played->plays_left ? fmt::format("{}", *played->plays_left) : "unlimited");
  return Status::Ok();
}

}  // namespace

void RegisterPlayCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<PlayOptions>();
  CLI::App* play = app.add_subcommand(
      "play", "Decrypt a package with a stored license, using one play if the license counts them");
  play->add_option("PACKAGE", options->package, "The package (from `relic package`)")->required();
  play->add_option("-o,--output", options->output, "Where to write the decrypted content")
      ->required()
      ->type_name("OUT");
  play->add_flag("--json", options->json,
                 "Print license_id, kid, bytes_written and plays_left as JSON");
  play->callback([&commands, options] {
    commands.action = [&commands, options] { return Finish(RunPlay(commands.global, *options)); };
  });
}

}  // namespace relic::cli
