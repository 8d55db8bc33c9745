// SPDX-License-Identifier: Apache-2.0
// The backup engine: streams a machine's store into a backup set
// (docs/backup-and-restore.md, docs/formats/backup-set.md).
#include <cstring>
#include <map>

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup/backup_set_writer.h"
#include "backup/key_observer.h"
#include "backup/operation_runner.h"
#include "base/byte_io.h"
#include "base/mutex.h"
#include "base/ordered_batch_pipeline.h"
#include "base/thread_annotations.h"
#include "base/worker_pool.h"
#include "crypto/passphrase_key.h"
#include "format/atomic_output.h"
#include "format/license_format.h"
#include "machine/home_lock.h"
#include "machine/machine_internal.h"
#include "relic/backup.h"
#include "store/sqlite_store.h"

namespace relic {

using backup::Key;

namespace {

constexpr std::string_view kTempMarker = ".relic-tmp-";

// One License Management Service's share of the set.
struct Group {
  LmsInfo lms;
  Key master;
  Key index_key;
  std::vector<backup::IndexEntry> pending;  // at most kMaxIndexEntries
  size_t pending_bytes = 4;                 // the chunk's plaintext so far
  uint32_t index_chunks = 0;
  uint32_t licenses = 0;
};

class BackupJob {
 public:
  BackupJob(BackupRequest request, std::unique_ptr<Machine> machine, std::unique_ptr<HomeLock> lock,
            std::unique_ptr<AtomicOutput> output, std::function<void(const BackupEvent&)> on_event)
      : request_(std::move(request)),
        machine_(std::move(machine)),
        lock_(std::move(lock)),
        output_(std::move(output)),
        on_event_(std::move(on_event)) {
    // Workers read a group's keys while this thread adds groups: the
    // vector must never move its elements.
    groups_.reserve(backup::kMaxGroups);
  }
  // The job's copy of the passphrase is wiped with it.
  ~BackupJob() {
    DrainInFlight();
    if (request_.passphrase) crypto::WipeBuffer(*request_.passphrase);
  }

  Status Run(const CancelToken& cancel);
  uint64_t backed_up() const { return backed_up_; }
  // Closes the store, removes an uncommitted temporary file and releases
  // the home lock, so that END's receiver may start the next operation.
  void Release() {
    DrainInFlight();
    pipeline_.reset();
    pool_.reset();
    writer_.reset();
    output_.reset();
    machine_.reset();
    lock_.reset();
  }

 private:
  void Emit(const BackupEvent& event) {
    try {
      on_event_(event);
    } catch (...) {
      // A callback's exception must not unwind the engine's worker.
    }
  }
  // A stored license, waiting for a worker to parse it, decide whether it
  // goes into the set and seal it. Its bytes live in its batch's buffers, so
  // that a batch costs a few allocations, not a few per license: threads
  // freeing each other's small allocations contend on the allocator.
  enum class Outcome { kSealed, kRestricted, kExpired };
  struct Span {
    uint32_t offset = 0;
    uint32_t length = 0;
  };
  struct Pending {
    Outcome outcome = Outcome::kSealed;
    LicenseId id;
    Kid kid;
    uint16_t group = 0;
    Span license_file;  // in Batch::stored
    Span wrapped_key;
    Span grant;
    std::array<uint8_t, 32> body_hash{};
    Span body;  // in Batch::stored, inside license_file
    crypto::Signature body_signature{};
    uint32_t plays_used = 0;
    std::optional<int64_t> first_use;
    backup::Handle handle{};
    uint32_t slice = 0;
    Span sealed;  // in Batch::sealed[slice]
    Status status;
  };
  static constexpr size_t kBatchSize = 512;
  // Batches sealed ahead of the one being written: enough to keep every
  // core busy while this thread reads the store, few enough that memory
  // stays a few MiB whatever the number of licenses.
  static constexpr size_t kBatchesInFlight = 4;
  struct Batch {
    Bytes stored;  // the rows as read
    std::vector<Pending> items;
    std::vector<Bytes> sealed;  // one per slice, written by its worker
    ByteView View(Span span) const { return ByteView(stored).subspan(span.offset, span.length); }
  };
  // What a worker remembers of the last service it met, so that a slice
  // of licenses naming one service takes the groups' lock once.
  struct GroupCache {
    std::optional<PartyPublicKey> lms;
    uint16_t group = 0;
    Key master;
  };

