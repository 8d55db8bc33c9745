// SPDX-License-Identifier: Apache-2.0
// The restore engine (docs/backup-and-restore.md, docs/architecture.md
// "Restore"): verifies the whole set offline, then asks each group's License
// Management Service to authorise its licenses batch by batch on a thread of
// its own, which checks each answer (answer_check.h) and hands it to the
// restore's thread. That thread applies each granted batch as it comes, in
// one store transaction opened with the first: it finds the batch's records
// in the set, verifies them on a worker pool a few chunks ahead
// (record_verifier.h) and writes them in set order
// (restored_license_writer.h). While the events of licenses applied before
// BEGIN pile up, later answers wait in a staging file in the home and are
// applied after BEGIN. Raising the rollback clock and the commit come last.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <thread>
#include <unordered_map>

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup/operation_runner.h"
#include "base/byte_io.h"
#include "base/ordered_batch_pipeline.h"
#include "base/text_codec.h"
#include "base/worker_pool.h"
#include "crypto/passphrase_key.h"
#include "format/grant.h"
#include "format/license_format.h"
#include "machine/home_lock.h"
#include "machine/machine_internal.h"
#include "protocol/protocol.h"
#include "relic/backup.h"
#include "relic/restore.h"
#include "restore/answer_check.h"
#include "restore/authorized_batch_queue.h"
#include "restore/lms_client.h"
#include "restore/record_verifier.h"
#include "restore/restored_license_writer.h"
#include "store/sqlite_store.h"

namespace relic {
namespace {

using backup::BackupSetReader;
using backup::Key;
using backup::SectionKind;

constexpr size_t kVerifyBatch = 512;
// Chunks of records verified ahead of the one being written.
constexpr size_t kVerifyBatchesAhead = 2;
// What a canceled restore leaves: the service may have recorded its grants,
// which a retry onto this machine reuses without counting them again.
constexpr char kRestoreUnchanged[] =
    "this machine's store was not changed, and restoring again onto it uses nothing more up";

struct HandleHash {
  size_t operator()(const backup::Handle& h) const {
    size_t v;
    std::memcpy(&v, h.data(), sizeof v);
    return v;
  }
};

// One record on its way through the pipeline: found in the set, verified
// on a worker, written by the restore's thread.
struct RecordWork {
  size_t index = 0;  // in the granted batch
  Bytes sealed;
  std::optional<restore::VerifiedRecord> verified;
  Bytes wrapped_key;
  Status status;
};
using RecordBatch = std::vector<RecordWork>;

// Runs on any core: verifies the record and wraps its content key for this
// store, the two costly steps of a license's restore.
void VerifyOnWorker(const restore::RecordExpectation& expected,
                    const restore::GrantedBatch& granted, SqliteStore& store, RecordWork& w) {
  auto verified = restore::VerifyRecord(expected, granted.answer.granted[w.index],
                                        granted.record_keys[w.index], w.sealed);
  if (!verified.ok()) {
    w.status = verified.status();
    return;
  }
  const LicenseBody& body = verified->parsed.body;
  w.wrapped_key = store.WrapContentKey(body.license_id, body.kid, verified->record.content_key);
  w.verified = std::move(verified).value();
}

class RestoreJob {
 public:
  RestoreJob(RestoreRequest request, std::chrono::steady_clock::time_point deadline,
             std::unique_ptr<Machine> machine, std::unique_ptr<HomeLock> lock,
             std::function<void(const RestoreEvent&)> on_event)
      : request_(std::move(request)),
        deadline_(deadline),
        machine_(std::move(machine)),
        lock_(std::move(lock)),
        on_event_(std::move(on_event)) {}
  // The job's copy of the passphrase is wiped with it.
  ~RestoreJob() {
    if (request_.passphrase) crypto::WipeBuffer(*request_.passphrase);
  }
  RestoreJob(const RestoreJob&) = delete;
  RestoreJob& operator=(const RestoreJob&) = delete;

