// SPDX-License-Identifier: Apache-2.0
// relic-lms release --home DIR --license ID --machine ID
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli.h"
#include "lms/lms_identity.h"
#include "lms/sqlite_ledger.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

struct ReleaseOptions {
  std::string home;
  std::string license;
  std::string machine;
};

Status RunRelease(const ReleaseOptions& options) {
  RELIC_ASSIGN_OR_RETURN(LicenseId license, LicenseId::Parse(options.license));
  Env* env = Env::Default();
  RELIC_RETURN_IF_ERROR(lms::OpenLmsIdentity(env, options.home).status());
  RELIC_ASSIGN_OR_RETURN(auto ledger, lms::SqliteLedger::Open(env, options.home));
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
  release->add_option("--home", options->home, "the service's home directory")->required();
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
