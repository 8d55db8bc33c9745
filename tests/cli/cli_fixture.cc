// SPDX-License-Identifier: Apache-2.0
#include "cli_fixture.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace relic::testing {
namespace fs = std::filesystem;

namespace {

// Helpers that need a command to succeed throw, which gtest reports as a
// failure of the test with the command's output.
void Require(const ProcessResult& result, const std::string& what) {
  if (result.exit_code != 0) throw std::runtime_error(what + " failed: " + result.Describe());
}

std::string RandomHex(size_t digits) {
  std::random_device device;
  std::string hex;
  for (size_t i = 0; i < digits; ++i) hex += "0123456789abcdef"[device() % 16];
  return hex;
}

}  // namespace

DirSnapshot Snapshot(const std::string& dir) {
  DirSnapshot snapshot;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    DirEntry e;
    e.is_dir = entry.is_directory();
    e.mode = PermissionBits(entry.path().string());
    if (!e.is_dir) e.bytes = ReadFile(entry.path().string());
    snapshot[fs::relative(entry.path(), dir).string()] = std::move(e);
  }
  return snapshot;
}

void WriteRandomFile(const std::string& path, size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string data(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    uint64_t word = random();
    for (size_t j = 0; j < 8 && i + j < size; ++j) data[i + j] = static_cast<char>(word >> (8 * j));
  }
  WriteFile(path, data);
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool FilesEqual(const std::string& a, const std::string& b) {
  if (fs::file_size(a) != fs::file_size(b)) return false;
  return ReadFile(a) == ReadFile(b);
}

uint32_t PermissionBits(const std::string& path) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) throw std::runtime_error("cannot stat " + path);
  return st.st_mode & 07777;
}

