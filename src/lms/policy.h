// SPDX-License-Identifier: Apache-2.0
// The LMS's restore policy (docs/lms.md). Defaults follow the Windows Media
// DRM service: a license may live on at most four unique machines, the
// source counting as one, and only a few new machines a day.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "relic/env.h"
#include "relic/ids.h"

namespace relic::lms {

struct Policy {
  uint32_t max_machines = 4;
  // New machines per license in any 24 hours (a fresh key pair is a new
  // machine, so it cannot reset this).
  uint32_t max_new_machines_per_day = 3;
  // Refusals point under this prefix: <prefix>/machine-limit, /daily-limit.
  std::string refusal_url_prefix = "https://relic.invalid/restore-limits";
  uint32_t challenge_ttl_seconds = 300;
  // How long, and how many, refused licenses the ledger keeps.
  uint32_t refusal_retention_days = 90;
  uint64_t refusal_retention_rows = 1'000'000;
  // The issuers whose licenses this service restores. Issuers choose
  // license IDs, so a license of any other issuer could name another's ID
  // and spend its allowance (docs/backup-and-restore.md, "Whose
  // allowance"). Empty: the service restores nothing.
  std::vector<IssuerPublicKey> issuers;
};

// Reads a JSON policy file; unknown keys and bad values are errors that name
// the key.
Result<Policy> LoadPolicy(Env* env, const std::string& path);
Status ValidatePolicy(const Policy& policy);

// The URL that explains a refusal: <prefix>/<reason>?ref=<reference>, the
// reference naming the refused batch in the ledger (no ID in clear).
std::string RefusalUrl(const Policy& policy, std::string_view reason, std::string_view reference);

}  // namespace relic::lms
