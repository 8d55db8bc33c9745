// SPDX-License-Identifier: Apache-2.0
// relic backup DIR [--overwrite] [--passphrase | --passphrase-file F] [--json]
// relic backup verify DIR [--json]
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "base/mutex.h"
#include "cli.h"
#include "common.h"
#include "crypto/secret.h"
#include "interruptible_wait.h"
#include "output.h"
#include "passphrase.h"
#include "progress.h"
#include "relic/backup.h"

namespace relic::cli {
namespace {

struct BackupOptions {
  std::string folder;
  bool overwrite = false;
  bool ask_passphrase = false;
  std::string passphrase_file;
  bool json = false;
};

struct VerifyOptions {
  std::string folder;
  bool json = false;
};

Status RunBackup(const GlobalOptions& global, const BackupOptions& options) {
  RELIC_ASSIGN_OR_RETURN(std::string home, HomeDir(global));
  BackupRequest request;
  request.home = home;
  request.folder = options.folder;
  request.overwrite = options.overwrite;
  if (!options.passphrase_file.empty()) {
    RELIC_ASSIGN_OR_RETURN(request.passphrase, ReadPassphraseFile(options.passphrase_file));
  } else if (options.ask_passphrase) {
    RELIC_ASSIGN_OR_RETURN(request.passphrase, PromptPassphrase(/*confirm=*/true));
  }
  // The engine wipes its own copy; this one is the command's.
  const crypto::WipeOnExit wipe_passphrase(request.passphrase);

  Mutex mu;  // the engine calls back on its own thread
  std::vector<std::string> restricted, expired;
  uint64_t backed_up = 0;
  std::string set_path;
  InterruptibleWait wait;
  ProgressBar bar("backing up", !options.json);
  auto op = StartBackup(request, [&](const BackupEvent& e) {
    MutexLock lock(mu);
    switch (e.type) {
      case BackupEventType::kRestrictedLicense:
        restricted.push_back(e.kid.ToString());
        break;
      case BackupEventType::kExpiredLicense:
        expired.push_back(e.kid.ToString());
        break;
      case BackupEventType::kProgress:
        bar.Update(e.done, e.total);
        break;
      case BackupEventType::kEnd:
        backed_up = e.backed_up;
        set_path = e.set_path;
        wait.Ended();
        break;
      case BackupEventType::kBegin:
        break;
    }
  });
  if (!op.ok()) return op.status();
  Status end = wait.Wait(**op);
  bar.Done();
  if (!end.ok()) return end;

  if (options.json) {
    PrintJson(Json{{"backed_up", backed_up},
                   {"restricted", restricted},
                   {"expired", expired},
                   {"set", set_path},
                   {"passphrase_protected", request.passphrase.has_value()}});
  } else {
    fmt::print("Backed up {} license{} to {}.\n", backed_up, backed_up == 1 ? "" : "s", set_path);
    if (!restricted.empty()) {
      fmt::print("{} license{} may not be backed up (their owners do not allow it):\n",
                 restricted.size(), restricted.size() == 1 ? "" : "s");
      for (const auto& kid : restricted) fmt::print("  {}\n", kid);
    }
    if (!expired.empty()) {
      fmt::print("{} expired license{} left out:\n", expired.size(),
                 expired.size() == 1 ? " was" : "s were");
      for (const auto& kid : expired) fmt::print("  {}\n", kid);
    }
  }
  if (!request.passphrase) {
    std::fprintf(stderr,
                 "relic: note: this backup has no passphrase, so whoever holds the file can use "
                 "up the restore allowance of its licenses; keep it safe, or back up again with "
                 "--passphrase\n");
  }
  return Status::Ok();
}

Status RunVerify(const VerifyOptions& options) {
  RELIC_ASSIGN_OR_RETURN(BackupSetInfo info, VerifyBackupSet(options.folder));
  if (options.json) {
    PrintJson(Json{{"valid", true},
                   {"licenses", info.license_count},
                   {"source_machine_id", info.source_machine_id},
                   {"created", TimeJson(info.created_at)},
                   {"passphrase_protected", info.passphrase_protected},
                   {"lms_urls", info.lms_urls},
                   {"size_bytes", info.size_bytes}});
    return Status::Ok();
  }
  fmt::print("The backup set in {} is intact.\n", options.folder);
  fmt::print("  licenses:        {}\n", info.license_count);
  fmt::print("  from machine:    {}\n", info.source_machine_id);
  fmt::print("  made:            {}\n", TimeText(info.created_at, "?"));
  fmt::print("  passphrase:      {}\n", info.passphrase_protected ? "required" : "none");
  for (const auto& url : info.lms_urls) fmt::print("  restore through: {}\n", url);
  return Status::Ok();
}

}  // namespace

void RegisterBackupCommands(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<BackupOptions>();
  auto verify_options = std::make_shared<VerifyOptions>();
  CLI::App* backup =
      app.add_subcommand("backup", "Back up every license whose owner allows it into a folder");
  backup->add_option("DIR", options->folder, "The folder to write the backup set into");
  backup->add_flag("--overwrite", options->overwrite,
                   "Replace a backup set already in the folder (kept until the new one is done)");
  auto* ask = backup->add_flag("--passphrase", options->ask_passphrase,
                               "Protect the set with a passphrase typed on the terminal");
  auto* file = backup
                   ->add_option("--passphrase-file", options->passphrase_file,
                                "Protect the set with the passphrase in this file")
                   ->type_name("F");
  ask->excludes(file);
  backup->add_flag("--json", options->json,
                   "Print backed_up, restricted, expired, set and passphrase_protected as JSON");

  CLI::App* verify =
      backup->add_subcommand("verify", "Check a backup set offline and say what it holds");
  verify->add_option("DIR", verify_options->folder, "The folder holding the set")->required();
  verify->add_flag("--json", verify_options->json, "Print the findings as JSON");
  verify->callback([&commands, verify_options] {
    commands.action = [verify_options] { return Finish(RunVerify(*verify_options)); };
  });
  backup->callback([&commands, options, backup] {
    if (backup->got_subcommand("verify")) return;
    if (options->folder.empty()) {
      commands.action = [] {
        return Finish(
            Status(Code::kInvalidArgument, "name the folder to back up into: relic backup DIR"));
      };
      return;
    }
    commands.action = [&commands, options] { return Finish(RunBackup(commands.global, *options)); };
  });
}

}  // namespace relic::cli