::testing::AssertionResult Succeeded(const ProcessResult& result) {
  if (result.exit_code == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "expected success, got " << result.Describe();
}

::testing::AssertionResult FailedWith(const ProcessResult& result, Code code,
                                      const std::vector<std::string>& needles) {
  int expected = ExitCodeFor(code);
  if (result.exit_code != expected) {
    return ::testing::AssertionFailure() << "expected exit code " << expected << " ("
                                         << CodeName(code) << "), got " << result.Describe();
  }
  std::vector<std::string> lines = result.ErrLines();
  if (lines.size() != 1 || lines[0].rfind("relic: ", 0) != 0 || lines[0].size() <= 7) {
    return ::testing::AssertionFailure()
           << "expected exactly one stderr line \"relic: <message>\", got " << result.Describe();
  }
  if (!result.out.empty()) {
    return ::testing::AssertionFailure()
           << "a failed command wrote to stdout: " << result.Describe();
  }
  for (const auto& needle : needles) {
    if (lines[0].find(needle) == std::string::npos) {
      return ::testing::AssertionFailure()
             << "stderr does not mention \"" << needle << "\": " << result.Describe();
    }
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult UsageError(const ProcessResult& result) {
  if (result.exit_code == 2 && !result.err.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected a usage error (exit code 2), got " << result.Describe();
}

Json ParseJson(const std::string& text) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw std::runtime_error("not JSON: " + text);
  return value;
}

SimMachine CliTest::NewMachine(const std::string& name) {
  SimMachine machine;
  machine.name = name;
  std::string root = Path(fmt::format("machine-{}-{}", ++machines_, name));
  fs::create_directories(root + "/trust.d");
  machine.home = root + "/relic-home";
  machine.machine_id_file = root + "/machine-id";
  machine.trust_dir = root + "/trust.d";
  NewInstallation(machine);
  return machine;
}

void CliTest::NewInstallation(const SimMachine& machine) {
  WriteFile(machine.machine_id_file, RandomHex(32) + "\n");
}

SimMachine CliTest::InitMachine(const std::string& name) {
  SimMachine machine = NewMachine(name);
  Require(Run(machine, {"init"}), "relic init");
  return machine;
}

RunOptions CliTest::OptionsFor(const SimMachine& machine) const {
  RunOptions options;
  options.home_fallback = Path("user-home");
  options.env = {{"RELIC_HOME", machine.home},
                 {"RELIC_MACHINE_ID_FILE", machine.machine_id_file},
                 {"RELIC_TRUST_DIR", machine.trust_dir},
                 {"XDG_DATA_HOME", Path("xdg-data")}};
  return options;
}

ProcessResult CliTest::Run(const SimMachine& machine, const std::vector<std::string>& args) {
  return RunCli(args, OptionsFor(machine));
}

ProcessResult CliTest::RunWith(const EnvVars& env, const std::vector<std::string>& args) {
  RunOptions options;
  options.home_fallback = Path("user-home");
  options.env = env;
  return RunCli(args, options);
}

ProcessResult CliTest::RunTool(const std::vector<std::string>& args) {
  return RunWith({{"XDG_DATA_HOME", Path("xdg-data")}}, args);
}

std::string CliTest::PublicKeyOf(const SimMachine& machine) {
  ProcessResult result = Run(machine, {"machine", "--json"});
  Require(result, "relic machine --json");
  return ParseJson(result.out).at("public_key").get<std::string>();
}

std::string CliTest::MachineIdOf(const SimMachine& machine) {
  ProcessResult result = Run(machine, {"machine", "--json"});
  Require(result, "relic machine --json");
  return ParseJson(result.out).at("machine_id").get<std::string>();
}

SimIssuer CliTest::NewIssuer(const std::string& name) {
  SimIssuer issuer;
  issuer.dir = Path("issuer-" + name);
  Require(RunTool({"issuer", "init", "--issuer", issuer.dir}), "relic issuer init");
  ProcessResult shown = RunTool({"issuer", "show", "--issuer", issuer.dir, "--json"});
  Require(shown, "relic issuer show --json");
  Json json = ParseJson(shown.out);
  issuer.public_key = json.at("public_key").get<std::string>();
  issuer.issuer_id = json.at("issuer_id").get<std::string>();
  return issuer;
}

std::string CliTest::Package(const SimIssuer& issuer, const std::string& input,
                             const std::string& package) {
  ProcessResult result =
      RunTool({"package", input, "-o", package, "--issuer", issuer.dir, "--json"});
  Require(result, "relic package");
  return ParseJson(result.out).at("kid").get<std::string>();
}

std::string CliTest::Issue(const SimIssuer& issuer, const std::string& kid,
                           const std::string& machine_key, const std::vector<std::string>& flags) {
  std::string file = Path(fmt::format("license-{}.rlic", ++licenses_));
  std::vector<std::string> args = {"issue",     "--issuer",  issuer.dir, "--kid", kid,
                                   "--machine", machine_key, "-o",       file};
  args.insert(args.end(), flags.begin(), flags.end());
  Require(RunTool(args), "relic issue");
  return file;
}

void CliTest::Trust(const SimMachine& machine, const SimIssuer& issuer) {
  Require(Run(machine, {"trust", "add", issuer.public_key}), "relic trust add");
}

std::string CliTest::AddLicense(const SimMachine& machine, const std::string& file) {
  ProcessResult result = Run(machine, {"license", "add", "--json", file});
  Require(result, "relic license add");
  return ParseJson(result.out).at(0).at("license_id").get<std::string>();
}

Json CliTest::ListLicenses(const SimMachine& machine) {
  ProcessResult result = Run(machine, {"license", "list", "--json"});
  Require(result, "relic license list --json");
  return ParseJson(result.out);
}

CliTest::Setup CliTest::MakeSetup(size_t content_size) {
  Setup setup;
  setup.machine = InitMachine("player");
  setup.issuer = NewIssuer("studio");
  setup.content = Path("content.bin");
  WriteRandomFile(setup.content, content_size, 42);
  setup.package = Path("content.rpk");
  setup.kid = Package(setup.issuer, setup.content, setup.package);
  setup.machine_key = PublicKeyOf(setup.machine);
  Trust(setup.machine, setup.issuer);
  return setup;
}

}  // namespace relic::testing