  Status Run(const CancelToken& cancel);
  void Release() {
    if (!staging_path_.empty()) machine_->env()->DeleteFile(staging_path_).IgnoreError();
    txn_.reset();  // rolls back unless committed
    staging_.reset();
    pool_.reset();
    reader_.reset();
    machine_.reset();
    lock_.reset();
  }
  uint64_t restored() const { return restored_; }
  bool committed() const { return committed_; }
  bool may_have_placed() const { return may_have_placed_.load(); }
  uint64_t refused() const { return refused_; }

 private:
  // Why the restore must stop now, before its commit point: a cancel, or
  // its deadline; OK to go on.
  Status Interrupted(const CancelToken& cancel) const {
    if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);
    if (std::chrono::steady_clock::now() >= deadline_) return DeadlineStatus();
    return Status::Ok();
  }
  Status DeadlineStatus() const {
    return Status(Code::kServiceUnavailable,
                  "the restore did not finish within its deadline of " +
                      std::to_string(request_.timeout.count()) + " s; " + kRestoreUnchanged +
                      "; try again later, or allow more time (relic restore --timeout)");
  }
  void Emit(const RestoreEvent& event) {
    try {
      on_event_(event);
    } catch (...) {
    }
  }
  void AuthorizeAll(const CancelToken& cancel);
  Result<AuthorizedBatch> AuthorizeBatch(LmsClient& client, uint16_t group, uint32_t seq,
                                         ByteView index_chunk);
  Status Receive(AuthorizedBatch& batch, const CancelToken& cancel);
  Status Stage(const AuthorizedBatch& batch);
  Status BeginStoreTransaction();
  Status Apply(const CancelToken& cancel);
  // `message` is a checked answer of the service (AuthorizeBatch).
  Status ApplyBatch(const Bytes& message, uint16_t group, const CancelToken& cancel);
  Status FindRecords(uint16_t group, const std::vector<backup::Handle>& handles,
                     std::vector<bool>& found,
                     const std::function<Status(size_t index, ByteView sealed)>& visit);
  Status WriteVerified(RecordBatch& batch, const restore::GrantedBatch& granted,
                       restore::RestoredLicenseWriter& writer, const CancelToken& cancel);
  // Events of licenses applied while authorisation still runs wait for
  // BEGIN, which comes after DISCONNECTING.
  void EmitExpired(const Kid& kid);
  void EmitProgress();

  RestoreRequest request_;
  const std::chrono::steady_clock::time_point deadline_;
  std::unique_ptr<Machine> machine_;
  std::unique_ptr<HomeLock> lock_;
  std::function<void(const RestoreEvent&)> on_event_;

