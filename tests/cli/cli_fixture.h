// SPDX-License-Identifier: Apache-2.0
// A fixture for tests that drive the real `relic` binary: simulated machines
// (each a relic home plus its own OS installation, i.e. a machine-id file),
// issuers, and helpers that assert on what a user sees.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "relic/status.h"
#include "support/cli_runner.h"
#include "support/test_support.h"

namespace relic::testing {

using Json = nlohmann::json;

// One simulated machine. RELIC_MACHINE_ID_FILE names `machine_id_file`, which
// stands for /etc/machine-id of the machine's OS installation.
struct SimMachine {
  std::string name;
  std::string home;             // RELIC_HOME
  std::string machine_id_file;  // RELIC_MACHINE_ID_FILE
  std::string trust_dir;        // RELIC_TRUST_DIR (empty directory)
};

struct SimIssuer {
  std::string dir;
  std::string public_key;
  std::string issuer_id;
};

// What a directory holds, file by file: relative path -> kind, permission
// bits and bytes. Two equal snapshots mean nothing changed.
struct DirEntry {
  bool is_dir = false;
  uint32_t mode = 0;
  std::string bytes;
  bool operator==(const DirEntry&) const = default;
};
using DirSnapshot = std::map<std::string, DirEntry>;
DirSnapshot Snapshot(const std::string& dir);

// Writes `size` pseudo-random bytes (seeded, so reruns are reproducible).
void WriteRandomFile(const std::string& path, size_t size, uint64_t seed);
void WriteFile(const std::string& path, const std::string& bytes);
std::string ReadFile(const std::string& path);
bool FilesEqual(const std::string& a, const std::string& b);
uint32_t PermissionBits(const std::string& path);

// The process ran and exited 0.
::testing::AssertionResult Succeeded(const ProcessResult& result);
// The process exited with ExitCodeFor(code), wrote nothing to stdout and
// exactly one stderr line "relic: <message>", which contains each of
// `needles`.
::testing::AssertionResult FailedWith(const ProcessResult& result, Code code,
                                      const std::vector<std::string>& needles = {});
// A CLI11 usage error: exit code 2 and a message on stderr.
::testing::AssertionResult UsageError(const ProcessResult& result);

Json ParseJson(const std::string& text);

class CliTest : public ::testing::Test {
 protected:
  // A new machine: a fresh machine-id file and a (not yet initialised) home.
  SimMachine NewMachine(const std::string& name);
  // A new machine with `relic init` done; returns it.
  SimMachine InitMachine(const std::string& name);
  // Replaces the machine's OS installation (a new machine-id), as after a
  // reinstall of the operating system.
  void NewInstallation(const SimMachine& machine);

  // Runs relic as `machine` (RELIC_HOME, RELIC_MACHINE_ID_FILE, RELIC_TRUST_DIR
  // set) with XDG_DATA_HOME and HOME inside the test's directory.
  ProcessResult Run(const SimMachine& machine, const std::vector<std::string>& args);
  // Runs relic without RELIC_HOME (and, for issuer commands, no machine).
  ProcessResult RunWith(const EnvVars& env, const std::vector<std::string>& args);
  ProcessResult RunTool(const std::vector<std::string>& args);
  RunOptions OptionsFor(const SimMachine& machine) const;

  // `relic machine --json` fields.
  std::string PublicKeyOf(const SimMachine& machine);
  std::string MachineIdOf(const SimMachine& machine);

  SimIssuer NewIssuer(const std::string& name);
  // Packages `input` into `package` and returns the KID.
  std::string Package(const SimIssuer& issuer, const std::string& input,
                      const std::string& package);
  // Issues a license for `kid` to `machine_key`, with extra flags; returns the
  // license file's path.
  std::string Issue(const SimIssuer& issuer, const std::string& kid, const std::string& machine_key,
                    const std::vector<std::string>& flags = {});
  void Trust(const SimMachine& machine, const SimIssuer& issuer);
  // `relic license add` of one file that must succeed; returns the license ID.
  std::string AddLicense(const SimMachine& machine, const std::string& file);
  // `relic license list --json`, parsed.
  Json ListLicenses(const SimMachine& machine);

  // A ready machine with one trusted issuer and one packaged file of `size`
  // random bytes: everything a play test needs except the license.
  struct Setup {
    SimMachine machine;
    SimIssuer issuer;
    std::string content;  // the original file
    std::string package;
    std::string kid;
    std::string machine_key;
  };
  Setup MakeSetup(size_t content_size = 64 * 1024);

  std::string Path(const std::string& name) const { return tmp_.Join(name); }

  TempDir tmp_;
  int machines_ = 0;
  int licenses_ = 0;
};

}  // namespace relic::testing
