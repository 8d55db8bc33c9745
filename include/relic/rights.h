// SPDX-License-Identifier: Apache-2.0
// What a license allows, as its issuer signed it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "relic/export.h"
#include "relic/status.h"

namespace relic {

struct Rights {
  bool allow_backup = false;
  std::optional<uint32_t> play_count;  // nullopt: unlimited
  std::optional<int64_t> begins;       // Unix seconds; nullopt: from issue
  std::optional<int64_t> expires;      // Unix seconds; nullopt: never
};

// RFC 3339 date-times ("2026-01-02T03:04:05Z", offsets and fractions
// accepted, fractions truncated); output is always UTC with "Z".
RELIC_EXPORT Result<int64_t> ParseRfc3339(std::string_view text);
RELIC_EXPORT std::string FormatRfc3339(int64_t unix_seconds);

}  // namespace relic
