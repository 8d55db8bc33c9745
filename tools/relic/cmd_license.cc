// SPDX-License-Identifier: Apache-2.0
// relic license add FILE... [--json]
// relic license list [--json]
// relic license show ID [--json]
// relic license delete ID
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

// Far above any real license (a few hundred bytes); a larger file is refused
// as malformed before it is read into memory.
constexpr uint64_t kMaxLicenseFileBytes = 1 << 20;

Json LicenseJson(const LicenseInfo& info) {
  Json lms = nullptr;
  if (info.lms) lms = Json{{"public_key", info.lms->key.ToString()}, {"url", info.lms->url}};
  return Json{
      {"license_id", info.license_id.ToString()},
      {"kid", info.kid.ToString()},
      {"state", std::string(LicenseStateName(info.state))},
      {"issuer_id", info.issuer.IssuerId()},
      {"issuer_public_key", info.issuer.ToString()},
      {"machine_id", info.machine.MachineId()},
      {"machine_public_key", info.machine.ToString()},
      {"allow_backup", info.rights.allow_backup},
      {"lms", lms},
      {"play_count", CountJson(info.rights.play_count)},
      {"plays_used", info.plays_used},
      {"plays_left", CountJson(info.plays_left())},
      {"begins", TimeJson(info.rights.begins)},
      {"expires", TimeJson(info.rights.expires)},
      {"issued_at", FormatRfc3339(info.issued_at)},
      {"first_use", TimeJson(info.first_use)},
  };
}

std::string PlaysLeftText(const LicenseInfo& info) {
  std::optional<uint32_t> left = info.plays_left();
  return left ? fmt::format("{}", *left) : "unlimited";
}

std::string PlaysText(const LicenseInfo& info) {
  if (!info.rights.play_count) return fmt::format("unlimited ({} used)", info.plays_used);
  return fmt::format("{} of {} used, {} left", info.plays_used, *info.rights.play_count,
                     PlaysLeftText(info));
}

std::string BackupText(const LicenseInfo& info) {
  if (!info.rights.allow_backup) return "not allowed";
  if (!info.lms) return "allowed";
  return fmt::format("allowed; restores authorized by the LMS {} at {}", info.lms->key.ToString(),
                     info.lms->url);
}

void PrintLicense(const LicenseInfo& info) {
  fmt::print(
      "License ID: {}\n"
      "KID:        {}\n"
      "State:      {}\n"
      "Issuer:     {} ({})\n"
      "Machine:    {} ({})\n"
      "Issued at:  {}\n"
      "Begins:     {}\n"
      "Expires:    {}\n"
      "Plays:      {}\n"
      "First use:  {}\n"
      "Backup:     {}\n",
      info.license_id.ToString(), info.kid.ToString(), LicenseStateName(info.state),
      info.issuer.IssuerId(), info.issuer.ToString(), info.machine.MachineId(),
      info.machine.ToString(), FormatRfc3339(info.issued_at),
      TimeText(info.rights.begins, "when issued"), TimeText(info.rights.expires, "never"),
      PlaysText(info), TimeText(info.first_use, "not played yet"), BackupText(info));
}

struct AddOptions {
  std::vector<std::string> files;
  bool json = false;
};

// Adds the files' licenses, each on its own: a file that is refused changes
// nothing, and the others are still added. One result per file, in order.
//
// When every license is acceptable, one batch (AddLicenses: one transaction,
// one fsync) adds them all. The batch is all or nothing, so if it refuses
// any license, each file is added on its own instead, which gives every file
// its own result and message.
std::vector<Result<AddedLicense>> AddFiles(Store& store, const std::vector<std::string>& files) {
  std::vector<Result<AddedLicense>> results;
  std::vector<Bytes> batch;
  std::vector<size_t> batch_files;  // index into files of each batch entry
  for (size_t i = 0; i < files.size(); ++i) {
    Result<Bytes> bytes = ReadInputFile(files[i], kMaxLicenseFileBytes);
    if (bytes.ok()) {
      batch.push_back(std::move(bytes).value());
      batch_files.push_back(i);
      results.emplace_back(Status(Code::kInternal, "not added yet"));
    } else {
      results.emplace_back(bytes.status());
    }
  }
  if (batch.size() > 1) {
    Result<std::vector<AddedLicense>> added = store.AddLicenses(batch);
    if (added.ok() && added->size() == batch.size()) {
      for (size_t j = 0; j < batch.size(); ++j) results[batch_files[j]] = (*added)[j];
      return results;
    }
  }
  for (size_t j = 0; j < batch.size(); ++j) {
    Result<AddedLicense> added = store.AddLicense(batch[j]);
    size_t i = batch_files[j];
    if (added.ok()) {
      results[i] = std::move(added);
    } else {
      results[i] = WithFile(added.status(), files[i]);
    }
  }
  return results;
}

