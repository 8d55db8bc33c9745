// SPDX-License-Identifier: Apache-2.0
// The LMS's decision-making, independent of HTTP: hands out challenges and
// turns a signed restore request into a signed answer under the policy,
// recording its decisions in the ledger in one transaction per batch.
#pragma once

#include <atomic>
#include <memory>

#include "lms/ledger.h"
#include "lms/lms_identity.h"
#include "lms/policy.h"
#include "protocol/protocol.h"

namespace relic::lms {

struct AuthorityCounters {
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> rejected{0};  // requests refused outright (bad input)
  std::atomic<uint64_t> granted{0};   // licenses
  std::atomic<uint64_t> refused{0};   // licenses over a limit
};

class Authority {
 public:
  Authority(LmsIdentity identity, Ledger* ledger, Policy policy, Clock* clock)
      : identity_(std::move(identity)),
        ledger_(ledger),
        policy_(std::move(policy)),
        clock_(clock) {}

  Result<std::array<uint8_t, kChallengeSize>> NewChallenge();

  // Every check, then the policy, then the signed answer. Errors:
  // kMalformed, kBadSignature (request not signed by its machine, another
  // LMS's group, missing or wrong passphrase proof), kStaleChallenge,
  // kBackupCorrupt (header, master or index does not verify).
  Result<Signed> Authorize(const Signed& request);

  // Whether the ledger answers now (GET /readyz).
  Status LedgerReady() { return ledger_->Ping(); }

  const AuthorityCounters& counters() const { return counters_; }
  LmsPublicKey public_key() const { return identity_.public_key(); }

 private:
  Result<Signed> Decide(const Signed& request);

  LmsIdentity identity_;
  Ledger* ledger_;
  Policy policy_;
  Clock* clock_;
  AuthorityCounters counters_;
};

}  // namespace relic::lms
