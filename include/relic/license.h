// SPDX-License-Identifier: Apache-2.0
// A license as the store and the tools show it. The exact file format is in
// docs/formats/license.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "relic/export.h"
#include "relic/ids.h"
#include "relic/rights.h"

namespace relic {

// The License Management Service allowed to authorise a license's restore.
struct LmsInfo {
  LmsPublicKey key;
  std::string url;
};

// Whether a stored license can be played now.
enum class LicenseState { kUsable, kNotYetValid, kExpired, kNoPlaysLeft };
RELIC_EXPORT std::string_view LicenseStateName(LicenseState state);

struct RELIC_EXPORT LicenseInfo {
  LicenseId license_id;
  Kid kid;
  IssuerPublicKey issuer;
  MachinePublicKey machine;  // the machine it was issued to
  Rights rights;
  std::optional<LmsInfo> lms;
  int64_t issued_at = 0;
  // Secure state on this machine.
  uint32_t plays_used = 0;
  std::optional<int64_t> first_use;
  LicenseState state = LicenseState::kUsable;

  // Remaining plays; nullopt when unlimited.
  std::optional<uint32_t> plays_left() const;
};

}  // namespace relic