// Reports each file's result; the exit code is the first failure's.
int RunAdd(const GlobalOptions& global, const AddOptions& options) {
  Result<std::unique_ptr<Machine>> machine = OpenMachine(global);
  if (!machine.ok()) return ReportFailure(machine.status());
  std::vector<Result<AddedLicense>> results = AddFiles((*machine)->store(), options.files);
  int exit_code = 0;
  Json json = Json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    const std::string& file = options.files[i];
    const Result<AddedLicense>& added = results[i];
    if (!added.ok()) {
      int code = ReportFailure(added.status());
      if (exit_code == 0) exit_code = code;
      json.push_back(Json{{"file", file},
                          {"error", Json{{"code", std::string(CodeName(added.status().code()))},
                                         {"message", added.status().message()}}}});
      continue;
    }
    if (options.json) {
      json.push_back(Json{{"file", file},
                          {"license_id", added->license_id.ToString()},
                          {"kid", added->kid.ToString()},
                          {"already_present", added->already_present},
                          {"resumed_state", added->resumed_state}});
      continue;
    }
    if (added->already_present) {
      fmt::print("{}: license {} was already stored.\n", file, added->license_id.ToString());
    } else {
      fmt::print("{}: added license {} for KID {}{}.\n", file, added->license_id.ToString(),
                 added->kid.ToString(),
                 added->resumed_state ? "; its earlier plays-used state applies again" : "");
    }
  }
  if (options.json) PrintJson(json);
  return exit_code;
}

Status RunList(const GlobalOptions& global, bool json) {
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  if (json) {
    JsonArrayPrinter array;
    Status listed = machine->store().ListLicenses([&](const LicenseInfo& info) {
      array.Add(LicenseJson(info));
      return true;
    });
    array.Finish();
    return listed;
  }
  TablePrinter table({{"LICENSE ID", 32},
                      {"KID", 24},
                      {"STATE", 13},
                      {"PLAYS LEFT", 10},
                      {"EXPIRES", 20},
                      {"BACKUP", 0}});
  RELIC_RETURN_IF_ERROR(machine->store().ListLicenses([&](const LicenseInfo& info) {
    table.Row({info.license_id.ToString(), info.kid.ToString(),
               std::string(LicenseStateName(info.state)), PlaysLeftText(info),
               TimeText(info.rights.expires, "never"), info.rights.allow_backup ? "yes" : "no"});
    return true;
  }));
  if (table.empty()) fmt::print("No licenses. Add one with: relic license add FILE\n");
  return Status::Ok();
}

Status RunShow(const GlobalOptions& global, const std::string& id_text, bool json) {
  RELIC_ASSIGN_OR_RETURN(LicenseId id, ParseArgument<LicenseId>("ID", id_text));
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  RELIC_ASSIGN_OR_RETURN(LicenseInfo info, machine->store().GetLicense(id));
  if (json) {
    PrintJson(LicenseJson(info));
  } else {
    PrintLicense(info);
  }
  return Status::Ok();
}

Status RunDelete(const GlobalOptions& global, const std::string& id_text) {
  RELIC_ASSIGN_OR_RETURN(LicenseId id, ParseArgument<LicenseId>("ID", id_text));
  RELIC_ASSIGN_OR_RETURN(std::unique_ptr<Machine> machine, OpenMachine(global));
  RELIC_RETURN_IF_ERROR(machine->store().DeleteLicense(id));
  fmt::print("Deleted license {}. Its plays-used state is kept: adding it again resumes from it.\n",
             id.ToString());
  return Status::Ok();
}

struct IdOptions {
  std::string id;
  bool json = false;
};

}  // namespace

void RegisterLicenseCommands(CLI::App& app, Commands& commands) {
  CLI::App* license = app.add_subcommand("license", "Manage this machine's stored licenses");
  license->require_subcommand(1);

  auto add_options = std::make_shared<AddOptions>();
  CLI::App* add = license->add_subcommand(
      "add", "Verify and store license files; each file is added or refused on its own");
  add->add_option("FILE", add_options->files, "License files (from `relic issue`)")->required();
  add->add_flag("--json", add_options->json,
                "Print an array with one object per file: {file, license_id, kid, "
                "already_present, resumed_state} or {file, error: {code, message}}");
  add->callback([&commands, add_options] {
    commands.action = [&commands, add_options] { return RunAdd(commands.global, *add_options); };
  });

  auto list_json = std::make_shared<bool>(false);
  CLI::App* list = license->add_subcommand("list", "List the stored licenses");
  list->add_flag("--json", *list_json, "Print an array of license objects (docs/cli.md)");
  list->callback([&commands, list_json] {
    commands.action = [&commands, list_json] {
      return Finish(RunList(commands.global, *list_json));
    };
  });

  auto show_options = std::make_shared<IdOptions>();
  CLI::App* show = license->add_subcommand("show", "Show every field of one stored license");
  show->add_option("ID", show_options->id, "The license ID (32 hex digits)")->required();
  show->add_flag("--json", show_options->json, "Print the license object (docs/cli.md)");
  show->callback([&commands, show_options] {
    commands.action = [&commands, show_options] {
      return Finish(RunShow(commands.global, show_options->id, show_options->json));
    };
  });

  auto delete_options = std::make_shared<IdOptions>();
  CLI::App* remove =
      license->add_subcommand("delete", "Delete a stored license (its plays-used state is kept)");
  remove->add_option("ID", delete_options->id, "The license ID (32 hex digits)")->required();
  remove->callback([&commands, delete_options] {
    commands.action = [&commands, delete_options] {
      return Finish(RunDelete(commands.global, delete_options->id));
    };
  });
}

}  // namespace relic::cli
