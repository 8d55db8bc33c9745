// SPDX-License-Identifier: Apache-2.0
// relic restore DIR [--individualize] [--lms URL] [--passphrase | --passphrase-file F]
//               [--dry-run] [--timeout SECONDS] [--json]
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
#include "relic/restore.h"

namespace relic::cli {
namespace {

struct RestoreOptions {
  std::string folder;
  bool individualize = false;
  std::string lms_url;
  bool ask_passphrase = false;
  std::string passphrase_file;
  bool dry_run = false;
  int64_t timeout_seconds = kDefaultRestoreTimeout.count();
  bool json = false;
};

Status RunRestore(const GlobalOptions& global, const RestoreOptions& options) {
  RELIC_ASSIGN_OR_RETURN(std::string home, HomeDir(global));
  RestoreRequest request;
  request.home = home;
  request.folder = options.folder;
  request.individualize = options.individualize;
  request.dry_run = options.dry_run;
  request.timeout = std::chrono::seconds(options.timeout_seconds);
  if (!options.lms_url.empty()) request.lms_url = options.lms_url;
  if (!options.passphrase_file.empty()) {
    RELIC_ASSIGN_OR_RETURN(request.passphrase, ReadPassphraseFile(options.passphrase_file));
  } else if (options.ask_passphrase) {
    RELIC_ASSIGN_OR_RETURN(request.passphrase, PromptPassphrase(/*confirm=*/false));
  }
  // The engine wipes its own copy; this one is the command's.
  const crypto::WipeOnExit wipe_passphrase(request.passphrase);

  struct Refused {
    std::string kid;
    std::string url;
  };
  Mutex mu;  // the engine calls back on its own thread
  std::vector<Refused> refused;
  std::vector<std::string> expired;
  uint64_t restored = 0;
  InterruptibleWait wait;
  const bool talk = !options.json && StderrIsTerminal();
  ProgressBar bar("restoring", !options.json);
  auto op = StartRestore(request, [&](const RestoreEvent& e) {
    MutexLock lock(mu);
    switch (e.type) {
      case RestoreEventType::kConnecting:
        if (talk) std::fprintf(stderr, "contacting the License Management Service...\n");
        break;
      case RestoreEventType::kRefused:
        refused.push_back({e.kid.ToString(), e.url});
        break;
      case RestoreEventType::kExpiredLicense:
        expired.push_back(e.kid.ToString());
        break;
      case RestoreEventType::kProgress:
        bar.Update(e.done, e.total);
        break;
      case RestoreEventType::kEnd:
        restored = e.restored;
        wait.Ended();
        break;
      default:
        break;
    }
  });
  if (!op.ok()) return op.status();
  Status end = wait.Wait(**op);
  bar.Done();
  const bool partial = end.code() == Code::kRestoreFraud;
  if (!end.ok() && !partial) return end;

  if (options.json) {
    Json refused_json = Json::array();
    for (const auto& r : refused) refused_json.push_back(Json{{"kid", r.kid}, {"url", r.url}});
    PrintJson(Json{{"restored", restored},
                   {"refused", refused_json},
                   {"expired", expired},
                   {"dry_run", options.dry_run}});
  } else {
    fmt::print("{} {} license{}{}.\n", options.dry_run ? "The service would grant" : "Restored",
               restored, restored == 1 ? "" : "s", options.dry_run ? " (nothing recorded)" : "");
    if (!refused.empty()) {
      fmt::print("{} license{} refused: the restore limit is reached. See {}\n", refused.size(),
                 refused.size() == 1 ? " was" : "s were", refused.front().url);
      for (const auto& r : refused) fmt::print("  {}\n", r.kid);
    }
    if (!expired.empty()) {
      fmt::print("{} expired license{} left out:\n", expired.size(),
                 expired.size() == 1 ? "" : "s");
      for (const auto& kid : expired) fmt::print("  {}\n", kid);
    }
  }
  return end;  // kRestoreFraud after the summary: exit code says some were refused
}

}  // namespace

void RegisterRestoreCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<RestoreOptions>();
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Restore backed-up licenses onto this machine through the License Management "
      "Service they name");
  restore->add_option("DIR", options->folder, "The folder holding the backup set")->required();
  restore->add_flag("--individualize", options->individualize,
                    "Create this machine's identity first if the home has none");
  restore
      ->add_option("--lms", options->lms_url,
                   "Connect to this URL instead (the service must still hold the key the "
                   "licenses name)")
      ->type_name("URL");
  auto* ask = restore->add_flag("--passphrase", options->ask_passphrase,
                                "The set's passphrase, typed on the terminal");
  auto* file = restore
                   ->add_option("--passphrase-file", options->passphrase_file,
                                "The set's passphrase, from this file")
                   ->type_name("F");
  ask->excludes(file);
  restore->add_flag("--dry-run", options->dry_run,
                    "Ask what the service would grant; record and change nothing");
  restore
      ->add_option("--timeout", options->timeout_seconds,
                   "Give up (store unchanged) when the restore takes longer than this many seconds")
      ->type_name("SECONDS")
      ->default_val(kDefaultRestoreTimeout.count())
      ->check(CLI::Range(int64_t{1}, int64_t{24} * 3600));
  restore->add_flag("--json", options->json,
                    "Print restored, refused (kid and url), expired and dry_run as JSON");
  restore->callback([&commands, options] {
    commands.action = [&commands, options] {
      return Finish(RunRestore(commands.global, *options));
    };
  });
}

}  // namespace relic::cli
