// SPDX-License-Identifier: Apache-2.0
// relic-lms release [--database URL] [--home DIR] --license ID --machine ID
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "database_option.h"
#include "home_owner.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

struct ReleaseOptions {
  DatabaseOptions database;
  std::string license;
  std::string machine;
};

Status RunRelease(const ReleaseOptions& options) {
  RELIC_ASSIGN_OR_RETURN(LicenseId license, LicenseId::Parse(options.license));
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "release"));
  }
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  RELIC_RETURN_IF_ERROR(ledger->Release(license, options.machine));
  std::printf(
      "Released license %s from machine %s: the machine no longer counts toward the "
      "license's limit.\n",
      license.ToString().c_str(), options.machine.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterReleaseCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<ReleaseOptions>();
  CLI::App* release = app.add_subcommand(
      "release", "free a machine's slot for a license (the machine no longer counts)");
  AddDatabaseOptions(release, &options->database, /*home_required=*/false);
  release->add_option("--license", options->license, "the license ID (32 hex digits)")
      ->required()
      ->type_name("ID");
  release
      ->add_option("--machine", options->machine, "the machine ID, as `relic-lms ledger` shows it")
      ->required()
      ->type_name("ID");
  release->callback([&commands, options] {
    commands.action = [options] { return Finish(RunRelease(*options)); };
  });
}

}  // namespace relic::lms_cli
