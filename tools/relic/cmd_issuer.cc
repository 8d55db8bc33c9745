// SPDX-License-Identifier: Apache-2.0
// relic issuer init --issuer DIR [--json]
// relic issuer show --issuer DIR [--json]
#include <memory>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli.h"
#include "common.h"
#include "output.h"

namespace relic::cli {
namespace {

struct IssuerOptions {
  std::string dir;
  bool json = false;
};

void PrintIssuer(const Issuer& issuer, bool json) {
  if (json) {
    PrintJson(
        Json{{"issuer_id", issuer.issuer_id()}, {"public_key", issuer.public_key().ToString()}});
    return;
  }
  fmt::print("Issuer ID:  {}\nPublic key: {}\n", issuer.issuer_id(),
             issuer.public_key().ToString());
}

Status RunInit(const IssuerOptions& options) {
  Result<std::unique_ptr<Issuer>> issuer = Issuer::Create(options.dir);
  if (!issuer.ok()) return WithSubject(issuer.status(), options.dir);
  if (!options.json) fmt::print("Created an issuer in {}.\n", options.dir);
  PrintIssuer(**issuer, options.json);
  if (!options.json) {
    fmt::print("Machines accept its licenses after: relic trust add {}\n",
               (*issuer)->public_key().ToString());
  }
  return Status::Ok();
}

Status RunShow(const IssuerOptions& options) {
  Result<std::unique_ptr<Issuer>> issuer = Issuer::Open(options.dir);
  if (!issuer.ok()) return WithSubject(issuer.status(), options.dir);
  PrintIssuer(**issuer, options.json);
  return Status::Ok();
}

CLI::App* AddIssuerSubcommand(CLI::App& group, Commands& commands, const char* name,
                              const char* description, Status (*run)(const IssuerOptions&)) {
  auto options = std::make_shared<IssuerOptions>();
  CLI::App* sub = group.add_subcommand(name, description);
  sub->add_option("--issuer", options->dir, "The issuer's directory")->required()->type_name("DIR");
  sub->add_flag("--json", options->json, "Print issuer_id and public_key as JSON");
  sub->callback([&commands, options, run] {
    commands.action = [options, run] { return Finish(run(*options)); };
  });
  return sub;
}

}  // namespace

void RegisterIssuerCommands(CLI::App& app, Commands& commands) {
  CLI::App* issuer = app.add_subcommand("issuer",
                                        "Create or show an issuer (signing key and "
                                        "content keys) for packaging and issuing");
  issuer->require_subcommand(1);
  AddIssuerSubcommand(*issuer, commands, "init", "Create a new issuer in DIR", RunInit);
  AddIssuerSubcommand(*issuer, commands, "show", "Show the issuer in DIR", RunShow);
}

}  // namespace relic::cli