  std::unique_ptr<BackupSetReader> reader_;
  std::unique_ptr<WorkerPool> pool_;
  // Where each group's next records start: the backup writes a group's
  // records in the order of its index, so each batch resumes where the last
  // one stopped instead of reading the whole set again.
  struct DataCursor {
    uint64_t section = 0;  // head offset of a data section; 0: the first
    uint32_t record = 0;   // within it
  };
  std::map<uint16_t, DataCursor> cursors_;
  std::unique_ptr<Key> owner_key_;
  std::optional<Key> proof_key_;
  std::string staging_path_;
  std::unique_ptr<File> staging_;
  uint64_t staging_size_ = 0;
  uint64_t granted_ = 0;
  uint64_t restored_ = 0;
  uint64_t refused_ = 0;
  uint64_t applied_ = 0;
  bool url_reported_ = false;
  std::string first_url_;
  // The latest signed time of any service, and of those whose grants were
  // accepted: the first only ever makes restored licenses expire sooner,
  // the second may move the store's rollback clock.
  int64_t latest_lms_time_ = 0;
  int64_t accepted_lms_time_ = 0;
  bool committed_ = false;
  std::atomic<bool> may_have_placed_{false};
  AuthorizedBatchQueue answers_;
  std::unique_ptr<Transaction> txn_;  // opened by the first batch applied
  bool began_ = false;                // BEGIN was sent
  std::vector<Kid> deferred_expired_;
  // Batches are applied while authorisation runs only while the events they
  // hold back stay few; later ones wait in the staging file.
  static constexpr size_t kMaxDeferredEvents = 4096;
};

// Opens the owner key with the passphrase, offline.
Result<std::unique_ptr<Key>> OpenOwnerKey(ByteView section, const std::string& passphrase,
                                          ByteView core_bytes) {
  ByteReader r(section, "owner key");
  crypto::PassphraseSalt salt{};
  RELIC_RETURN_IF_ERROR(r.Into(salt));
  crypto::PassphraseCost cost;
  RELIC_ASSIGN_OR_RETURN(cost.passes, r.U64());
  RELIC_ASSIGN_OR_RETURN(cost.bytes, r.U64());
  // A crafted set must not make a restore spend minutes and gigabytes
  // deriving a key.
  if (!crypto::IsAcceptablePassphraseCost(cost)) {
    return Status(Code::kBackupCorrupt, "the backup set's passphrase parameters are invalid");
  }
  ByteView wrapped = section.subspan(r.position());
  RELIC_ASSIGN_OR_RETURN(const Key pass_key, crypto::DerivePassphraseKey(passphrase, salt, cost));
  Bytes ad = crypto::Labeled("relic backup owner v1", {backup::CoreHash(core_bytes)});
  auto key = crypto::AeadDecrypt(pass_key, wrapped, ad);
  if (!key.ok() || key->size() != 32) {
    return Status(Code::kInvalidArgument,
                  "the passphrase is wrong for this backup set; nothing was restored or used up");
  }
  auto out = std::make_unique<Key>();
  std::memcpy(out->data(), key->data(), 32);
  crypto::Wipe(key->data(), key->size());
  return out;
}

Status RestoreJob::Run(const CancelToken& cancel) {
  Env* env = machine_->env();
  // 1. The whole set, offline, before anyone is contacted.
  RELIC_ASSIGN_OR_RETURN(reader_, BackupSetReader::Open(env, BackupSetPath(request_.folder)));
  const backup::HeaderCore& core = reader_->core();
  if (core.owner_protected) {
    if (!request_.passphrase) {
      return Status(Code::kInvalidArgument,
                    "this backup set is protected by a passphrase; give it to restore "
                    "(--passphrase or --passphrase-file)");
    }
    RELIC_ASSIGN_OR_RETURN(owner_key_, OpenOwnerKey(*reader_->owner_key_section(),
                                                    *request_.passphrase, reader_->core_bytes()));
    proof_key_ = backup::OwnerProofKey(*owner_key_, core.set_id);
  }
  RELIC_RETURN_IF_ERROR(Interrupted(cancel));

  // 2. Authorisation, batch by batch.
  // Staging files of restores killed earlier: the home lock says no other
  // restore of this home is running.
  if (auto names = env->ListDir(machine_->home()); names.ok()) {
    for (const auto& name : *names) {
      if (name.starts_with("restore-") && name.ends_with(".staging")) {
        env->DeleteFile(machine_->home() + "/" + name).IgnoreError();
      }
    }
  }
  staging_path_ = machine_->home() + "/restore-" + HexEncode(core.set_id) + ".staging";
  RELIC_ASSIGN_OR_RETURN(staging_, env->OpenFile(staging_path_, OpenMode::kCreate, 0600));

  // Authorisation runs on a thread of its own, a batch ahead: this thread
  // verifies and writes each granted batch while the service decides the
  // next one.
  Emit(RestoreEvent{.type = RestoreEventType::kConnecting});
  std::thread authorizer([this, &cancel] { AuthorizeAll(cancel); });
  struct StopAndJoin {
    AuthorizedBatchQueue& answers;
    std::thread& thread;
    ~StopAndJoin() {
      answers.Stop();
      if (thread.joinable()) thread.join();
    }
  } stop_and_join{answers_, authorizer};
  while (auto batch = answers_.Pop()) RELIC_RETURN_IF_ERROR(Receive(*batch, cancel));
  if (Status authorized = answers_.final_status(); !authorized.ok()) {
    // A call cut short by a cancel or the deadline says so in the restore's
    // words.
    RELIC_RETURN_IF_ERROR(Interrupted(cancel));
    return authorized;
  }
  Emit(RestoreEvent{.type = RestoreEventType::kDisconnecting});
  if (request_.dry_run) {
    restored_ = granted_;  // what the service would grant
    return Status::Ok();
  }
  RELIC_RETURN_IF_ERROR(Interrupted(cancel));

  // 3. The store, in one transaction.
  Emit(RestoreEvent{.type = RestoreEventType::kBegin});
  began_ = true;
  for (const Kid& kid : deferred_expired_) EmitExpired(kid);
  deferred_expired_.clear();
  if (applied_ > 0) {
    Emit(RestoreEvent{.type = RestoreEventType::kProgress, .done = applied_, .total = granted_});
  }
  RELIC_RETURN_IF_ERROR(Apply(cancel));
  if (refused_ > 0) {
    return Status(Code::kRestoreFraud,
                  std::to_string(refused_) +
                      " license(s) were refused by the License Management Service because their "
                      "restore limit is reached (see " +
                      first_url_ + "); " + std::to_string(restored_) + " were restored");
  }
  return Status::Ok();
}

void RestoreJob::EmitExpired(const Kid& kid) {
  if (!began_) {
    deferred_expired_.push_back(kid);
    return;
  }
  Emit(RestoreEvent{.type = RestoreEventType::kExpiredLicense, .kid = kid});
}

void RestoreJob::EmitProgress() {
  if (!began_) return;  // BEGIN reports what was applied before it
  if (applied_ % std::max<uint64_t>(1, granted_ / 100) == 0 || applied_ == granted_) {
    Emit(RestoreEvent{.type = RestoreEventType::kProgress, .done = applied_, .total = granted_});
  }
}

// On the authorising thread: asks for every batch in turn; emits nothing.
void RestoreJob::AuthorizeAll(const CancelToken& cancel) {
  const backup::HeaderCore& core = reader_->core();
  Status status = [&]() -> Status {
    // The header codec admits at most kMaxGroups (256) groups.
    for (uint16_t g = 0; g < static_cast<uint16_t>(core.groups.size()); ++g) {
      const std::string url = request_.lms_url.value_or(core.groups[g].lms.url);
      LmsCallBounds bounds;
      bounds.deadline = deadline_;
      bounds.stop = [this, &cancel] { return cancel.canceled() || answers_.stopped(); };
      RELIC_ASSIGN_OR_RETURN(auto client, ConnectLms(url, bounds));
      RELIC_RETURN_IF_ERROR(reader_->ForEachSection(
          SectionKind::kIndex, g, [&](const BackupSetReader::Section& s, ByteView payload) {
            if (answers_.stopped()) return CanceledStatus("the restore", kRestoreUnchanged);
            if (Status stop = Interrupted(cancel); !stop.ok()) return stop;
            RELIC_ASSIGN_OR_RETURN(AuthorizedBatch batch,
                                   AuthorizeBatch(*client, g, s.seq, payload));
            return answers_.Push(std::move(batch));
          }));
    }
    return Status::Ok();
  }();
  answers_.Finish(std::move(status));
}

// On the restore's thread: reports the batch's refusals, then applies its
// grants now or stages them for after BEGIN.
Status RestoreJob::Receive(AuthorizedBatch& batch, const CancelToken& cancel) {
  latest_lms_time_ = std::max(latest_lms_time_, batch.lms_time);
  granted_ += batch.granted;
  for (const Kid& kid : batch.refused) {
    ++refused_;
    if (first_url_.empty()) first_url_ = batch.refusal_url;
    Emit(RestoreEvent{.type = RestoreEventType::kRefused, .kid = kid, .url = batch.refusal_url});
  }
  if (!batch.refused.empty() && !url_reported_) {
    url_reported_ = true;
    Emit(RestoreEvent{.type = RestoreEventType::kErrorWithUrl, .url = first_url_});
  }
  if (request_.dry_run || batch.granted == 0) return Status::Ok();
  RELIC_RETURN_IF_ERROR(Interrupted(cancel));
  if (deferred_expired_.size() >= kMaxDeferredEvents) return Stage(batch);
  RELIC_RETURN_IF_ERROR(BeginStoreTransaction());
  return ApplyBatch(batch.answer.message, batch.group, cancel);
}

Status RestoreJob::Stage(const AuthorizedBatch& batch) {
  ByteWriter w;
  w.U16(batch.group);
  w.Blob32(batch.answer.message);
  w.Raw(batch.answer.signature);
  RELIC_RETURN_IF_ERROR(staging_->WriteAt(staging_size_, w.bytes()));
  staging_size_ += w.bytes().size();
  return Status::Ok();
}

Status RestoreJob::BeginStoreTransaction() {
  if (txn_) return Status::Ok();
  RELIC_ASSIGN_OR_RETURN(txn_, Transaction::Begin(InternalStore(*machine_).db()));
  return Status::Ok();
}

// On the authorising thread: one request and its answer, checked.
Result<AuthorizedBatch> RestoreJob::AuthorizeBatch(LmsClient& client, uint16_t group, uint32_t seq,
                                                   ByteView index_chunk) {
  const backup::GroupInfo& info = reader_->core().groups[group];
  const MachineIdentity& identity = InternalIdentity(*machine_);
  lms::Signed answer;
  Bytes request_bytes;
  // A challenge can go stale between asking and sending (a slow link, a
  // restarted service): one fresh try.
  for (int attempt = 0;; ++attempt) {
    RELIC_ASSIGN_OR_RETURN(auto challenge, client.Challenge());
    lms::RestoreRequest request;
    request.challenge = challenge;
    request.target = machine_->public_key();
    request.dry_run = request_.dry_run;
    if (proof_key_) {
      request.owner_proof = backup::OwnerProof(*proof_key_, challenge, machine_->public_key());
    }
    request.header = reader_->header_bytes();
    request.sealed_sections = reader_->sealed_sections();
    request.group = group;
    request.index_seq = seq;
    request.index_chunk.assign(index_chunk.begin(), index_chunk.end());
    request_bytes = lms::EncodeRestoreRequest(request);
    lms::Signed signed_request{request_bytes,
                               crypto::Sign(identity.signing.secret_key, request_bytes)};
    // From here the service may record placements for this machine: its
    // identity must then outlive a failure, so that a retry reuses them.
    if (!request_.dry_run) may_have_placed_.store(true);
    auto got = client.Restore(signed_request);
    if (got.ok()) {
      answer = std::move(got).value();
      break;
    }
    if (got.status().code() != Code::kStaleChallenge || attempt > 0) return got.status();
  }
  return restore::CheckAnswer(std::move(answer), group,
                              restore::AnswerExpectation{
                                  .lms_key = info.lms.key,
                                  .target = machine_->public_key(),
                                  .request_bytes = request_bytes,
                                  .dry_run = request_.dry_run,
                                  .lms_url = request_.lms_url.value_or(info.lms.url),
                              });
}

Status RestoreJob::Apply(const CancelToken& cancel) {
  SqliteStore& store = InternalStore(*machine_);
  RELIC_RETURN_IF_ERROR(BeginStoreTransaction());
  uint64_t offset = 0;
  while (offset < staging_size_) {
    Bytes head(2 + 4);
    RELIC_ASSIGN_OR_RETURN(size_t got, staging_->ReadAt(offset, head));
    if (got != head.size()) return Status(Code::kIoError, "the restore's staging file is short");
    uint16_t group = static_cast<uint16_t>(head[0] | head[1] << 8);
    uint32_t len = static_cast<uint32_t>(head[2] | head[3] << 8 | head[4] << 16) |
                   static_cast<uint32_t>(head[5]) << 24;
    Bytes message(len);
    RELIC_ASSIGN_OR_RETURN(got, staging_->ReadAt(offset + 6, message));
    crypto::Signature signature{};
    RELIC_ASSIGN_OR_RETURN(size_t got_sig, staging_->ReadAt(offset + 6 + len, signature));
    if (got != len || got_sig != signature.size()) {
      return Status(Code::kIoError, "the restore's staging file is short");
    }
    offset += 6 + len + signature.size();
    // Only bytes read back from the file need checking again.
    if (group >= reader_->core().groups.size() ||
        !crypto::Verify(reader_->core().groups[group].lms.key.signing, message, signature)) {
      return Status(Code::kIoError, "the restore's staging file was altered");
    }
    RELIC_RETURN_IF_ERROR(ApplyBatch(message, group, cancel));
  }
  // A restore that restores nothing changes nothing: whatever a set or an
  // answer said, no license was accepted from it (docs/threat-model.md, I3).
  if (restored_ == 0) return Status::Ok();
  // The rollback clock takes time only from a service that a trusted issuer
  // named in a license accepted here. Never from the set's header: its
  // source clock is signed only by a key the header itself names, so a
  // stranger's set made under a clock years ahead would expire every
  // time-limited license of this machine.
  const int64_t clock = std::max(accepted_lms_time_, machine_->env()->NowUnixSeconds());
  RELIC_RETURN_IF_ERROR(store.RaiseRollbackClock(clock));
  // The commit point: after this check a cancel is too late.
  RELIC_RETURN_IF_ERROR(Interrupted(cancel));
  RELIC_RETURN_IF_ERROR(txn_->Commit());
  committed_ = true;
  return Status::Ok();
}

// Applies one granted batch: finds its records in the set, verifies them on
// the pool a few chunks ahead and writes the verified ones in set order.
Status RestoreJob::ApplyBatch(const Bytes& message, uint16_t group, const CancelToken& cancel) {
  const backup::HeaderCore& core = reader_->core();
  RELIC_ASSIGN_OR_RETURN(const restore::GrantedBatch granted,
                         restore::OpenGrantedBatch(message, InternalIdentity(*machine_).encryption,
                                                   owner_key_.get(), core.set_id));
  SqliteStore& store = InternalStore(*machine_);
  RELIC_ASSIGN_OR_RETURN(int64_t own_clock, store.Now());
  // Only for the licenses of this set: each is left out when it has expired
  // by the latest time anyone vouched for, the set's source included (the
  // set cannot revive what its source saw expire). This machine's clock
  // moves only in Apply.
  const int64_t now = std::max({core.source_clock, latest_lms_time_, own_clock});
  RELIC_ASSIGN_OR_RETURN(auto trusted, store.TrustedIssuers());
  restore::RestoredLicenseWriter writer(store, std::move(trusted), now);
  const restore::RecordExpectation expected{
      .set_id = core.set_id, .source = core.source, .lms_key = core.groups[group].lms.key};

  // Declared after everything the workers read: destroyed (drained) first.
  if (!pool_) pool_ = std::make_unique<WorkerPool>();
  OrderedBatchPipeline<RecordBatch> pipeline(
      *pool_, kVerifyBatchesAhead, [&](RecordBatch& batch, size_t, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) VerifyOnWorker(expected, granted, store, batch[i]);
      });
  RecordBatch pending;
  pending.reserve(kVerifyBatch);
  auto submit = [&] {
    if (pending.empty()) return;
    const size_t count = pending.size();
    pipeline.Submit(std::move(pending), count);
    pending = RecordBatch();
    pending.reserve(kVerifyBatch);
  };
  auto write_oldest = [&]() -> Status {
    RecordBatch batch = pipeline.TakeOldest();
    return WriteVerified(batch, granted, writer, cancel);
  };

