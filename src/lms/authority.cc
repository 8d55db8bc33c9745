// SPDX-License-Identifier: Apache-2.0
#include "lms/authority.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <optional>

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "base/text_codec.h"
#include "crypto/crypto.h"
#include "lms/ownership.h"
#include "lms/request_log.h"

namespace relic::lms {
namespace {

constexpr int64_t kDay = int64_t{24} * 60 * 60;

Status Corrupt(const std::string& why) {
  return Status(Code::kBackupCorrupt,
                "the backup set in the request " + why + "; nothing was granted or used up");
}

// Decides a batch in one read of every placement of its licenses and one
// write of the new ones. Pure apart from `txn`, so a rerun decides afresh.
// `issued_to[i]` is the machine entry i's body names (none in a version 1
// set); a license its source does not hold fails the whole batch, before
// anything is written.
Result<BatchVerdict> ApplyPolicy(LedgerTransaction& txn, const Policy& policy,
                                 const std::vector<backup::IndexEntry>& entries,
                                 const std::vector<std::optional<MachinePublicKey>>& issued_to,
                                 const std::string& target_id, const std::string& source_id,
                                 int64_t now) {
  std::vector<LicenseId> licenses;
  licenses.reserve(entries.size());
  for (const auto& entry : entries) licenses.push_back(entry.license_id);
  std::vector<std::vector<Placement>> found;
  RELIC_RETURN_IF_ERROR(txn.PlacementsOf(licenses, &found));
  // By license, so that a license listed twice sees the first decision.
  std::map<LicenseId, std::vector<Placement>> placements;
  for (size_t i = 0; i < licenses.size(); ++i) placements.emplace(licenses[i], std::move(found[i]));
  for (size_t i = 0; i < entries.size(); ++i) {
    RELIC_RETURN_IF_ERROR(
        CheckSourceHolds(entries[i], issued_to[i], source_id, placements[entries[i].license_id]));
  }

  BatchVerdict verdict;
  std::vector<Placement> added;
  const int64_t day_start = now - kDay + 1;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    std::vector<Placement>& on = placements[entry.license_id];
    if (on.empty()) {
      on.push_back(Placement{entry.license_id, entry.kid, source_id, now, true});
      added.push_back(on.back());
    }
    const bool known = std::any_of(on.begin(), on.end(),
                                   [&](const Placement& p) { return p.machine_id == target_id; });
    if (!known) {
      if (on.size() >= policy.max_machines) {
        verdict.refused.push_back({entry.license_id, entry.kid, RefusalReason::kMachineLimit});
        continue;
      }
      // Counted per license, so a fresh key pair does not reset it.
      const auto today = std::count_if(on.begin(), on.end(), [&](const Placement& p) {
        return !p.source && p.granted_at >= day_start;
      });
      if (static_cast<uint64_t>(today) >= policy.max_new_machines_per_day) {
        verdict.refused.push_back({entry.license_id, entry.kid, RefusalReason::kDailyLimit});
        continue;
      }
      on.push_back(Placement{entry.license_id, entry.kid, target_id, now, false});
      added.push_back(on.back());
    }
    verdict.granted.push_back(i);
  }
  if (!added.empty()) RELIC_RETURN_IF_ERROR(txn.AddPlacements(added));
  return verdict;
}

}  // namespace

Result<std::array<uint8_t, kChallengeSize>> Authority::NewChallenge() {
  return challenges_.Mint(clock_->NowUnixSeconds() + policy().challenge_ttl_seconds);
}

namespace {

// An opaque name for a refused batch: the client shows it in the refusal
// URL, and the support desk looks it up (docs/lms.md). Random, so it tells
// nobody which license or machine it stands for.
std::string NewRefusalReference() {
  std::array<uint8_t, 12> bytes{};
  crypto::RandomFill(bytes);
  return "rf" + Base64UrlEncode(bytes);
}

}  // namespace

void Authority::SetPolicy(Policy policy) {
  MutexLock lock(policy_mu_);
  policy_ = std::move(policy);
}

Policy Authority::policy() const {
  MutexLock lock(policy_mu_);
  return policy_;
}

Result<Signed> Authority::Authorize(const Signed& request, Decision* decision,
                                    std::string_view request_id) {
  ++counters_.requests;
  Decision local;
  // A caller without a request ID of its own (the in-process client) gets one.
  auto answer = Decide(request, decision != nullptr ? *decision : local,
                       request_id.empty() ? NewRequestId() : std::string(request_id));
  if (!answer.ok()) ++counters_.rejected;
  return answer;
}

