// SPDX-License-Identifier: Apache-2.0
// The license store of one machine: licenses, their secure state, the
// trusted issuers and the anti-rollback clock, in one SQLite database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "relic/env.h"
#include "relic/export.h"
#include "relic/ids.h"
#include "relic/license.h"
#include "relic/status.h"

namespace relic {

struct AddedLicense {
  LicenseId license_id;
  Kid kid;
  bool already_present = false;  // the same license was stored before
  bool resumed_state = false;    // secure state came back from a tombstone
};

struct PlayResult {
  LicenseId license_id;  // the license that was used
  Kid kid;
  uint64_t bytes_written = 0;
  std::optional<uint32_t> plays_left;  // after this play; nullopt: unlimited
};

// The secure state of a license ID on this machine, kept even after the
// license is deleted (a tombstone).
struct SecureState {
  uint32_t plays_used = 0;
  std::optional<int64_t> first_use;
  bool license_present = false;  // false: only the tombstone remains
};

class RELIC_EXPORT Store {
 public:
  virtual ~Store() = default;

  // Verifies and stores a license file's exact bytes. The store is
  // unchanged on any failure: kMalformed, kBadSignature,
  // kUntrustedIssuer, kWrongMachine, kAlreadyExists (another license with
  // that ID), or an I/O code.
  virtual Result<AddedLicense> AddLicense(ByteView license_file) = 0;

  // Adds several licenses in one transaction: all of them, or (on the first
  // refusal, which names the license's position in the batch) none.
  virtual Result<std::vector<AddedLicense>> AddLicenses(const std::vector<Bytes>& files) = 0;

  // Calls `visit` for each stored license, ordered by KID then license ID,
  // without holding them all in memory. A visit returning false stops.
  virtual Status ListLicenses(const std::function<bool(const LicenseInfo&)>& visit) = 0;

  virtual Result<LicenseInfo> GetLicense(const LicenseId& id) = 0;

  // Removes a license; its secure state stays as a tombstone, so adding the
  // license again resumes from it.
  virtual Status DeleteLicense(const LicenseId& id) = 0;

  virtual Status TrustIssuer(const IssuerPublicKey& issuer) = 0;
  virtual Status DistrustIssuer(const IssuerPublicKey& issuer) = 0;
  virtual Result<std::vector<IssuerPublicKey>> TrustedIssuers() = 0;

  // Decrypts a package to `output_path` with a usable license for its KID,
  // consuming one play. Which license is used when several share the KID:
  // the one that expires first, then the one with the fewest plays left
  // (limited before unlimited), then the oldest. Output appears only if the
  // play succeeds; a refused play consumes nothing.
  virtual Result<PlayResult> Play(const std::string& package_path,
                                  const std::string& output_path) = 0;

  // kNotFound if this machine never stored the license.
  virtual Result<SecureState> GetSecureState(const LicenseId& id) = 0;

  // The latest time the store has seen (Unix seconds): the store's notion of
  // "now" never goes below it, so setting the clock back extends nothing.
  virtual Result<int64_t> RollbackClock() = 0;
};

}  // namespace relic
