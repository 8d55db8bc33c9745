// relic-lms: the License Management Service's command line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "lms/lms_identity.h"
#include "relic/status.h"

namespace {

int Fail(const relic::Status& status) {
  std::fprintf(stderr, "relic-lms: %s\n", status.message().c_str());
  return relic::ExitCodeFor(status.code());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"relic-lms: the License Management Service that authorises license restores"};
  app.require_subcommand(1);
  std::string home;
  bool json = false;
  auto* init = app.add_subcommand("init", "create the service's key pairs and print its public key");
  init->add_option("--home", home, "the service's home directory")->required();
  init->add_flag("--json", json, "print a JSON object with public_key");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*init) {
    auto id = relic::lms::CreateLmsIdentity(relic::Env::Default(), home);
    if (!id.ok()) return Fail(id.status());
    const std::string key = id->public_key().ToString();
    if (json) {
      std::printf("%s\n", nlohmann::json{{"public_key", key}}.dump().c_str());
    } else {
      std::printf("License Management Service created in %s\npublic key: %s\n"
                  "Issuers name this key (relic issue --lms-key) in licenses that allow backup.\n",
                  home.c_str(), key.c_str());
    }
  }
  return 0;
}