Result<Signed> Authority::Decide(const Signed& signed_request, Decision& decision,
                                 const std::string& request_id) {
  // One policy for the whole request, even if a reload swaps it meanwhile.
  const Policy rules = policy();
  const int64_t now = clock_->NowUnixSeconds();
  RELIC_ASSIGN_OR_RETURN(RestoreRequest request, CheckRequest(signed_request, decision, now));
  RELIC_ASSIGN_OR_RETURN(OpenedBatch batch, OpenBatch(request, rules));
  decision.batch = batch.entries.size();
  // One reference for the batch's refusals: the client's URL carries it.
  const std::string reference = NewRefusalReference();
  RELIC_ASSIGN_OR_RETURN(BatchVerdict verdict,
                         DecideInLedger(request, batch, rules, reference, request_id, now));
  return SignAnswer(signed_request, request, batch, std::move(verdict), rules, reference, now,
                    decision);
}

Result<RestoreRequest> Authority::CheckRequest(const Signed& signed_request, Decision& decision,
                                               int64_t now) {
  RELIC_ASSIGN_OR_RETURN(RestoreRequest request, DecodeRestoreRequest(signed_request.message));
  if (!crypto::Verify(request.target.signing, signed_request.message, signed_request.signature)) {
    return Status(Code::kBadSignature,
                  "the restore request is not signed by the machine it names; nothing was "
                  "granted");
  }
  decision.machine_id = request.target.MachineId();
  decision.dry_run = request.dry_run;
  // A forged or expired challenge is refused before the ledger sees it, so
  // only a used one of this service's costs a row (until it expires).
  const std::optional<int64_t> expires_at = challenges_.ExpiryOf(request.challenge);
  bool fresh = expires_at && now <= *expires_at;
  if (fresh) {
    RELIC_ASSIGN_OR_RETURN(fresh, ledger_->UseChallenge(request.challenge, *expires_at, now));
  }
  if (!fresh) {
    return Status(Code::kStaleChallenge,
                  "the restore request's challenge is unknown, already used or expired (a "
                  "replayed or late request); get a fresh challenge and ask again");
  }
  return request;
}

Result<OpenedBatch> Authority::OpenBatch(const RestoreRequest& request, const Policy& rules) {
  OpenedBatch batch;
  // The set's header, signed by its source machine.
  const Bytes& header = request.header;
  if (header.size() < 32 + crypto::kSignatureSize) return Corrupt("has no valid header");
  const size_t signed_len = header.size() - crypto::kSignatureSize;
  ByteView core_bytes(header.data(), signed_len - 32);
  auto decoded_core = backup::DecodeHeaderCore(core_bytes);
  if (!decoded_core.ok()) return Corrupt("has a malformed header");
  batch.core = std::move(decoded_core).value();
  const backup::HeaderCore& core = batch.core;
  if (!crypto::Verify(core.source.signing, ByteView(header.data(), signed_len),
                      ByteView(header.data() + signed_len, crypto::kSignatureSize))) {
    return Corrupt("has a header whose signature does not verify");
  }
  if (request.group >= core.groups.size()) return Corrupt("names a group it does not have");
  const backup::GroupInfo& group = core.groups[request.group];
  if (group.lms.key != identity_.public_key()) {
    return Status(Code::kBadSignature, "these licenses name another License Management Service (" +
                                           group.lms.url +
                                           "); only that service can authorise their restore");
  }
  std::array<uint8_t, 32> sealed_hash{};
  std::memcpy(sealed_hash.data(), header.data() + signed_len - 32, 32);
  RELIC_ASSIGN_OR_RETURN(Bytes sealed_master, CommittedSealedMaster(request.sealed_sections,
                                                                    sealed_hash, request.group));
  auto master_plain = crypto::Unseal(identity_.encryption, sealed_master);
  if (!master_plain.ok()) return Corrupt("carries a sealed master that does not open");
  const crypto::WipeOnExit wipe_master(*master_plain);
  auto master = backup::DecodeMaster(*master_plain);
  if (!master.ok()) return Corrupt("carries a malformed sealed master");
  if (master->core_hash != backup::CoreHash(core_bytes)) {
    return Corrupt("carries a master sealed for another backup set");
  }
  if (master->proof_key) {
    if (!request.owner_proof ||
        !crypto::ConstantTimeEqual(
            backup::OwnerProof(*master->proof_key, request.challenge, request.target),
            *request.owner_proof)) {
      return Status(Code::kBadSignature,
                    "this backup is protected by a passphrase, and the request does not prove "
                    "knowledge of it; nothing was granted or used up");
    }
  }
  batch.master = master->master;
  if (request.index_seq >= group.index_chunk_count) return Corrupt("names a missing index chunk");
  const backup::Key index_key = backup::IndexKey(batch.master, core.set_id);
  auto index_plain = crypto::AeadDecrypt(
      index_key, request.index_chunk,
      backup::IndexAssociatedData(core.set_id, request.group, request.index_seq));
  if (!index_plain.ok()) return Corrupt("carries an index chunk that does not verify");
  auto decoded = backup::DecodeIndexEntries(*index_plain, core.version);
  if (!decoded.ok()) return Corrupt("carries a malformed index chunk");
  batch.entries = std::move(decoded).value();
  // Each license's issuer-signed body, on its own; whether the source holds
  // it is decided with the ledger, in the transaction.
  batch.issued_to.resize(batch.entries.size());
  if (core.version >= 2) {
    RELIC_ASSIGN_OR_RETURN(
        std::vector<MachinePublicKey> machines,
        CheckEntryBodies(batch.entries, identity_.public_key(), rules.issuers, BodyCheckers()));
    for (size_t i = 0; i < machines.size(); ++i) batch.issued_to[i] = machines[i];
  }
  return batch;
}

