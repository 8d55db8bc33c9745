// SPDX-License-Identifier: Apache-2.0
#include "relic/license.h"

namespace relic {

std::string_view LicenseStateName(LicenseState state) {
  switch (state) {
    case LicenseState::kUsable:
      return "usable";
    case LicenseState::kNotYetValid:
      return "not_yet_valid";
    case LicenseState::kExpired:
      return "expired";
    case LicenseState::kNoPlaysLeft:
      return "no_plays_left";
  }
  return "unknown";
}

std::optional<uint32_t> LicenseInfo::plays_left() const {
  if (!rights.play_count) return std::nullopt;
  return plays_used >= *rights.play_count ? 0 : *rights.play_count - plays_used;
}

}  // namespace relic
