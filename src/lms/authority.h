// SPDX-License-Identifier: Apache-2.0
// The LMS's decision-making, independent of HTTP: hands out challenges and
// turns a signed restore request into a signed answer under the policy,
// recording its decisions in the ledger in one transaction per batch.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/backup_set_codec.h"
#include "base/mutex.h"
#include "base/worker_pool.h"
#include "crypto/crypto.h"
#include "lms/challenge_mint.h"
#include "lms/ledger.h"
#include "lms/lms_identity.h"
#include "lms/metrics_histogram.h"
#include "lms/policy.h"
#include "protocol/protocol.h"

namespace relic::lms {

struct AuthorityCounters {
  std::atomic<uint64_t> requests{0};
  std::atomic<uint64_t> rejected{0};  // requests refused outright (bad input)
  std::atomic<uint64_t> granted{0};   // licenses
  std::atomic<uint64_t> refused{0};   // licenses over a limit
  std::atomic<uint64_t> refused_machine_limit{0};
  std::atomic<uint64_t> refused_daily_limit{0};
  // Each decision's ledger transaction, retries included.
  DurationHistogram ledger_transaction;
  // Times a backend ran a transaction's decide again (a serialization
  // failure, a busy database). The Authority counts a decide that runs more
  // than once; a backend that retries in other ways increments it itself.
  std::atomic<uint64_t> ledger_retries{0};
};

// What one restore request came to, for the service's log line. Filled in
// as far as the request got: a request refused outright has no batch.
struct Decision {
  std::string machine_id;  // the target, once its signature verified
  size_t batch = 0;        // licenses in the request's index chunk
  size_t granted = 0;
  size_t refused = 0;
  std::string reasons;  // the refusal reasons, distinct, comma-separated
  // The refused batch's reference in the ledger (none in a dry run), as
  // the client's refusal URL carries it.
  std::string refusal_reference;
  bool dry_run = false;
};

// A request's batch once every check that needs no ledger has passed: the
// set's header, its master (to derive the keys it releases), the index
// chunk's entries and, per entry of a version 2 set, the machine its
// issuer-signed body names.
struct OpenedBatch {
  backup::HeaderCore core;
  crypto::SymmetricKey master;
  std::vector<backup::IndexEntry> entries;
  std::vector<std::optional<MachinePublicKey>> issued_to;
};

// The policy's verdict on one batch: which entries are granted (indices,
// in entry order) and which refused.
struct BatchVerdict {
  std::vector<size_t> granted;
  std::vector<Refusal> refused;
};

class Authority {
 public:
  Authority(LmsIdentity identity, Ledger* ledger, Policy policy, Clock* clock)
      : identity_(std::move(identity)),
        challenges_(identity_.signing),
        ledger_(ledger),
        policy_(std::move(policy)),
        clock_(clock) {}

  // A challenge valid for the policy's challenge_ttl_seconds; it costs no
  // ledger write (challenge_mint.h).
  Result<std::array<uint8_t, kChallengeSize>> NewChallenge();

  // Every check, then the policy, then the signed answer. Errors:
  // kMalformed, kBadSignature (request not signed by its machine, another
  // LMS's group, missing or wrong passphrase proof), kStaleChallenge,
  // kBackupCorrupt (header, master or index does not verify).
  // `decision`, if given, says what the request came to (also on errors).
  // Refused licenses are recorded with `request_id` (one is made up when
  // it is empty), except in a dry run.
  Result<Signed> Authorize(const Signed& request, Decision* decision = nullptr,
                           std::string_view request_id = {});

  // The policy for requests from now on (a reload); a request being decided
  // keeps the one it started with.
  void SetPolicy(Policy policy);
  Policy policy() const;
  Ledger* ledger() const { return ledger_; }

  // Whether the ledger answers now (GET /readyz).
  Status LedgerReady() { return ledger_->Ping(); }

  const AuthorityCounters& counters() const { return counters_; }
  LmsPublicKey public_key() const { return identity_.public_key(); }

 private:
  // A request is decided in four steps, each its own function so that it
  // reads alone: the request's own signature and challenge, the set's
  // header, sealed master, index chunk and license bodies, the policy in one
  // ledger transaction, and the signed answer.
  Result<Signed> Decide(const Signed& request, Decision& decision, const std::string& request_id);
  Result<RestoreRequest> CheckRequest(const Signed& signed_request, Decision& decision,
                                      int64_t now);
  Result<OpenedBatch> OpenBatch(const RestoreRequest& request, const Policy& rules);
  Result<BatchVerdict> DecideInLedger(const RestoreRequest& request, const OpenedBatch& batch,
                                      const Policy& rules, const std::string& reference,
                                      const std::string& request_id, int64_t now);
  Signed SignAnswer(const Signed& signed_request, const RestoreRequest& request,
                    const OpenedBatch& batch, BatchVerdict verdict, const Policy& rules,
                    const std::string& reference, int64_t now, Decision& decision);
  // The threads that check a batch's license bodies, one per core, started
  // by the first batch that has bodies (a service that never sees one, or a
  // fuzzer's, starts none).
  WorkerPool& BodyCheckers();

  LmsIdentity identity_;
  ChallengeMint challenges_;
  Ledger* ledger_;
  mutable Mutex policy_mu_;
  Policy policy_ GUARDED_BY(policy_mu_);
  Clock* clock_;
  AuthorityCounters counters_;
  std::once_flag body_checkers_started_;
  std::unique_ptr<WorkerPool> body_checkers_;
};

}  // namespace relic::lms