Result<BatchVerdict> Authority::DecideInLedger(const RestoreRequest& request,
                                               const OpenedBatch& batch, const Policy& rules,
                                               const std::string& reference,
                                               const std::string& request_id, int64_t now) {
  // The policy, in one ledger transaction for the whole batch. The ledger
  // may rerun the transaction (a serialization failure on PostgreSQL), so
  // the answer is built only from the verdict of the run that committed.
  const std::string target_id = request.target.MachineId();
  const std::string source_id = batch.core.source.MachineId();
  BatchVerdict verdict;
  int attempts = 0;
  const auto transaction_start = std::chrono::steady_clock::now();
  const RefusalRetention retention{rules.refusal_retention_days, rules.refusal_retention_rows};
  const Status decided = ledger_->Transact(
      [&](LedgerTransaction& txn) -> Status {
        // A decide run more than once is a retry (serialization failure,
        // busy database), whatever the backend.
        if (++attempts > 1) ++counters_.ledger_retries;
        RELIC_ASSIGN_OR_RETURN(verdict, ApplyPolicy(txn, rules, batch.entries, batch.issued_to,
                                                    target_id, source_id, now));
        std::vector<RefusalRecord> refusals;
        for (const auto& refused : verdict.refused) {
          refusals.push_back(RefusalRecord{reference, refused.license_id, refused.kid, target_id,
                                           std::string(RefusalReasonName(refused.reason)), now,
                                           request_id});
        }
        return txn.AddRefusals(refusals, retention);
      },
      /*commit=*/!request.dry_run);
  counters_.ledger_transaction.Observe(std::chrono::steady_clock::now() - transaction_start);
  RELIC_RETURN_IF_ERROR(decided);
  return verdict;
}

Signed Authority::SignAnswer(const Signed& signed_request, const RestoreRequest& request,
                             const OpenedBatch& batch, BatchVerdict verdict, const Policy& rules,
                             const std::string& reference, int64_t now, Decision& decision) {
  RestoreAnswer answer;
  std::vector<KeyRelease> releases;
  answer.refused = std::move(verdict.refused);
  for (size_t i : verdict.granted) {
    const auto& entry = batch.entries[i];
    answer.granted.push_back(GrantLeaf{entry.license_id, entry.body_hash, entry.plays_used});
    releases.push_back(KeyRelease{
        entry.license_id, backup::LmsPart(batch.master, batch.core.set_id, entry.license_id)});
  }

  std::vector<Hash> leaves;
  leaves.reserve(answer.granted.size());
  for (const auto& leaf : answer.granted) leaves.push_back(LeafHash(leaf));
  answer.root.root = MerkleTree(std::move(leaves)).root();
  answer.root.target = request.target;
  answer.root.lms_time = now;
  answer.root.request_hash = crypto::Hash256(signed_request.message);
  answer.root.leaf_count = static_cast<uint32_t>(answer.granted.size());
  answer.root.dry_run = request.dry_run;
  answer.root_bytes = EncodeGrantRoot(answer.root);
  answer.root_signature = crypto::Sign(identity_.signing.secret_key, answer.root_bytes);
  if (!answer.refused.empty()) {
    answer.refusal_url =
        RefusalUrl(rules, RefusalReasonName(answer.refused.front().reason), reference);
  }
  if (!request.dry_run && !releases.empty()) {
    Bytes plain = EncodeEnvelopePlain(releases);
    answer.envelope = crypto::Seal(request.target.encryption, plain);
    crypto::Wipe(plain.data(), plain.size());
  }
  counters_.granted += answer.granted.size();
  counters_.refused += answer.refused.size();
  decision.granted = answer.granted.size();
  decision.refused = answer.refused.size();
  if (!answer.refused.empty() && !request.dry_run) decision.refusal_reference = reference;
  for (const auto& refusal : answer.refused) {
    ++(refusal.reason == RefusalReason::kDailyLimit ? counters_.refused_daily_limit
                                                    : counters_.refused_machine_limit);
    const std::string name(RefusalReasonName(refusal.reason));
    if (("," + decision.reasons + ",").find("," + name + ",") == std::string::npos) {
      decision.reasons += (decision.reasons.empty() ? "" : ",") + name;
    }
  }
  Signed out;
  out.message = EncodeRestoreAnswer(answer);
  out.signature = crypto::Sign(identity_.signing.secret_key, out.message);
  return out;
}

WorkerPool& Authority::BodyCheckers() {
  std::call_once(body_checkers_started_,
                 [this] { body_checkers_ = std::make_unique<WorkerPool>(); });
  return *body_checkers_;
}

}  // namespace relic::lms
