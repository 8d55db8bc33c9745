// SPDX-License-Identifier: Apache-2.0
// A small world for library tests: issuers and machines (each its own home
// and simulated OS installation) in a temporary directory, on the real file
// system with a clock the test moves.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "crypto/crypto.h"
#include "relic/relic.h"
#include "support/test_support.h"

namespace relic::testing {

constexpr int64_t kStartTime = 1'800'000'000;  // 2027-01-15

inline void WriteFileBytes(const std::string& path, ByteView data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

inline Bytes ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline Bytes RandomContent(size_t size) {
  Bytes data(size);
  crypto::RandomBytes(data.data(), data.size());
  return data;
}

// A machine-id file content: 32 hex digits, different per name.
inline std::string InstallationId(const std::string& name) {
  Bytes h = crypto::Hash(crypto::AsBytes(name), 16);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : h) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "\n";
}

class World {
 public:
  World() : clock_(kStartTime), env_(NewPosixEnv(&clock_)) {}

  Env* env() { return env_.get(); }
  ManualClock& clock() { return clock_; }
  std::string Path(const std::string& name) const { return dir_.Join(name); }

  // HomeOptions for machine `name` on installation `installation`.
  HomeOptions Options(const std::string& installation, Env* env = nullptr) {
    std::string id_file = Path("installation-" + installation);
    std::string content = InstallationId(installation);
    WriteFileBytes(id_file,
                   ByteView(reinterpret_cast<const uint8_t*>(content.data()), content.size()));
    HomeOptions options;
    options.env = env ? env : env_.get();
    options.installation_id_file = id_file;
    options.system_trust_dir = Path("no-system-trust");
    return options;
  }
  std::string Home(const std::string& machine) const { return Path("home-" + machine); }

  std::unique_ptr<Machine> NewMachine(const std::string& name) {
    auto m = Machine::Initialize(Home(name), Options(name));
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }
  std::unique_ptr<Machine> OpenMachine(const std::string& name) {
    auto m = Machine::Open(Home(name), Options(name));
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }

  std::unique_ptr<Issuer> NewIssuer(const std::string& name = "issuer") {
    auto issuer = Issuer::Create(Path(name), env_.get());
    EXPECT_TRUE(issuer.ok()) << issuer.status().ToString();
    return issuer.ok() ? std::move(issuer).value() : nullptr;
  }

  // Packages `size` random bytes; returns the KID and remembers the plain
  // file as Path(name + ".plain").
  Kid PackageContent(Issuer& issuer, const std::string& name, size_t size = 100'000,
                     uint32_t chunk = 64 * 1024) {
    WriteFileBytes(Path(name + ".plain"), RandomContent(size));
    PackageOptions options;
    options.chunk_size = chunk;
    auto kid = issuer.Package(Path(name + ".plain"), Path(name + ".pkg"), options);
    EXPECT_TRUE(kid.ok()) << kid.status().ToString();
    return kid.ok() ? *kid : Kid{};
  }

  // A License Management Service with its private keys, for tests that
  // play the LMS (or an adversary who stole its keys).
  struct TestLmsKeys {
    crypto::BoxKeyPair encryption;
    crypto::SigningKeyPair signing;
    LmsInfo info;
  };
  static TestLmsKeys NewLms(const std::string& url = "https://lms.example.test/restore") {
    TestLmsKeys keys;
    keys.encryption = crypto::GenerateBoxKeyPair();
    keys.signing = crypto::GenerateSigningKeyPair();
    keys.info.key.encryption = keys.encryption.public_key;
    keys.info.key.signing = keys.signing.public_key;
    keys.info.url = url;
    return keys;
  }

  static LmsInfo TestLms() {
    LmsInfo lms;
    crypto::RandomFill(lms.key.encryption);
    crypto::RandomFill(lms.key.signing);
    lms.url = "https://lms.example.test/restore";
    return lms;
  }

  Bytes IssueTo(Issuer& issuer, const Kid& kid, const Machine& machine, Rights rights = {},
                std::optional<LmsInfo> lms = std::nullopt) {
    IssueRequest request;
    request.kid = kid;
    request.machine = machine.public_key();
    request.rights = rights;
    if (rights.allow_backup) request.lms = lms ? *lms : TestLms();
    auto license = issuer.Issue(request);
    EXPECT_TRUE(license.ok()) << license.status().ToString();
    return license.ok() ? *license : Bytes{};
  }

 private:
  TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<Env> env_;
};

// Everything a user could observe about a store: licenses with their state,
// trusted issuers, and the anti-rollback clock.
inline std::string Snapshot(Store& store) {
  std::string out;
  Status s = store.ListLicenses([&](const LicenseInfo& info) {
    out += info.license_id.ToString() + " " + info.kid.ToString() +
           " used=" + std::to_string(info.plays_used) +
           " state=" + std::string(LicenseStateName(info.state)) + "\n";
    return true;
  });
  if (!s.ok()) return "list failed: " + s.ToString();
  auto trusted = store.TrustedIssuers();
  if (!trusted.ok()) return "trust failed: " + trusted.status().ToString();
  for (const auto& t : *trusted) out += "trusted " + t.ToString() + "\n";
  auto clock = store.RollbackClock();
  out += "clock " + (clock.ok() ? std::to_string(*clock) : clock.status().ToString()) + "\n";
  return out;
}

}  // namespace relic::testing