  void AddLicense(const SqliteStore::BackupItem& item);
  void Prepare(const Batch& batch, Pending& p, GroupCache& cache, Bytes& out);
  void Seal(const Batch& batch, Pending& p, const Key& master, Bytes& out) const;
  void SealSlice(Batch& batch, size_t slice, size_t begin, size_t end);
  void SubmitBatch();
  Status WriteBatch(Batch& batch);
  Status WriteOldestBatch();
  void EmitProgress();
  void DrainInFlight();
  Status FlushData();
  Status FlushIndex(uint16_t group_index);
  Status WriteKeysAndHeader(const crypto::PassphraseSalt& salt, const Key& passphrase_key);
  // The group of a service and its master, under one lock: a worker meets
  // a new service while others read the groups.
  struct GroupKey {
    uint16_t index = 0;
    Key master{};
  };
  Result<GroupKey> GroupFor(const LmsInfo& lms) EXCLUDES(groups_mu_);
  // This thread's way to an existing group, without the lock: workers only
  // append groups and read a group's master, the fields this thread changes
  // (pending, licenses, index_chunks) are its alone, and the reserved
  // vector never moves an element.
  Group& OwnGroup(uint16_t index) NO_THREAD_SAFETY_ANALYSIS { return groups_[index]; }
  uint16_t GroupCount() const EXCLUDES(groups_mu_) {
    MutexLock lock(groups_mu_);
    return static_cast<uint16_t>(groups_.size());
  }

  BackupRequest request_;
  std::unique_ptr<Machine> machine_;
  std::unique_ptr<HomeLock> lock_;
  std::unique_ptr<AtomicOutput> output_;
  std::function<void(const BackupEvent&)> on_event_;

