// SPDX-License-Identifier: Apache-2.0
// The restore engine (docs/backup-and-restore.md): verifies the set offline,
// asks each group's License Management Service to authorise its licenses
// batch by batch, keeps the signed answers in a staging file (so memory does
// not grow with the number of licenses), then decrypts and verifies the
// approved records and writes them in one store transaction.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <thread>
#include <unordered_map>

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup/operation_runner.h"
#include "base/byte_io.h"
#include "base/text_codec.h"
#include "base/worker_pool.h"
#include "format/grant.h"
#include "format/license_format.h"
#include "machine/home_lock.h"
#include "machine/machine_internal.h"
#include "protocol/protocol.h"
#include "relic/backup.h"
#include "relic/restore.h"
#include "restore/authorized_batch_queue.h"
#include "restore/lms_client.h"
#include "store/sqlite_store.h"

namespace relic {
namespace {

using backup::BackupSetReader;
using backup::Key;
using backup::SectionKind;

constexpr size_t kVerifyBatch = 512;
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

class RestoreJob {
 public:
  RestoreJob(RestoreRequest request, std::unique_ptr<Machine> machine,
             std::unique_ptr<HomeLock> lock, std::function<void(const RestoreEvent&)> on_event)
      : request_(std::move(request)),
        machine_(std::move(machine)),
        lock_(std::move(lock)),
        on_event_(std::move(on_event)) {}

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
  uint64_t refused() const { return refused_; }

 private:
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
  // Events of licenses applied while authorisation still runs wait for
  // BEGIN, which comes after DISCONNECTING.
  void EmitExpired(const Kid& kid);
  void EmitProgress();