  std::vector<bool> found(granted.handles.size(), false);
  RELIC_RETURN_IF_ERROR(
      FindRecords(group, granted.handles, found, [&](size_t index, ByteView sealed) -> Status {
        RecordWork& w = pending.emplace_back();
        w.index = index;
        w.sealed.assign(sealed.begin(), sealed.end());
        if (pending.size() < kVerifyBatch) return Status::Ok();
        submit();
        return pipeline.full() ? write_oldest() : Status::Ok();
      }));
  submit();
  while (!pipeline.empty()) RELIC_RETURN_IF_ERROR(write_oldest());
  for (size_t i = 0; i < found.size(); ++i) {
    if (!found[i]) {
      return Status(Code::kBackupCorrupt, "the backup set has no record for license " +
                                              granted.answer.granted[i].license_id.ToString() +
                                              ", which the service granted");
    }
  }
  return Status::Ok();
}

// Hands each granted license's record to `visit`, in set order, and marks
// it in `found`. The backup writes a group's records in the order of its
// index, so the search resumes where the group's last batch stopped; a set
// whose records are not in index order still restores, by a second pass
// over the whole set.
Status RestoreJob::FindRecords(uint16_t group, const std::vector<backup::Handle>& handles,
                               std::vector<bool>& found,
                               const std::function<Status(size_t index, ByteView sealed)>& visit) {
  if (handles.empty()) return Status::Ok();
  std::unordered_map<backup::Handle, size_t, HandleHash> by_handle;
  for (size_t i = 0; i < handles.size(); ++i) by_handle.emplace(handles[i], i);
  size_t found_count = 0;
  DataCursor& cursor = cursors_[group];
  auto scan_from = [&](const DataCursor start) -> Status {
    return reader_->ScanSections(
        SectionKind::kData, backup::kNoGroup, start.section,
        [&](const BackupSetReader::Section& s, ByteView payload) -> Result<bool> {
          return backup::ForEachDataRecord(
              payload,
              [&](uint32_t i, const backup::Handle& handle, ByteView sealed) -> Result<bool> {
                if (s.head_offset == start.section && i < start.record) return true;
                auto hit = by_handle.find(handle);
                if (hit == by_handle.end() || found[hit->second]) return true;
                found[hit->second] = true;
                ++found_count;
                RELIC_RETURN_IF_ERROR(visit(hit->second, sealed));
                if (found_count < handles.size()) return true;
                cursor = DataCursor{s.head_offset, i + 1};
                return false;
              });
        });
  };
  RELIC_RETURN_IF_ERROR(scan_from(cursor));
  if (found_count < handles.size() && cursor.section != 0) {
    RELIC_RETURN_IF_ERROR(scan_from(DataCursor{}));
  }
  return Status::Ok();
}