  std::unique_ptr<backup::SectionWriter> writer_;
  backup::SetId set_id_{};
  std::unique_ptr<Key> owner_key_;
  mutable Mutex groups_mu_;  // workers add groups as they meet new services
  std::vector<Group> groups_ GUARDED_BY(groups_mu_);
  std::map<PartyPublicKey, uint16_t> group_of_ GUARDED_BY(groups_mu_);
  std::unique_ptr<WorkerPool> pool_;
  // Batches being sealed, in store order; before pool_ in destruction.
  std::unique_ptr<OrderedBatchPipeline<Batch>> pipeline_;
  Batch batch_;  // being filled from the store
  Bytes data_;   // the data chunk being filled
  uint32_t data_records_ = 0;
  uint32_t data_chunks_ = 0;
  uint64_t backed_up_ = 0;
  uint64_t examined_ = 0;
  uint64_t total_ = 0;
  uint64_t progress_step_ = 1;
  int64_t now_ = 0;
};

Result<BackupJob::GroupKey> BackupJob::GroupFor(const LmsInfo& lms) {
  MutexLock lock(groups_mu_);
  auto found = group_of_.find(lms.key);
  if (found != group_of_.end()) return GroupKey{found->second, groups_[found->second].master};
  if (groups_.size() >= backup::kMaxGroups) {
    return Status(Code::kInvalidArgument,
                  "the licenses name more than 256 License Management Services; a backup set "
                  "holds at most 256");
  }
  Group g;
  g.lms = lms;
  crypto::RandomBytes(g.master.data(), g.master.size());
  g.index_key = backup::IndexKey(g.master, set_id_);
  backup::ObserveKey("master", ByteView(g.master.data(), g.master.size()));
  backup::ObserveKey("index key", ByteView(g.index_key.data(), g.index_key.size()));
  const uint16_t index = static_cast<uint16_t>(groups_.size());
  const GroupKey key{index, g.master};
  groups_.push_back(std::move(g));
  group_of_.emplace(lms.key, index);
  return key;
}

Status BackupJob::FlushData() {
  if (data_records_ == 0) return Status::Ok();
  ByteWriter w;
  w.U32(data_records_);
  w.Raw(data_);
  RELIC_RETURN_IF_ERROR(
      writer_->Write(backup::SectionKind::kData, backup::kNoGroup, data_chunks_++, w.bytes()));
  data_.clear();
  data_records_ = 0;
  return Status::Ok();
}

Status BackupJob::FlushIndex(uint16_t group_index) {
  Group& g = OwnGroup(group_index);
  if (g.pending.empty()) return Status::Ok();
  Bytes plain = backup::EncodeIndexEntries(g.pending, backup::WrittenBackupVersion());
  Bytes sealed = crypto::AeadEncrypt(
      g.index_key, plain, backup::IndexAssociatedData(set_id_, group_index, g.index_chunks));
  RELIC_RETURN_IF_ERROR(
      writer_->Write(backup::SectionKind::kIndex, group_index, g.index_chunks++, sealed));
  g.pending.clear();
  g.pending_bytes = 4;
  return Status::Ok();
}

void BackupJob::AddLicense(const SqliteStore::BackupItem& item) {
  auto keep = [this](ByteView bytes) {
    Span span{static_cast<uint32_t>(batch_.stored.size()), static_cast<uint32_t>(bytes.size())};
    batch_.stored.insert(batch_.stored.end(), bytes.begin(), bytes.end());
    return span;
  };
  Pending& p = batch_.items.emplace_back();
  p.license_file = keep(item.license_file);
  p.wrapped_key = keep(item.wrapped_key);
  p.grant = keep(item.grant);
  p.plays_used = item.plays_used;
  p.first_use = item.first_use;
}

// Decides, on a worker, whether a stored license goes into the set.
void BackupJob::Prepare(const Batch& batch, Pending& p, GroupCache& cache, Bytes& out) {
  auto parsed = ParseLicenseFile(batch.View(p.license_file));
  if (!parsed.ok()) {
    p.status = Status(Code::kCorrupt,
                      "the license store is damaged: a stored license no longer "
                      "parses; delete that license and add it again, or restore "
                      "from a backup");
    return;
  }
  const LicenseBody& body = parsed->body;
  p.id = body.license_id;
  p.kid = body.kid;
  if (!body.rights.allow_backup) {
    p.outcome = Outcome::kRestricted;
    return;
  }
  if (body.rights.expires && now_ >= *body.rights.expires) {
    p.outcome = Outcome::kExpired;
    return;
  }
  if (!body.lms) {
    // The license format refuses this on add; a store edited by hand could
    // still hold one.
    p.status = Status(Code::kCorrupt, "stored license " + body.license_id.ToString() +
                                          " allows backup but names no License Management "
                                          "Service; delete it and add it again");
    return;
  }
  if (cache.lms != body.lms->key) {
    auto group = GroupFor(*body.lms);
    if (!group.ok()) {
      p.status = group.status();
      return;
    }
    cache.lms = body.lms->key;
    cache.group = group->index;
    cache.master = group->master;
  }
  p.group = cache.group;
  p.body_hash = crypto::Hash256(parsed->body_bytes);
  // The body starts after the file's magic, version and length (docs/formats/license.md).
  p.body = Span{p.license_file.offset + 14, static_cast<uint32_t>(parsed->body_bytes.size())};
  p.body_signature = parsed->signature;
  Seal(batch, p, cache.master, out);
}

// The per-license cryptography of one license; touches nothing shared.
void BackupJob::Seal(const Batch& batch, Pending& p, const Key& master, Bytes& out) const {
  SqliteStore& store = InternalStore(*machine_);
  auto content_key = store.UnwrapContentKey(p.id, p.kid, batch.View(p.wrapped_key));
  if (!content_key.ok()) {
    p.status = content_key.status();
    return;
  }
  Key lms_part = backup::LmsPart(master, set_id_, p.id);
  Key owner_part = backup::OwnerPart(owner_key_.get(), set_id_, p.id);
  backup::RecordKeys keys = backup::DeriveRecordKeys(lms_part, owner_part);
  backup::ObserveKey("content key", ByteView(content_key->data(), content_key->size()));
  backup::ObserveKey("lms part", ByteView(lms_part.data(), lms_part.size()));
  backup::ObserveKey("record key", ByteView(keys.key.data(), keys.key.size()));
  Bytes plain = backup::EncodeRecord(batch.View(p.license_file), batch.View(p.grant), p.plays_used,
                                     p.first_use, *content_key);
  const size_t at = out.size();
  backup::SealRecordTo(keys.key, plain, backup::RecordAssociatedData(set_id_, p.id), out);
  p.sealed = Span{static_cast<uint32_t>(at), static_cast<uint32_t>(out.size() - at)};
  crypto::Wipe(plain.data(), plain.size());
  crypto::Wipe(content_key->data(), content_key->size());
  p.handle = keys.handle;
}

// Hands the batch being filled to the workers; its records are written
// later, in store order, so the set does not depend on how the work was split.
void BackupJob::SubmitBatch() {
  if (batch_.items.empty()) return;
  if (!pool_) {
    pool_ = std::make_unique<WorkerPool>();
    pipeline_ = std::make_unique<OrderedBatchPipeline<Batch>>(
        *pool_, kBatchesInFlight, [this](Batch& batch, size_t slice, size_t begin, size_t end) {
          SealSlice(batch, slice, begin, end);
        });
  }
  Batch batch = std::move(batch_);
  batch_ = Batch();
  batch_.items.reserve(kBatchSize);
  batch_.stored.reserve(batch.stored.size());
  const size_t count = batch.items.size();
  batch.sealed.resize(pipeline_->SlicesFor(count));
  pipeline_->Submit(std::move(batch), count);
}

// On a worker: one slice of a batch, into the slice's own output buffer.
void BackupJob::SealSlice(Batch& batch, size_t slice, size_t begin, size_t end) {
  GroupCache cache;
  Bytes& out = batch.sealed[slice];
  out.reserve((end - begin) * (batch.stored.size() / batch.items.size() + 64));
  for (size_t i = begin; i < end; ++i) {
    batch.items[i].slice = static_cast<uint32_t>(slice);
    Prepare(batch, batch.items[i], cache, out);
  }
  crypto::Wipe(cache.master.data(), cache.master.size());
}

Status BackupJob::WriteOldestBatch() {
  Batch batch = pipeline_->TakeOldest();
  return WriteBatch(batch);
}

// Waits for every batch still being sealed: they point into this job.
void BackupJob::DrainInFlight() {
  if (pipeline_) pipeline_->Drain();
}

Status BackupJob::WriteBatch(Batch& batch) {
  for (Pending& p : batch.items) {
    RELIC_RETURN_IF_ERROR(p.status);
    ++examined_;
    if (p.outcome != Outcome::kSealed) {
      Emit(BackupEvent{.type = p.outcome == Outcome::kRestricted
                                   ? BackupEventType::kRestrictedLicense
                                   : BackupEventType::kExpiredLicense,
                       .kid = p.kid});
      EmitProgress();
      continue;
    }
    const ByteView sealed =
        ByteView(batch.sealed[p.slice]).subspan(p.sealed.offset, p.sealed.length);
    const size_t record_size = p.handle.size() + 4 + sealed.size();
    if (data_records_ > 0 && 4 + data_.size() + record_size > request_.chunk_size) {
      RELIC_RETURN_IF_ERROR(FlushData());
    }
    data_.insert(data_.end(), p.handle.begin(), p.handle.end());
    const uint32_t length = static_cast<uint32_t>(sealed.size());
    for (int shift = 0; shift < 32; shift += 8)
      data_.push_back(static_cast<uint8_t>(length >> shift));
    data_.insert(data_.end(), sealed.begin(), sealed.end());
    ++data_records_;
    Group& g = OwnGroup(p.group);
    backup::IndexEntry entry{
        .license_id = p.id, .kid = p.kid, .body_hash = p.body_hash, .plays_used = p.plays_used};
    if (backup::WrittenBackupVersion() >= 2) {
      const ByteView body = batch.View(p.body);
      entry.body.assign(body.begin(), body.end());
      entry.body_signature = p.body_signature;
      const size_t entry_size = backup::IndexEntrySize(entry);
      if (!g.pending.empty() && g.pending_bytes + entry_size > backup::kMaxIndexChunkBytes) {
        RELIC_RETURN_IF_ERROR(FlushIndex(p.group));
      }
      g.pending_bytes += entry_size;
    }
    g.pending.push_back(std::move(entry));
    ++g.licenses;
    if (g.pending.size() >= backup::kMaxIndexEntries) RELIC_RETURN_IF_ERROR(FlushIndex(p.group));
    ++backed_up_;
    EmitProgress();
  }
  return Status::Ok();
}

// PROGRESS at least every 1% of the licenses, counted as they are written.
void BackupJob::EmitProgress() {
  if (examined_ % progress_step_ == 0 || examined_ == total_) {
    Emit(BackupEvent{.type = BackupEventType::kProgress, .done = examined_, .total = total_});
  }
}

Status BackupJob::Run(const CancelToken& cancel) {
  Emit(BackupEvent{.type = BackupEventType::kBegin});
  SqliteStore& store = InternalStore(*machine_);
  RELIC_ASSIGN_OR_RETURN(total_, store.LicenseCount());
  progress_step_ = std::max<uint64_t>(1, total_ / 100);
  RELIC_ASSIGN_OR_RETURN(now_, store.Now());
  crypto::RandomFill(set_id_);

  crypto::PassphraseSalt salt{};
  Key passphrase_key;
  if (request_.passphrase) {
    owner_key_ = std::make_unique<Key>();
    crypto::RandomBytes(owner_key_->data(), owner_key_->size());
    backup::ObserveKey("owner key", ByteView(owner_key_->data(), owner_key_->size()));
    crypto::RandomFill(salt);
    RELIC_ASSIGN_OR_RETURN(passphrase_key, crypto::DerivePassphraseKey(*request_.passphrase, salt));
  }

  // The writer writes through the output's file: AtomicOutput owns it and
  // deletes it unless committed.
  // Four chunks per write: large writes for throughput, and a test with
  // small chunks still sees many writes to fail.
  writer_ =
      std::make_unique<backup::SectionWriter>(output_->file(), size_t{request_.chunk_size} * 4,
                                              /*write_behind=*/true);
  RELIC_RETURN_IF_ERROR(writer_->WritePrefix());

  Status walked = store.ForEachForBackup([&](const SqliteStore::BackupItem& item) -> Status {
    if (cancel.canceled()) return CanceledStatus("the backup");
    AddLicense(item);
    if (batch_.items.size() >= kBatchSize) {
      SubmitBatch();
      if (pipeline_->full()) return WriteOldestBatch();
    }
    return Status::Ok();
  });
  RELIC_RETURN_IF_ERROR(walked);
  if (cancel.canceled()) return CanceledStatus("the backup");
  SubmitBatch();
  while (pipeline_ && !pipeline_->empty()) RELIC_RETURN_IF_ERROR(WriteOldestBatch());
  RELIC_RETURN_IF_ERROR(FlushData());
  const uint16_t group_count = GroupCount();  // final: no worker is running
  for (uint16_t g = 0; g < group_count; ++g) RELIC_RETURN_IF_ERROR(FlushIndex(g));

  RELIC_RETURN_IF_ERROR(WriteKeysAndHeader(salt, passphrase_key));

  // The commit point: after this check a cancel is too late.
  if (cancel.canceled()) return CanceledStatus("the backup");
  return output_->Commit();
}

// After the records and indexes: the header core, the sealed masters, the
// owner key (with a passphrase), the signed header and the trailer.
Status BackupJob::WriteKeysAndHeader(const crypto::PassphraseSalt& salt,
                                     const Key& passphrase_key) {
  const uint16_t group_count = GroupCount();  // final: no worker is running
  backup::HeaderCore core;
  core.set_id = set_id_;
  core.source = machine_->public_key();
  core.version = backup::WrittenBackupVersion();
  core.created_at = machine_->env()->NowUnixSeconds();
  RELIC_ASSIGN_OR_RETURN(core.source_clock, InternalStore(*machine_).RollbackClock());
  core.license_count = static_cast<uint32_t>(backed_up_);
  core.chunk_size = request_.chunk_size;
  core.data_chunk_count = data_chunks_;
  core.sections_hash = writer_->SectionsHash();
  core.owner_protected = owner_key_ != nullptr;
  for (uint16_t i = 0; i < group_count; ++i) {
    const Group& g = OwnGroup(i);
    core.groups.push_back(backup::GroupInfo{
        .lms = g.lms, .license_count = g.licenses, .index_chunk_count = g.index_chunks});
  }
  const Bytes core_bytes = backup::EncodeHeaderCore(core);
  const auto core_hash = backup::CoreHash(core_bytes);

  std::optional<Key> proof_key;
  if (owner_key_) proof_key = backup::OwnerProofKey(*owner_key_, set_id_);
  for (uint16_t i = 0; i < group_count; ++i) {
    Bytes plain = backup::EncodeMaster(backup::MasterPlain{
        .master = OwnGroup(i).master, .core_hash = core_hash, .proof_key = proof_key});
    Bytes sealed = crypto::Seal(OwnGroup(i).lms.key.encryption, plain);
    crypto::Wipe(plain.data(), plain.size());
    RELIC_RETURN_IF_ERROR(writer_->Write(backup::SectionKind::kSealedMaster, i, 0, sealed));
  }
  if (owner_key_) {
    ByteWriter w;
    w.Raw(salt);
    w.U64(crypto::kDefaultPassphraseCost.passes);
    w.U64(crypto::kDefaultPassphraseCost.bytes);
    Bytes ad = crypto::Labeled("relic backup owner v1", {core_hash});
    w.Raw(
        crypto::AeadEncrypt(passphrase_key, ByteView(owner_key_->data(), owner_key_->size()), ad));
    RELIC_RETURN_IF_ERROR(
        writer_->Write(backup::SectionKind::kOwnerKey, backup::kNoGroup, 0, w.bytes()));
  }
  Bytes header = core_bytes;
  const auto sealed_hash = writer_->SealedHash();
  header.insert(header.end(), sealed_hash.begin(), sealed_hash.end());
  const crypto::Signature signature =
      crypto::Sign(InternalIdentity(*machine_).signing.secret_key, header);
  header.insert(header.end(), signature.begin(), signature.end());
  RELIC_RETURN_IF_ERROR(writer_->Write(backup::SectionKind::kHeader, backup::kNoGroup, 0, header));
  RELIC_RETURN_IF_ERROR(writer_->WriteTrailer());
  return Status::Ok();
}

// Removes temporary files an interrupted backup left in the folder.
void RemoveStaleTemporaries(Env* env, const std::string& folder) {
  auto names = env->ListDir(folder);
  if (!names.ok()) return;
  std::string prefix(backup::kBackupFileName);
  prefix += kTempMarker;
  for (const auto& name : *names) {
    if (name.starts_with(prefix)) env->DeleteFile(folder + "/" + name).IgnoreError();
  }
}

}  // namespace

std::string BackupSetPath(const std::string& folder) {
  return folder + "/" + backup::kBackupFileName;
}

// The callback is taken by value in the exported ABI.
// NOLINTBEGIN(performance-unnecessary-value-param)
Result<std::unique_ptr<Operation>> StartBackup(const BackupRequest& request,
                                               std::function<void(const BackupEvent&)> on_event) {
  // NOLINTEND(performance-unnecessary-value-param)
  if (!on_event) return Status(Code::kInvalidArgument, "a backup needs an event callback");
  if (request.chunk_size < 1024 || request.chunk_size > backup::kMaxSectionSize) {
    return Status(Code::kInvalidArgument, "the backup chunk size must be between 1 KiB and 16 MiB");
  }
  if (request.passphrase && request.passphrase->empty()) {
    return Status(Code::kInvalidArgument,
                  "the backup passphrase is empty; give a passphrase or "
                  "none");
  }
  RELIC_ASSIGN_OR_RETURN(auto machine, Machine::Open(request.home, request.home_options));
  Env* env = machine->env();
  auto info = env->Stat(request.folder);
  if (!info.ok()) {
    if (info.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, "the backup folder " + request.folder +
                                         " does not exist; create it or choose another");
    }
    return info.status();
  }
  if (info->type != FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  "the backup target " + request.folder + " is not a folder; name a folder");
  }
  RELIC_ASSIGN_OR_RETURN(auto lock,
                         HomeLock::Acquire(env, request.home, "backing up or restoring"));
  const std::string set_path = BackupSetPath(request.folder);
  auto existing = env->Stat(set_path);
  if (existing.ok() && !request.overwrite) {
    return Status(Code::kBackupExists,
                  "the folder " + request.folder +
                      " already holds a backup set; nothing was written. "
                      "Choose another folder or overwrite it (relic backup --overwrite)");
  }
  RemoveStaleTemporaries(env, request.folder);
  auto output = AtomicOutput::Create(env, set_path, 0600);
  if (!output.ok()) {
    return output.status().WithContext("cannot write a backup into " + request.folder);
  }

  auto job = std::make_shared<BackupJob>(request, std::move(machine), std::move(lock),
                                         std::move(output).value(), on_event);
  auto runner = std::make_unique<OperationRunner>();
  runner->Start(
      [job](const CancelToken& cancel) {
        Status result = job->Run(cancel);
        job->Release();
        return result;
      },
      [job, on_event, set_path](const Status& status) {
        BackupEvent end{.type = BackupEventType::kEnd, .status = status};
        if (status.ok()) {
          end.backed_up = job->backed_up();
          end.set_path = set_path;
        }
        try {
          on_event(end);
        } catch (...) {
        }
      });
  return std::unique_ptr<Operation>(std::move(runner));
}

Result<BackupSetInfo> VerifyBackupSet(const std::string& folder, Env* env) {
  if (env == nullptr) env = Env::Default();
  RELIC_ASSIGN_OR_RETURN(auto reader, backup::BackupSetReader::Open(env, BackupSetPath(folder)));
  const backup::HeaderCore& core = reader->core();
  BackupSetInfo info;
  info.source = core.source;
  info.source_machine_id = core.source.MachineId();
  info.created_at = core.created_at;
  info.license_count = core.license_count;
  info.passphrase_protected = core.owner_protected;
  for (const auto& g : core.groups) info.lms_urls.push_back(g.lms.url);
  info.size_bytes = reader->file_size();
  return info;
}

}  // namespace relic
