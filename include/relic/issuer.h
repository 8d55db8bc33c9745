// SPDX-License-Identifier: Apache-2.0
// An issuer: packages content and issues licenses bound to one machine.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "relic/env.h"
#include "relic/export.h"
#include "relic/ids.h"
#include "relic/license.h"
#include "relic/status.h"

namespace relic {

struct IssueRequest {
  Kid kid;
  MachinePublicKey machine;
  Rights rights;
  std::optional<LmsInfo> lms;  // required when rights.allow_backup
  // nullopt: a new license with a random ID. Set: the same license issued
  // again under its ID, e.g. to a reindividualized machine, where the secure
  // state kept for that ID (plays used) applies to it.
  std::optional<LicenseId> license_id{};
};

struct PackageOptions {
  uint32_t chunk_size = 64 * 1024;
};

class RELIC_EXPORT Issuer {
 public:
  // Creates an issuer (signing key, content-key directory) in `dir`;
  // kAlreadyExists if one is there.
  static Result<std::unique_ptr<Issuer>> Create(const std::string& dir, Env* env = nullptr);
  static Result<std::unique_ptr<Issuer>> Open(const std::string& dir, Env* env = nullptr);
  virtual ~Issuer() = default;

  virtual const IssuerPublicKey& public_key() const = 0;
  std::string issuer_id() const { return public_key().IssuerId(); }

  // Encrypts `input_path` into a package at `output_path` under a new
  // content key and KID, streaming; keeps the content key.
  // (The defaults are a non-virtual overload: a default argument on a
  // virtual function is taken from the caller's static type.)
  virtual Result<Kid> Package(const std::string& input_path, const std::string& output_path,
                              const PackageOptions& options) = 0;
  Result<Kid> Package(const std::string& input_path, const std::string& output_path) {
    return Package(input_path, output_path, PackageOptions{});
  }

  // Returns a signed license file for one machine.
  virtual Result<Bytes> Issue(const IssueRequest& request) = 0;
};

}  // namespace relic