  RestoreRequest request_;
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
  int64_t latest_lms_time_ = 0;
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
  std::array<uint8_t, crypto_pwhash_SALTBYTES> salt{};
  RELIC_RETURN_IF_ERROR(r.Into(salt));
  RELIC_ASSIGN_OR_RETURN(uint64_t ops, r.U64());
  RELIC_ASSIGN_OR_RETURN(uint64_t mem, r.U64());
  // Bounded by what relic writes (MODERATE) with room to grow, so a crafted
  // set cannot make a restore spend minutes and gigabytes deriving a key.
  if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > 4 * crypto_pwhash_OPSLIMIT_MODERATE ||
      mem < crypto_pwhash_MEMLIMIT_MIN || mem > 4 * uint64_t{crypto_pwhash_MEMLIMIT_MODERATE}) {
    return Status(Code::kBackupCorrupt, "the backup set's passphrase parameters are invalid");
  }
  ByteView wrapped = section.subspan(r.position());
  Key pass_key;
  if (crypto_pwhash(pass_key.data(), pass_key.size(), passphrase.data(), passphrase.size(),
                    salt.data(), ops, static_cast<size_t>(mem),
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(Code::kInternal, "not enough memory to derive the passphrase key");
  }
  Bytes ad = crypto::Labeled("relic backup owner v1", {backup::CoreHash(core_bytes)});
  auto key = crypto::AeadDecrypt(pass_key, wrapped, ad);
  if (!key.ok() || key->size() != 32) {
    return Status(Code::kInvalidArgument,
                  "the passphrase is wrong for this backup set; nothing was restored or used up");
  }
  auto out = std::make_unique<Key>();
  std::memcpy(out->data(), key->data(), 32);
  sodium_memzero(key->data(), key->size());
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
  if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);

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
  RELIC_RETURN_IF_ERROR(answers_.final_status());
  Emit(RestoreEvent{.type = RestoreEventType::kDisconnecting});
  if (request_.dry_run) {
    restored_ = granted_;  // what the service would grant
    return Status::Ok();
  }
  if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);

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
    for (uint16_t g = 0; g < core.groups.size(); ++g) {
      const std::string url = request_.lms_url.value_or(core.groups[g].lms.url);
      RELIC_ASSIGN_OR_RETURN(auto client, ConnectLms(url));
      RELIC_RETURN_IF_ERROR(reader_->ForEachSection(
          SectionKind::kIndex, g, [&](const BackupSetReader::Section& s, ByteView payload) {
            if (cancel.canceled() || answers_.stopped()) {
              return CanceledStatus("the restore", kRestoreUnchanged);
            }
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
  if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);
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
  RELIC_ASSIGN_OR_RETURN(Bytes sealed_master, reader_->SealedMaster(group));
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
    request.sealed_master = sealed_master;
    request.group = group;
    request.index_seq = seq;
    request.index_chunk.assign(index_chunk.begin(), index_chunk.end());
    request_bytes = lms::EncodeRestoreRequest(request);
    lms::Signed signed_request{request_bytes,
                               crypto::Sign(identity.signing.secret_key, request_bytes)};
    auto got = client.Restore(signed_request);
    if (got.ok()) {
      answer = std::move(got).value();
      break;
    }
    if (got.status().code() != Code::kStaleChallenge || attempt > 0) return got.status();
  }
  // The answer must come from the key the licenses name, for this request
  // and this machine, whatever address it came from.
  auto bad = [&](const std::string& why) {
    return Status(Code::kBadSignature, "the answer from the License Management Service at " +
                                           request_.lms_url.value_or(info.lms.url) + " " + why +
                                           "; nothing was restored");
  };
  if (!crypto::Verify(info.lms.key.signing, answer.message, answer.signature)) {
    return bad("is not signed by the service the licenses name");
  }
  auto decoded = lms::DecodeRestoreAnswer(answer.message);
  if (!decoded.ok()) return bad("is malformed");
  if (!crypto::Verify(info.lms.key.signing, decoded->root_bytes, decoded->root_signature)) {
    return bad("carries a grant that is not signed by the service the licenses name");
  }
  if (decoded->root.target != machine_->public_key()) return bad("is for another machine");
  if (decoded->root.request_hash != crypto::Hash256(request_bytes)) {
    return bad("answers another request");
  }
  if (decoded->root.dry_run != request_.dry_run) return bad("has the wrong dry-run flag");
  AuthorizedBatch batch;
  batch.group = group;
  batch.lms_time = decoded->root.lms_time;
  batch.granted = decoded->granted.size();
  // The URL is shown to the user: only a plain https URL is passed on.
  std::string url = decoded->refusal_url;
  bool printable = std::all_of(url.begin(), url.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (!url.starts_with("https://") || !printable || url.size() > 2048) {
    url = "(the License Management Service gave no valid https URL)";
  }
  batch.refusal_url = url;
  for (const auto& refusal : decoded->refused) batch.refused.push_back(refusal.kid);
  batch.answer = std::move(answer);
  return batch;
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
  const int64_t clock =
      std::max({reader_->core().source_clock, latest_lms_time_, machine_->env()->NowUnixSeconds()});
  RELIC_RETURN_IF_ERROR(store.RaiseRollbackClock(clock));
  // The commit point: after this check a cancel is too late.
  if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);
  return txn_->Commit();
}

Status RestoreJob::ApplyBatch(const Bytes& message, uint16_t group, const CancelToken& cancel) {
  const backup::HeaderCore& core = reader_->core();
  const backup::GroupInfo& info = core.groups[group];
  RELIC_ASSIGN_OR_RETURN(lms::RestoreAnswer answer, lms::DecodeRestoreAnswer(message));
  const MachineIdentity& identity = InternalIdentity(*machine_);
  auto plain = crypto::Unseal(identity.encryption, answer.envelope);
  if (!plain.ok()) {
    return Status(Code::kBadSignature,
                  "the service's key envelope does not open on this "
                  "machine; nothing was restored");
  }
  RELIC_ASSIGN_OR_RETURN(auto releases, lms::DecodeEnvelopePlain(*plain));
  sodium_memzero(plain->data(), plain->size());
  if (releases.size() != answer.granted.size()) {
    return Status(Code::kBadSignature, "the service's key envelope does not match its grant");
  }
  std::vector<lms::Hash> leaf_hashes;
  leaf_hashes.reserve(answer.granted.size());
  for (const auto& leaf : answer.granted) leaf_hashes.push_back(lms::LeafHash(leaf));
  const lms::MerkleTree tree(std::move(leaf_hashes));
  if (tree.root() != answer.root.root) {
    return Status(Code::kBadSignature, "the service's grant does not match its signed root");
  }

  // Handle → index into the batch, and each record's key.
  std::unordered_map<backup::Handle, size_t, HandleHash> by_handle;
  std::vector<Key> record_keys(releases.size());
  for (size_t i = 0; i < releases.size(); ++i) {
    if (releases[i].license_id != answer.granted[i].license_id) {
      return Status(Code::kBadSignature, "the service's key envelope does not match its grant");
    }
    Key owner_part = backup::OwnerPart(owner_key_.get(), core.set_id, releases[i].license_id);
    auto keys = backup::DeriveRecordKeys(releases[i].lms_part, owner_part);
    record_keys[i] = keys.key;
    by_handle.emplace(keys.handle, i);
  }
  std::vector<bool> found(releases.size(), false);
  SqliteStore& store = InternalStore(*machine_);
  RELIC_ASSIGN_OR_RETURN(int64_t own_clock, store.Now());
  const int64_t now = std::max({core.source_clock, latest_lms_time_, own_clock});
  RELIC_ASSIGN_OR_RETURN(auto trusted, store.TrustedIssuers());

  struct Work {
    size_t index = 0;
    Bytes sealed;
    Bytes plain;
    backup::RecordPlain record;
    ParsedLicense parsed;
    Bytes wrapped_key;
    Status status;
  };
  // Decrypts and verifies one record; runs on any core.
  auto verify = [&](Work& w) {
    const lms::GrantLeaf& leaf = answer.granted[w.index];
    auto plain_record = backup::OpenRecord(
        record_keys[w.index], w.sealed, backup::RecordAssociatedData(core.set_id, leaf.license_id));
    if (!plain_record.ok()) {
      w.status = Status(Code::kBackupCorrupt, "a record of license " + leaf.license_id.ToString() +
                                                  " does not open with the key the service "
                                                  "released");
      return;
    }
    auto record = backup::DecodeRecord(*plain_record);
    sodium_memzero(plain_record->data(), plain_record->size());
    if (!record.ok()) {
      w.status = Status(Code::kBackupCorrupt, "a record is malformed");
      return;
    }
    auto parsed = ParseLicenseFile(record->license_file);
    if (!parsed.ok()) {
      w.status = parsed.status();
      return;
    }
    const LicenseBody& body = parsed->body;
    auto refuse = [&](Code code, const std::string& why) {
      w.status = Status(code, "license " + body.license_id.ToString() + " in the backup " + why +
                                  "; nothing was restored");
    };
    if (body.license_id != leaf.license_id)
      return refuse(Code::kBadSignature, "is not the one granted");
    if (crypto::Hash256(parsed->body_bytes) != leaf.body_hash) {
      return refuse(Code::kBadSignature, "does not match the terms the service granted");
    }
    if (!VerifyLicenseSignature(*parsed).ok()) {
      return refuse(Code::kBadSignature, "has an invalid issuer signature (forged rights)");
    }
    if (!body.rights.allow_backup) {
      return refuse(Code::kBadSignature, "does not allow backup, so it cannot be restored");
    }
    if (!body.lms || body.lms->key != info.lms.key) {
      return refuse(Code::kBadSignature, "names another License Management Service");
    }
    if (body.machine != core.source) {
      // Restored onto the source earlier: its grant must prove that.
      auto grant = lms::DecodeLicenseGrant(record->grant);
      if (record->grant.empty() || !grant.ok() ||
          !lms::VerifyLicenseGrant(*grant, body.lms->key, body.license_id, leaf.body_hash,
                                   core.source)
               .ok()) {
        return refuse(Code::kBadSignature,
                      "was neither issued nor granted to the machine the backup came from");
      }
    }
    if (ComputeCheckValue(record->content_key, body.kid) != body.check_value) {
      return refuse(Code::kBadSignature, "carries a content key that does not match its KID");
    }
    w.wrapped_key =
        InternalStore(*machine_).WrapContentKey(body.license_id, body.kid, record->content_key);
    w.record = std::move(record).value();
    w.parsed = std::move(parsed).value();
  };

  // Verification runs on the pool a few chunks of records ahead of this
  // thread, which writes the verified ones into the store in set order.
  struct VerifyBatch {
    std::vector<Work> work;
    std::unique_ptr<TaskLatch> done;
  };
  std::deque<VerifyBatch> in_flight;
  // The workers use this function's locals: wait for them however it returns.
  struct Drain {
    std::deque<VerifyBatch>& batches;
    ~Drain() {
      for (VerifyBatch& b : batches) b.done->Wait();
    }
  } drain{in_flight};
  if (!pool_) pool_ = std::make_unique<WorkerPool>();

  auto submit = [&](std::vector<Work>& pending) {
    if (pending.empty()) return;
    VerifyBatch& b = in_flight.emplace_back();
    b.work = std::move(pending);
    pending = std::vector<Work>();
    pending.reserve(kVerifyBatch);
    b.done = pool_->SubmitSlices(b.work.size(), [&verify, &b](size_t, size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) verify(b.work[i]);
    });
  };

  auto insert_oldest = [&]() -> Status {
    // Workers hold references into the queue's element: wait, then move.
    in_flight.front().done->Wait();
    VerifyBatch b = std::move(in_flight.front());
    in_flight.pop_front();
    for (Work& w : b.work) {
      RELIC_RETURN_IF_ERROR(w.status);
      if (cancel.canceled()) return CanceledStatus("the restore", kRestoreUnchanged);
      const LicenseBody& body = w.parsed.body;
      const bool issuer_trusted =
          std::find(trusted.begin(), trusted.end(), body.issuer) != trusted.end();
      if (!issuer_trusted) {
        return Status(Code::kUntrustedIssuer,
                      "license " + body.license_id.ToString() + " comes from issuer " +
                          body.issuer.IssuerId() +
                          ", which this machine does not trust; trust it (relic trust add, or "
                          "the system trust directory) and restore again: the retry uses up "
                          "nothing more");
      }
      ++applied_;
      if (body.rights.expires && now >= *body.rights.expires) {
        EmitExpired(body.kid);
      } else {
        const lms::GrantLeaf& leaf = answer.granted[w.index];
        lms::LicenseGrant grant;
        grant.root_bytes = answer.root_bytes;
        grant.signature = answer.root_signature;
        grant.leaf = leaf;
        grant.proof = tree.Proof(w.index);
        SqliteStore::RestoredLicense restored;
        restored.license_file = w.record.license_file;
        restored.parsed = std::move(w.parsed);
        restored.grant = lms::EncodeLicenseGrant(grant);
        restored.content_key = w.record.content_key;
        restored.wrapped_key = std::move(w.wrapped_key);
        restored.plays_used = std::max(w.record.plays_used, leaf.plays_used);
        restored.first_use = w.record.first_use;
        RELIC_RETURN_IF_ERROR(store.InsertRestored(restored, now).status());
        ++restored_;
      }
      EmitProgress();
    }
    return Status::Ok();
  };

  std::vector<Work> pending;
  pending.reserve(kVerifyBatch);
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
                Work& w = pending.emplace_back();
                w.index = hit->second;
                w.sealed.assign(sealed.begin(), sealed.end());
                if (pending.size() >= kVerifyBatch) {
                  submit(pending);
                  if (in_flight.size() > 2) RELIC_RETURN_IF_ERROR(insert_oldest());
                }
                if (found_count == releases.size()) {
                  cursor = DataCursor{s.head_offset, i + 1};
                  return false;
                }
                return true;
              });
        });
  };
  if (!releases.empty()) {
    RELIC_RETURN_IF_ERROR(scan_from(cursor));
    // A set whose records are not in index order still restores, by a
    // second pass over the whole set.
    if (found_count < releases.size() && cursor.section != 0) {
      RELIC_RETURN_IF_ERROR(scan_from(DataCursor{}));
    }
  }
  submit(pending);
  while (!in_flight.empty()) RELIC_RETURN_IF_ERROR(insert_oldest());
  for (size_t i = 0; i < found.size(); ++i) {
    if (!found[i]) {
      return Status(Code::kBackupCorrupt, "the backup set has no record for license " +
                                              answer.granted[i].license_id.ToString() +
                                              ", which the service granted");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Operation>> StartRestore(const RestoreRequest& request,
                                                std::function<void(const RestoreEvent&)> on_event) {
  if (!on_event) return Status(Code::kInvalidArgument, "a restore needs an event callback");
  if (request.lms_url &&
      !(request.lms_url->starts_with("http://") || request.lms_url->starts_with("https://"))) {
    return Status(Code::kInvalidArgument, "the License Management Service address '" +
                                              *request.lms_url + "' is not an http(s) URL");
  }
  if (request.passphrase && request.passphrase->empty()) {
    return Status(Code::kInvalidArgument, "the passphrase is empty");
  }
  auto machine = Machine::Open(request.home, request.home_options);
  if (!machine.ok() && machine.status().code() == Code::kNotInitialized) {
    if (!request.individualize) {
      return Status(Code::kNeedsIndividualization,
                    "there is no machine identity in " + request.home +
                        " to restore onto; allow individualization (relic restore "
                        "--individualize) or run `relic init` first");
    }
    machine = Machine::Initialize(request.home, request.home_options);
  }
  if (!machine.ok()) return machine.status();
  Env* env = (*machine)->env();
  auto set = env->Stat(BackupSetPath(request.folder));
  if (!set.ok()) {
    if (set.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "there is no backup set in " + request.folder +
                                         " (no relic-backup.rbs); name the folder you backed up "
                                         "into");
    }
    return set.status();
  }
  RELIC_ASSIGN_OR_RETURN(auto lock,
                         HomeLock::Acquire(env, request.home, "backing up or restoring"));
  auto job =
      std::make_shared<RestoreJob>(request, std::move(machine).value(), std::move(lock), on_event);
  auto runner = std::make_unique<OperationRunner>();
  runner->Start(
      [job](const CancelToken& cancel) {
        Status result = job->Run(cancel);
        job->Release();
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