// Writes a batch of records the workers verified, in order, and emits
// their events.
Status RestoreJob::WriteVerified(RecordBatch& batch, const restore::GrantedBatch& granted,
                                 restore::RestoredLicenseWriter& writer,
                                 const CancelToken& cancel) {
  for (RecordWork& w : batch) {
    RELIC_RETURN_IF_ERROR(w.status);
    RELIC_RETURN_IF_ERROR(Interrupted(cancel));
    const Kid kid = w.verified->parsed.body.kid;
    RELIC_ASSIGN_OR_RETURN(
        auto outcome, writer.Write(std::move(*w.verified), std::move(w.wrapped_key), granted.answer,
                                   granted.tree, w.index));
    ++applied_;
    if (outcome == restore::RestoredLicenseWriter::Outcome::kExpired) {
      EmitExpired(kid);
    } else {
      ++restored_;
      accepted_lms_time_ = std::max(accepted_lms_time_, granted.answer.root.lms_time);
    }
    EmitProgress();
  }
  return Status::Ok();
}

// The folder must be a folder holding a set, found without opening
// anything: a FIFO in its place is refused at once instead of waited on.
Status CheckSetFolder(Env* env, const std::string& folder) {
  auto info = env->Stat(folder);
  if (!info.ok()) {
    if (info.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "the backup folder " + folder +
                                         " does not exist; name the folder you backed up into");
    }
    return info.status();
  }
  if (info->type != FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  folder + " is not a folder; name the folder you backed up into");
  }
  auto set = env->Stat(BackupSetPath(folder));
  if (!set.ok()) {
    if (set.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "there is no backup set in " + folder +
                                         " (no relic-backup.rbs); name the folder you backed up "
                                         "into");
    }
    return set.status();
  }
  if (set->type != FileType::kRegular) {
    return Status(Code::kInvalidArgument,
                  BackupSetPath(folder) +
                      " is not a regular file (a FIFO, a device or a socket, "
                      "or a folder); name the folder you backed up into");
  }
  return Status::Ok();
}

