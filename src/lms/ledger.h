// SPDX-License-Identifier: Apache-2.0
// The LMS's ledger: which licenses live on which machines, and the
// challenges it has handed out. An interface, because large deployments run
// it on PostgreSQL; relic ships the SQLite one (sqlite_ledger.h).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "relic/ids.h"
#include "relic/status.h"

namespace relic::lms {

struct Placement {
  LicenseId license_id;
  Kid kid;
  std::string machine_id;
  int64_t granted_at = 0;
  bool source = false;  // the machine the backup came from
};

// What a policy decision may read and write, inside one transaction.
class LedgerTransaction {
 public:
  virtual ~LedgerTransaction() = default;
  // Every placement of the license, oldest first: one read gives the policy
  // both the machines it is on and when each was added, so a decision costs
  // one lookup per license however many limits the policy checks.
  virtual Status PlacementsOf(const LicenseId& license, std::vector<Placement>& out) = 0;
  virtual Status AddPlacement(const Placement& placement) = 0;
};

class Ledger {
 public:
  virtual ~Ledger() = default;

  virtual Status AddChallenge(const std::array<uint8_t, 32>& challenge, int64_t expires_at) = 0;
  // Uses a challenge up: true once for a known, unexpired challenge, false
  // ever after (and for unknown or expired ones).
  virtual Result<bool> TakeChallenge(const std::array<uint8_t, 32>& challenge, int64_t now) = 0;

  // Runs `decide` in one serializable transaction and commits it if it
  // succeeds and `commit` is true (a dry run passes false). Concurrent
  // callers are serialised, so limits hold under any load.
  virtual Status Transact(const std::function<Status(LedgerTransaction&)>& decide, bool commit) = 0;

  // Frees a machine's slot for a license (an operator's decision).
  virtual Status Release(const LicenseId& license, const std::string& machine_id) = 0;
  virtual Status ForEachPlacement(const std::function<void(const Placement&)>& visit) = 0;
};

}  // namespace relic::lms
