// SPDX-License-Identifier: Apache-2.0
// relic-lms release --home DIR --license ID --machine ID --reason TEXT
//                   [--operator NAME] [--json]
#include <pwd.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>
#include <memory>

#include "base/text_codec.h"
#include "cli.h"
#include "crypto/crypto.h"
#include "database_option.h"
#include "home_owner.h"
#include "lms/operator_text.h"
#include "output.h"

namespace relic::lms_cli {

Json AuditJson(const lms::AuditRecord& a);  // cmd_audit.cc

namespace {

struct ReleaseOptions {
  DatabaseOptions database;
  std::string license;
  std::string machine;
  std::string reason;
  std::string operator_name;
  bool json = false;
};

// Who runs the command, when --operator does not say.
std::string LoginName() {
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) {
    return pw->pw_name;
  }
  return "uid-" + std::to_string(geteuid());
}

Status RunRelease(const ReleaseOptions& options) {
  if (!options.database.home.empty()) {
    RELIC_RETURN_IF_ERROR(RefuseRootOnForeignHome(options.database.home, "release"));
  }
  lms::AuditRecord audit;
  auto license = LicenseId::Parse(options.license);
  if (!license.ok()) return license.status().WithContext("--license");
  audit.license_id = *license;
  RELIC_RETURN_IF_ERROR(lms::CheckMachineId(options.machine).WithContext("--machine"));
  audit.machine_id = options.machine;
  RELIC_RETURN_IF_ERROR(lms::CheckReason(options.reason).WithContext("--reason"));
  audit.reason = options.reason;
  audit.operator_name = options.operator_name.empty() ? LoginName() : options.operator_name;
  RELIC_RETURN_IF_ERROR(lms::CheckOperatorName(audit.operator_name).WithContext("--operator"));
  std::array<uint8_t, 8> id{};
  crypto::RandomFill(id);
  audit.request_id = "cli-" + HexEncode(id);
  audit.at = Clock::System()->NowUnixSeconds();
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options.database));
  RELIC_ASSIGN_OR_RETURN(lms::AuditRecord stored, ledger->Release(audit));
  if (options.json) {
    std::printf("%s\n", JsonText(AuditJson(stored), 2).c_str());
    return Status::Ok();
  }
  std::printf(
      "Released license %s from machine %s: the machine no longer counts toward the "
      "license's limit. Recorded as audit record %lld (operator %s).\n",
      stored.license_id.ToString().c_str(), stored.machine_id.c_str(),
      static_cast<long long>(stored.id), stored.operator_name.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterReleaseCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<ReleaseOptions>();
  CLI::App* release = app.add_subcommand(
      "release", "free a machine's slot for a license (the machine no longer counts), audited");
  AddDatabaseOptions(release, &options->database, /*home_required=*/false);
  release->add_option("--license", options->license, "the license ID (32 hex digits)")
      ->required()
      ->type_name("ID");
  release
      ->add_option("--machine", options->machine, "the machine ID, as `relic-lms ledger` shows it")
      ->required()
      ->type_name("ID");
  release
      ->add_option("--reason", options->reason,
                   "why, for the audit trail (e.g. \"ticket 4711: the old computer was stolen\")")
      ->required()
      ->type_name("TEXT");
  release
      ->add_option("--operator", options->operator_name,
                   "who releases, for the audit trail (default: the login name)")
      ->type_name("NAME");
  release->add_flag("--json", options->json, "print the audit record as JSON");
  release->callback([&commands, options] {
    commands.action = [options] { return Finish(RunRelease(*options)); };
  });
}

}  // namespace relic::lms_cli
