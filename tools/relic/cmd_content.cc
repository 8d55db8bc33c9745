// SPDX-License-Identifier: Apache-2.0
// relic package IN -o OUT --issuer DIR [--json]
// relic issue --issuer DIR --kid KID --machine PUBLIC_KEY
//             [--allow-backup --lms-key KEY --lms-url URL] [--plays N]
//             [--begins T] [--expires T] [--license-id ID] -o FILE [--json]
#include <cstdint>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

struct PackageOptions {
  std::string input;
  std::string output;
  std::string issuer_dir;
  bool json = false;
};

Status RunPackage(const PackageOptions& options) {
  Result<std::unique_ptr<Issuer>> issuer = Issuer::Open(options.issuer_dir);
  if (!issuer.ok()) return WithSubject(issuer.status(), options.issuer_dir);
  // A missing input or a directory gets the same clear message as elsewhere.
  Result<FileInfo> info = Env::Default()->Stat(options.input);
  if (!info.ok() && info.status().code() == Code::kNotFound) {
    return Status(Code::kNotFound, fmt::format("{}: no such file; check the path", options.input));
  }
  if (info.ok() && info->type == FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is a directory; give the path of a file", options.input));
  }
  Result<Kid> kid = (*issuer)->Package(options.input, options.output);
  if (!kid.ok()) return WithSubject(kid.status(), options.input);
  if (options.json) {
    PrintJson(Json{{"kid", kid->ToString()},
                   {"issuer_id", (*issuer)->issuer_id()},
                   {"package", options.output}});
    return Status::Ok();
  }
  fmt::print("Packaged {} into {}.\nKID: {}\n", options.input, options.output, kid->ToString());
  return Status::Ok();
}

struct IssueOptions {
  std::string issuer_dir;
  std::string kid;
  std::string machine;
  bool allow_backup = false;
  std::optional<std::string> lms_key;
  std::optional<std::string> lms_url;
  std::optional<uint32_t> plays;
  std::optional<std::string> begins;
  std::optional<std::string> expires;
  std::optional<std::string> license_id;
  std::string output;
  bool json = false;
};

Result<IssueRequest> MakeRequest(const IssueOptions& options) {
  IssueRequest request;
  RELIC_ASSIGN_OR_RETURN(request.kid, ParseArgument<Kid>("--kid", options.kid));
  RELIC_ASSIGN_OR_RETURN(request.machine,
                         ParseArgument<MachinePublicKey>("--machine", options.machine));
  if (options.license_id) {
    RELIC_ASSIGN_OR_RETURN(request.license_id,
                           ParseArgument<LicenseId>("--license-id", *options.license_id));
  }
  request.rights.allow_backup = options.allow_backup;
  request.rights.play_count = options.plays;  // the issuer refuses 0
  if (options.begins) {
    RELIC_ASSIGN_OR_RETURN(request.rights.begins, ParseTimeArgument("--begins", *options.begins));
  }
  if (options.expires) {
    RELIC_ASSIGN_OR_RETURN(request.rights.expires,
                           ParseTimeArgument("--expires", *options.expires));
  }
  if (options.lms_key) {
    LmsInfo lms;
    RELIC_ASSIGN_OR_RETURN(lms.key, ParseArgument<LmsPublicKey>("--lms-key", *options.lms_key));
    lms.url = options.lms_url.value_or("");
    request.lms = std::move(lms);
  }
  return request;
}

Status RunIssue(const IssueOptions& options) {
  RELIC_ASSIGN_OR_RETURN(IssueRequest request, MakeRequest(options));
  Result<std::unique_ptr<Issuer>> issuer = Issuer::Open(options.issuer_dir);
  if (!issuer.ok()) return WithSubject(issuer.status(), options.issuer_dir);
  RELIC_ASSIGN_OR_RETURN(Bytes license, (*issuer)->Issue(request));
  // A license file is not secret: its content key is sealed to the machine.
  Status written = WriteFileAtomically(Env::Default(), options.output, license, 0644);
  if (!written.ok()) return WithSubject(written, options.output);
  if (options.json) {
    PrintJson(Json{{"kid", request.kid.ToString()},
                   {"machine_id", request.machine.MachineId()},
                   {"issuer_id", (*issuer)->issuer_id()},
                   {"license_file", options.output}});
    return Status::Ok();
  }
  fmt::print("Issued a license for KID {} to machine {} in {}.\n", request.kid.ToString(),
             request.machine.MachineId(), options.output);
  return Status::Ok();
}

}  // namespace

void RegisterContentCommands(CLI::App& app, Commands& commands) {
  auto package_options = std::make_shared<PackageOptions>();
  CLI::App* package = app.add_subcommand(
      "package", "Protect a file: encrypt it under a new content key kept by the issuer");
  package->add_option("IN", package_options->input, "The file to protect")->required();
  package->add_option("-o,--output", package_options->output, "Where to write the package")
      ->required()
      ->type_name("OUT");
  package->add_option("--issuer", package_options->issuer_dir, "The issuer's directory")
      ->required()
      ->type_name("DIR");
  package->add_flag("--json", package_options->json, "Print kid, issuer_id and package as JSON");
  package->callback([&commands, package_options] {
    commands.action = [package_options] { return Finish(RunPackage(*package_options)); };
  });

  auto issue_options = std::make_shared<IssueOptions>();
  IssueOptions& o = *issue_options;
  CLI::App* issue =
      app.add_subcommand("issue", "Issue a license for packaged content to one machine");
  issue->add_option("--issuer", o.issuer_dir, "The issuer's directory")
      ->required()
      ->type_name("DIR");
  issue->add_option("--kid", o.kid, "The content's KID (from `relic package`)")->required();
  issue
      ->add_option("--machine", o.machine,
                   "The machine's public key (rm1..., from `relic machine`)")
      ->required()
      ->type_name("PUBLIC_KEY");
  CLI::Option* allow_backup = issue->add_flag("--allow-backup", o.allow_backup,
                                              "Allow the license to be backed up and restored");
  CLI::Option* lms_key =
      issue->add_option("--lms-key", o.lms_key,
                        "The public key (rl1...) of the License Management Service that "
                        "authorizes restores; needs --allow-backup");
  CLI::Option* lms_url =
      issue->add_option("--lms-url", o.lms_url, "The LMS's URL (http or https)")->type_name("URL");
  allow_backup->needs(lms_key)->needs(lms_url);
  lms_key->needs(allow_backup)->needs(lms_url);
  lms_url->needs(allow_backup)->needs(lms_key);
  issue
      ->add_option("--plays", o.plays,
                   "How many times the content may be played (default: "
                   "unlimited)")
      ->type_name("N");
  issue->add_option("--begins", o.begins, "When the license becomes valid (RFC 3339)")
      ->type_name("T");
  issue->add_option("--expires", o.expires, "When the license expires (RFC 3339)")->type_name("T");
  issue
      ->add_option("--license-id", o.license_id,
                   "Issue an existing license again under its ID (32 hex digits), e.g. to a "
                   "reindividualized machine, whose plays-used state for that ID then applies "
                   "(default: a new license with a new ID)")
      ->type_name("ID");
  issue->add_option("-o,--output", o.output, "Where to write the license file")
      ->required()
      ->type_name("FILE");
  issue->add_flag("--json", o.json, "Print kid, machine_id, issuer_id and license_file as JSON");
  issue->callback([&commands, issue_options] {
    commands.action = [issue_options] { return Finish(RunIssue(*issue_options)); };
  });
}

}  // namespace relic::cli