// A home that an individualizing restore is about to make: what was there
// before, so that a failed restore can take away exactly what it added.
struct NewHome {
  std::string home;
  bool existed = false;
  std::vector<std::string> entries;  // when it existed (an empty or identity-less home)

  static Result<NewHome> Before(Env* env, const std::string& home) {
    NewHome out;
    out.home = home;
    auto info = env->Stat(home);
    if (!info.ok() && info.status().code() != Code::kNotFound) return info.status();
    out.existed = info.ok();
    if (out.existed && info->type == FileType::kDirectory) {
      RELIC_ASSIGN_OR_RETURN(out.entries, env->ListDir(home));
    }
    return out;
  }

  // Files only: making a machine creates no folders, and nothing is
  // followed out of the home.
  void Remove(Env* env) const {
    auto names = env->ListDir(home);
    if (!names.ok()) return;
    for (const std::string& name : *names) {
      if (std::find(entries.begin(), entries.end(), name) != entries.end()) continue;
      env->DeleteFile(home + "/" + name).IgnoreError();
    }
    if (!existed) env->DeleteDir(home).IgnoreError();
  }
};

}  // namespace

// The callback is taken by value in the exported ABI.
// NOLINTBEGIN(performance-unnecessary-value-param)
Result<std::unique_ptr<Operation>> StartRestore(const RestoreRequest& request,
                                                std::function<void(const RestoreEvent&)> on_event) {
  // NOLINTEND(performance-unnecessary-value-param)
  if (!on_event) return Status(Code::kInvalidArgument, "a restore needs an event callback");
  if (request.lms_url &&
      !(request.lms_url->starts_with("http://") || request.lms_url->starts_with("https://"))) {
    return Status(Code::kInvalidArgument, "the License Management Service address '" +
                                              *request.lms_url + "' is not an http(s) URL");
  }
  if (request.passphrase && request.passphrase->empty()) {
    return Status(Code::kInvalidArgument, "the passphrase is empty");
  }
  if (request.timeout.count() <= 0) {
    return Status(Code::kInvalidArgument,
                  "a restore's timeout must be a positive number of "
                  "seconds");
  }
  const auto deadline = std::chrono::steady_clock::now() + request.timeout;
  // The set is looked for before a new identity is made: a restore that
  // fails leaves no new home behind.
  Env* env = request.home_options.env ? request.home_options.env : Env::Default();
  RELIC_RETURN_IF_ERROR(CheckSetFolder(env, request.folder));
  auto machine = Machine::Open(request.home, request.home_options);
  std::optional<NewHome> new_home;
  if (!machine.ok() && machine.status().code() == Code::kNotInitialized) {
    if (!request.individualize) {
      return Status(Code::kNeedsIndividualization,
                    "there is no machine identity in " + request.home +
                        " to restore onto; allow individualization (relic restore "
                        "--individualize) or run `relic init` first");
    }
    RELIC_ASSIGN_OR_RETURN(new_home, NewHome::Before(env, request.home));
    machine = Machine::Initialize(request.home, request.home_options);
    if (!machine.ok()) new_home->Remove(env);
  }
  if (!machine.ok()) return machine.status();
  auto lock = HomeLock::Acquire(env, request.home, "backing up or restoring");
  if (!lock.ok()) {
    machine->reset();
    if (new_home) new_home->Remove(env);
    return lock.status();
  }
  auto job = std::make_shared<RestoreJob>(request, deadline, std::move(machine).value(),
                                          std::move(lock).value(), on_event);
  auto runner = std::make_unique<OperationRunner>();
  runner->Start(
      [job, env, new_home](const CancelToken& cancel) {
        Status result = job->Run(cancel);
        job->Release();
        // The identity made for this restore goes with a restore that
        // failed before the service could record anything for it (a
        // missing or damaged set, an unreachable service). Once it may
        // have, the identity stays: a retry onto it uses nothing more.
        if (new_home && !result.ok() && !job->committed() && !job->may_have_placed()) {
          new_home->Remove(env);
        }
        return result;
      },
      [job, on_event](const Status& status) {
        RestoreEvent end{.type = RestoreEventType::kEnd, .status = status};
        end.restored = job->restored();
        end.refused = job->refused();
        try {
          on_event(end);
        } catch (...) {
        }
      });
  return std::unique_ptr<Operation>(std::move(runner));
}

}  // namespace relic
