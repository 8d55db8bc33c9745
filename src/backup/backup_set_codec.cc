// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_set_codec.h"

#include <cstring>

#include "base/byte_io.h"
#include "format/license_format.h"

namespace relic::backup {
namespace {

constexpr std::string_view kPrefixMagic = "RELICBAK";
constexpr std::string_view kTrailerMagic = "RELICEND";
constexpr std::string_view kCoreMagic = "RBH1";
constexpr std::string_view kRecordMagic = "RBR1";
constexpr std::string_view kMasterMagic = "RBM1";
constexpr size_t kPrefixSize = 8 + 2;
constexpr size_t kSectionHeadSize = 1 + 2 + 4 + 4;
constexpr size_t kTrailerSize = 8 + 8;
constexpr size_t kMaxHeaderSize = 1024 * 1024;
constexpr size_t kWriteBuffer = 1024 * 1024;

std::unique_ptr<crypto_generichash_state> NewHash(std::string_view domain) {
  crypto::EnsureInitialized();
  auto state = std::make_unique<crypto_generichash_state>();
  crypto_generichash_init(state.get(), nullptr, 0, 32);
  crypto_generichash_update(state.get(), reinterpret_cast<const uint8_t*>(domain.data()),
                            domain.size());
  return state;
}

std::array<uint8_t, 32> FinalHash(crypto_generichash_state* state) {
  std::array<uint8_t, 32> out{};
  crypto_generichash_final(state, out.data(), out.size());
  return out;
}

Bytes SectionHead(SectionKind kind, uint16_t group, uint32_t seq, uint32_t length) {
  ByteWriter w;
  w.U8(static_cast<uint8_t>(kind));
  w.U16(group);
  w.U32(seq);
  w.U32(length);
  return w.Take();
}

// Reads a file sequentially through a buffer (one syscall per MiB, not per
// field).
class BufferedReader {
 public:
  BufferedReader(File* file, uint64_t start) : file_(file), pos_(start) {}
  Status Read(uint8_t* out, size_t n) {
    while (n > 0) {
      if (avail_ == 0) {
        buffer_.resize(kWriteBuffer);
        auto got = file_->ReadAt(pos_ + consumed_, buffer_);
        if (!got.ok()) return got.status();
        if (*got == 0) return Status(Code::kBackupCorrupt, "unexpected end of file");
        pos_ += consumed_;
        consumed_ = 0;
        avail_ = *got;
      }
      size_t take = std::min(n, avail_);
      std::memcpy(out, buffer_.data() + consumed_, take);
      consumed_ += take;
      avail_ -= take;
      out += take;
      n -= take;
    }
    return Status::Ok();
  }
  // Moves past `n` bytes without reading them (if not yet buffered). It
  // cannot fail: a skip past the end leaves position() there, which the
  // caller compares with where the sections end.
  void Skip(size_t n) {
    if (n <= avail_) {
      consumed_ += n;
      avail_ -= n;
      return;
    }
    pos_ += consumed_ + avail_ + (n - avail_);
    consumed_ = 0;
    avail_ = 0;
  }
  uint64_t position() const { return pos_ + consumed_; }

 private:
  File* file_;
  Bytes buffer_;
  uint64_t pos_;
  size_t consumed_ = 0;
  size_t avail_ = 0;
};

}  // namespace

Status BackupCorrupt(const std::string& path, const std::string& why) {
  return Status(Code::kBackupCorrupt,
                "backup set " + path + " is damaged or was altered (" + why +
                    "); nothing was restored or used up. Use another copy of the backup");
}

Bytes EncodeHeaderCore(const HeaderCore& core) {
  ByteWriter w;
  w.Raw(kCoreMagic);
  w.U16(kBackupVersion);
  w.Raw(core.set_id);
  w.Raw(core.source.encryption);
  w.Raw(core.source.signing);
  w.I64(core.created_at);
  w.I64(core.source_clock);
  w.U32(core.license_count);
  w.U32(core.chunk_size);
  w.U32(core.data_chunk_count);
  w.Raw(core.sections_hash);
  w.U8(core.owner_protected ? 1 : 0);
  w.U16(static_cast<uint16_t>(core.groups.size()));
  for (const auto& g : core.groups) {
    w.Raw(g.lms.key.encryption);
    w.Raw(g.lms.key.signing);
    w.Str16(g.lms.url);
    w.U32(g.license_count);
    w.U32(g.index_chunk_count);
  }
  return w.Take();
}

Result<HeaderCore> DecodeHeaderCore(ByteView bytes) {
  ByteReader r(bytes, "backup header");
  HeaderCore core;
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kCoreMagic.size()));
  if (std::memcmp(magic.data(), kCoreMagic.data(), kCoreMagic.size()) != 0) {
    return Status(Code::kMalformed, "the header marker is wrong");
  }
  RELIC_ASSIGN_OR_RETURN(uint16_t version, r.U16());
  if (version != kBackupVersion) {
    return Status(Code::kUnsupportedVersion, "backup header version " + std::to_string(version) +
                                                 " is not supported; upgrade relic");
  }
  RELIC_RETURN_IF_ERROR(r.Into(core.set_id));
  RELIC_RETURN_IF_ERROR(r.Into(core.source.encryption));
  RELIC_RETURN_IF_ERROR(r.Into(core.source.signing));
  RELIC_ASSIGN_OR_RETURN(core.created_at, r.I64());
  RELIC_ASSIGN_OR_RETURN(core.source_clock, r.I64());
  RELIC_ASSIGN_OR_RETURN(core.license_count, r.U32());
  RELIC_ASSIGN_OR_RETURN(core.chunk_size, r.U32());
  RELIC_ASSIGN_OR_RETURN(core.data_chunk_count, r.U32());
  RELIC_RETURN_IF_ERROR(r.Into(core.sections_hash));
  RELIC_ASSIGN_OR_RETURN(uint8_t owner, r.U8());
  if (owner > 1) return Status(Code::kMalformed, "the owner-protection flag is invalid");
  core.owner_protected = owner == 1;
  RELIC_ASSIGN_OR_RETURN(uint16_t groups, r.U16());
  if (groups > kMaxGroups) return Status(Code::kMalformed, "too many LMS groups");
  uint64_t total = 0;
  for (uint16_t i = 0; i < groups; ++i) {
    GroupInfo g;
    RELIC_RETURN_IF_ERROR(r.Into(g.lms.key.encryption));
    RELIC_RETURN_IF_ERROR(r.Into(g.lms.key.signing));
    RELIC_ASSIGN_OR_RETURN(g.lms.url, r.Str16());
    if (!ValidateLmsUrl(g.lms.url).ok()) return Status(Code::kMalformed, "an LMS URL is invalid");
    RELIC_ASSIGN_OR_RETURN(g.license_count, r.U32());
    RELIC_ASSIGN_OR_RETURN(g.index_chunk_count, r.U32());
    uint64_t needed = (uint64_t{g.license_count} + kMaxIndexEntries - 1) / kMaxIndexEntries;
    if (g.index_chunk_count != needed) {
      return Status(Code::kMalformed, "a group's index chunk count does not fit its licenses");
    }
    total += g.license_count;
    core.groups.push_back(std::move(g));
  }
  if (total != core.license_count) {
    return Status(Code::kMalformed, "the groups' license counts do not add up");
  }
  if (core.chunk_size == 0 || core.chunk_size > kMaxSectionSize) {
    return Status(Code::kMalformed, "the chunk size is out of range");
  }
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return core;
}

std::array<uint8_t, 32> CoreHash(ByteView core_bytes) {
  auto state = NewHash("relic backup core v1");
  crypto_generichash_update(state.get(), core_bytes.data(), core_bytes.size());
  return FinalHash(state.get());
}

Bytes EncodeRecord(const RecordPlain& record) {
  return EncodeRecord(record.license_file, record.grant, record.plays_used, record.first_use,
                      record.content_key);
}

Bytes EncodeRecord(ByteView license_file, ByteView grant, uint32_t plays_used,
                   std::optional<int64_t> first_use, const Key& content_key) {
  ByteWriter w;
  w.Raw(kRecordMagic);
  w.Blob32(license_file);
  w.Blob32(grant);
  w.U32(plays_used);
  w.U8(first_use ? 1 : 0);
  w.I64(first_use.value_or(0));
  w.Raw(ByteView(content_key.data(), content_key.size()));
  return w.Take();
}

Result<RecordPlain> DecodeRecord(ByteView bytes) {
  ByteReader r(bytes, "backup record");
  RecordPlain record;
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kRecordMagic.size()));
  if (std::memcmp(magic.data(), kRecordMagic.data(), kRecordMagic.size()) != 0) {
    return Status(Code::kMalformed, "a record marker is wrong");
  }
  RELIC_ASSIGN_OR_RETURN(ByteView file, r.Blob32());
  record.license_file.assign(file.begin(), file.end());
  RELIC_ASSIGN_OR_RETURN(ByteView grant, r.Blob32());
  record.grant.assign(grant.begin(), grant.end());
  RELIC_ASSIGN_OR_RETURN(record.plays_used, r.U32());
  RELIC_ASSIGN_OR_RETURN(uint8_t has_first, r.U8());
  RELIC_ASSIGN_OR_RETURN(int64_t first, r.I64());
  if (has_first > 1 || (!has_first && first != 0)) {
    return Status(Code::kMalformed, "a record's first-use field is invalid");
  }
  if (has_first) record.first_use = first;
  RELIC_ASSIGN_OR_RETURN(ByteView key, r.Raw(32));
  std::memcpy(record.content_key.data(), key.data(), 32);
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return record;
}

Bytes RecordAssociatedData(const SetId& set_id, const LicenseId& id) {
  ByteWriter w;
  w.Raw(std::string_view("relic backup record v1"));
  w.Raw(set_id);
  w.Raw(id.bytes);
  return w.Take();
}

Result<bool> ForEachDataRecord(
    ByteView payload,
    const std::function<Result<bool>(uint32_t index, const Handle& handle, ByteView sealed)>&
        visit) {
  ByteReader r(payload, "data chunk");
  RELIC_ASSIGN_OR_RETURN(uint32_t count, r.U32());
  for (uint32_t i = 0; i < count; ++i) {
    Handle handle{};
    RELIC_RETURN_IF_ERROR(r.Into(handle));
    RELIC_ASSIGN_OR_RETURN(ByteView sealed, r.Blob32());
    RELIC_ASSIGN_OR_RETURN(bool more, visit(i, handle, sealed));
    if (!more) return false;
  }
  return true;
}

Bytes IndexAssociatedData(const SetId& set_id, uint16_t group, uint32_t seq) {
  ByteWriter w;
  w.Raw(std::string_view("relic backup index v1"));
  w.Raw(set_id);
  w.U16(group);
  w.U32(seq);
  return w.Take();
}

Bytes SealRecord(const Key& record_key, ByteView plain, ByteView associated_data) {
  Bytes out;
  SealRecordTo(record_key, plain, associated_data, out);
  return out;
}

void SealRecordTo(const Key& record_key, ByteView plain, ByteView associated_data, Bytes& out) {
  // A record key seals exactly one record, so a fixed nonce is safe.
  static const uint8_t kNonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES] = {};
  const size_t at = out.size();
  out.resize(at + plain.size() + crypto_aead_chacha20poly1305_IETF_ABYTES);
  unsigned long long written = 0;
  crypto_aead_chacha20poly1305_ietf_encrypt(out.data() + at, &written, plain.data(), plain.size(),
                                            associated_data.data(), associated_data.size(), nullptr,
                                            kNonce, record_key.data());
}

Result<Bytes> OpenRecord(const Key& record_key, ByteView sealed, ByteView associated_data) {
  static const uint8_t kNonce[crypto_aead_chacha20poly1305_IETF_NPUBBYTES] = {};
  if (sealed.size() < crypto_aead_chacha20poly1305_IETF_ABYTES) {
    return Status(Code::kBadSignature, "a record is too short");
  }
  Bytes out(sealed.size() - crypto_aead_chacha20poly1305_IETF_ABYTES);
  unsigned long long written = 0;
  if (crypto_aead_chacha20poly1305_ietf_decrypt(
          out.data(), &written, nullptr, sealed.data(), sealed.size(), associated_data.data(),
          associated_data.size(), kNonce, record_key.data()) != 0) {
    return Status(Code::kBadSignature, "a record does not open with this key");
  }
  return out;
}

Bytes EncodeIndexEntries(const std::vector<IndexEntry>& entries) {
  ByteWriter w;
  w.U32(static_cast<uint32_t>(entries.size()));
  for (const auto& e : entries) {
    w.Raw(e.license_id.bytes);
    w.Raw(e.kid.bytes);
    w.Raw(e.body_hash);
    w.U32(e.plays_used);
  }
  return w.Take();
}

Result<std::vector<IndexEntry>> DecodeIndexEntries(ByteView bytes) {
  ByteReader r(bytes, "backup index");
  RELIC_ASSIGN_OR_RETURN(uint32_t n, r.U32());
  if (n == 0 || n > kMaxIndexEntries || r.remaining() != n * kIndexEntrySize) {
    return Status(Code::kMalformed, "an index chunk has a wrong entry count");
  }
  std::vector<IndexEntry> entries(n);
  for (auto& e : entries) {
    RELIC_RETURN_IF_ERROR(r.Into(e.license_id.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(e.kid.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(e.body_hash));
    RELIC_ASSIGN_OR_RETURN(e.plays_used, r.U32());
  }
  return entries;
}

Bytes EncodeMaster(const MasterPlain& m) {
  ByteWriter w;
  w.Raw(kMasterMagic);
  w.Raw(ByteView(m.master.data(), m.master.size()));
  w.Raw(m.core_hash);
  w.U8(m.proof_key ? 1 : 0);
  Key zero;
  const Key& proof_key = m.proof_key ? *m.proof_key : zero;
  w.Raw(ByteView(proof_key.data(), proof_key.size()));
  return w.Take();
}

Result<MasterPlain> DecodeMaster(ByteView bytes) {
  ByteReader r(bytes, "sealed master");
  MasterPlain m;
  RELIC_ASSIGN_OR_RETURN(ByteView magic, r.Raw(kMasterMagic.size()));
  if (std::memcmp(magic.data(), kMasterMagic.data(), kMasterMagic.size()) != 0) {
    return Status(Code::kMalformed, "the sealed master's marker is wrong");
  }
  RELIC_ASSIGN_OR_RETURN(ByteView master, r.Raw(32));
  std::memcpy(m.master.data(), master.data(), 32);
  RELIC_RETURN_IF_ERROR(r.Into(m.core_hash));
  RELIC_ASSIGN_OR_RETURN(uint8_t has_proof_key, r.U8());
  RELIC_ASSIGN_OR_RETURN(ByteView proof_key, r.Raw(32));
  if (has_proof_key > 1) return Status(Code::kMalformed, "the proof-key flag is invalid");
  if (has_proof_key) {
    m.proof_key.emplace();
    std::memcpy(m.proof_key->data(), proof_key.data(), 32);
  }
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

SectionWriter::SectionWriter(File* file, size_t buffer_size, bool write_behind)
    : file_(file), buffer_size_(buffer_size) {
  if (write_behind) behind_ = std::make_unique<WorkerPool>(1);
}

SectionWriter::~SectionWriter() { behind_.reset(); }

Status SectionWriter::error() {
  std::lock_guard lock(mu_);
  return error_;
}

Status SectionWriter::Append(ByteView data, crypto_generichash_state* hash) {
  if (hash) ranges_.push_back(HashRange{buffer_.size(), data.size(), hash});
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  if (buffer_.size() >= buffer_size_) return Flush();
  return Status::Ok();
}

Status SectionWriter::WritePiece(const Piece& piece) {
  for (const HashRange& r : piece.ranges) {
    crypto_generichash_update(r.hash, piece.bytes.data() + r.begin, r.length);
  }
  return file_->WriteAt(piece.offset, piece.bytes);
}

Status SectionWriter::Flush() {
  RELIC_RETURN_IF_ERROR(error());
  if (buffer_.empty()) return Status::Ok();
  auto piece = std::make_shared<Piece>(Piece{std::move(buffer_), std::move(ranges_), offset_});
  offset_ += piece->bytes.size();
  buffer_ = Bytes();
  buffer_.reserve(buffer_size_ + kSectionHeadSize);
  ranges_.clear();
  if (!behind_) {
    Status written = WritePiece(*piece);
    std::lock_guard lock(mu_);
    if (!written.ok() && error_.ok()) error_ = written;
    return written;
  }
  {
    // Two pieces queued at most: memory stays at a few write buffers.
    std::unique_lock lock(mu_);
    drained_.wait(lock, [this] { return queued_ < 2; });
    if (!error_.ok()) return error_;
    ++queued_;
  }
  behind_->Submit([this, piece] {
    Status written = error().ok() ? WritePiece(*piece) : Status::Ok();
    std::lock_guard lock(mu_);
    if (!written.ok() && error_.ok()) error_ = written;
    --queued_;
    drained_.notify_all();
  });
  return Status::Ok();
}

Status SectionWriter::Drain() {
  RELIC_RETURN_IF_ERROR(Flush());
  std::unique_lock lock(mu_);
  drained_.wait(lock, [this] { return queued_ == 0; });
  return error_;
}

Status SectionWriter::WritePrefix() {
  sections_ = NewHash("relic backup sections v1");
  sealed_ = NewHash("relic backup sealed v1");
  ByteWriter w;
  w.Raw(kPrefixMagic);
  w.U16(kBackupVersion);
  return Append(w.bytes(), sections_.get());
}

Status SectionWriter::Write(SectionKind kind, uint16_t group, uint32_t seq, ByteView payload) {
  RELIC_RETURN_IF_ERROR(error());
  Bytes head = SectionHead(kind, group, seq, static_cast<uint32_t>(payload.size()));
  crypto_generichash_state* hash = nullptr;
  if (kind == SectionKind::kData || kind == SectionKind::kIndex) hash = sections_.get();
  if (kind == SectionKind::kSealedMaster || kind == SectionKind::kOwnerKey) hash = sealed_.get();
  if (kind == SectionKind::kHeader) header_offset_ = offset();
  RELIC_RETURN_IF_ERROR(Append(head, hash));
  return Append(payload, hash);
}

Status SectionWriter::WriteTrailer() {
  ByteWriter w;
  w.U64(header_offset_);
  w.Raw(kTrailerMagic);
  RELIC_RETURN_IF_ERROR(Append(w.bytes(), nullptr));
  return Drain();
}

// A failure here resurfaces at the next Write, which the caller makes.
std::array<uint8_t, 32> SectionWriter::SectionsHash() {
  Drain().IgnoreError();
  crypto_generichash_state copy = *sections_;
  return FinalHash(&copy);
}

std::array<uint8_t, 32> SectionWriter::SealedHash() {
  Drain().IgnoreError();
  crypto_generichash_state copy = *sealed_;
  return FinalHash(&copy);
}

Result<Bytes> BackupSetReader::ReadPayload(uint64_t offset, uint32_t length) {
  Bytes out(length);
  size_t total = 0;
  while (total < length) {
    RELIC_ASSIGN_OR_RETURN(size_t got,
                           file_->ReadAt(offset + total, std::span<uint8_t>(out).subspan(total)));
    if (got == 0) return BackupCorrupt(path_, "it is truncated");
    total += got;
  }
  return out;
}

Result<std::unique_ptr<BackupSetReader>> BackupSetReader::Open(Env* env, const std::string& path) {
  std::unique_ptr<BackupSetReader> reader(new BackupSetReader());
  reader->path_ = path;
  auto info = env->Stat(path);
  if (!info.ok()) {
    if (info.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound,
                    "there is no backup set at " + path + "; check the folder you named");
    }
    return info.status();
  }
  if (info->type != FileType::kRegular) {
    return Status(Code::kInvalidArgument, path + " is not a file; name the backup folder");
  }
  RELIC_ASSIGN_OR_RETURN(reader->file_, env->OpenFile(path, OpenMode::kReadOnly));
  RELIC_ASSIGN_OR_RETURN(reader->file_size_, reader->file_->Size());
  const uint64_t size = reader->file_size_;
  if (size < kPrefixSize + kTrailerSize) return BackupCorrupt(path, "it is too short");
  RELIC_ASSIGN_OR_RETURN(Bytes prefix, reader->ReadPayload(0, kPrefixSize));
  if (std::memcmp(prefix.data(), kPrefixMagic.data(), kPrefixMagic.size()) != 0) {
    return BackupCorrupt(path, "it is not a relic backup set");
  }
  uint16_t version = static_cast<uint16_t>(prefix[8] | prefix[9] << 8);
  if (version != kBackupVersion) {
    return Status(Code::kUnsupportedVersion, "backup set " + path + " has format version " +
                                                 std::to_string(version) +
                                                 ", which this relic does not read; upgrade relic");
  }
  RELIC_ASSIGN_OR_RETURN(Bytes trailer, reader->ReadPayload(size - kTrailerSize, kTrailerSize));
  if (std::memcmp(trailer.data() + 8, kTrailerMagic.data(), kTrailerMagic.size()) != 0) {
    return BackupCorrupt(path, "the end marker is missing: the file is truncated");
  }
  uint64_t header_offset = 0;
  for (int i = 7; i >= 0; --i) header_offset = header_offset << 8 | trailer[static_cast<size_t>(i)];
  if (header_offset < kPrefixSize || header_offset + kSectionHeadSize > size - kTrailerSize) {
    return BackupCorrupt(path, "the header position is invalid");
  }
  RELIC_ASSIGN_OR_RETURN(Bytes head, reader->ReadPayload(header_offset, kSectionHeadSize));
  uint32_t header_len = static_cast<uint32_t>(head[7] | head[8] << 8 | head[9] << 16 |
                                              static_cast<uint32_t>(head[10]) << 24);
  // The header section's head is the one thing no hash covers: every field
  // of it must have its only valid value.
  const uint16_t header_group = static_cast<uint16_t>(head[1] | head[2] << 8);
  const uint32_t header_seq = static_cast<uint32_t>(head[3] | head[4] << 8 | head[5] << 16) |
                              static_cast<uint32_t>(head[6]) << 24;
  if (head[0] != static_cast<uint8_t>(SectionKind::kHeader) || header_group != kNoGroup ||
      header_seq != 0 || header_offset + kSectionHeadSize + header_len != size - kTrailerSize ||
      header_len > kMaxHeaderSize || header_len < 32 + crypto::kSignatureSize) {
    return BackupCorrupt(path, "the header section is invalid");
  }
  reader->header_offset_ = header_offset;
  RELIC_ASSIGN_OR_RETURN(reader->header_bytes_,
                         reader->ReadPayload(header_offset + kSectionHeadSize, header_len));
  const Bytes& hb = reader->header_bytes_;
  const size_t signed_len = hb.size() - crypto::kSignatureSize;
  reader->core_bytes_.assign(hb.begin(), hb.begin() + static_cast<std::ptrdiff_t>(signed_len - 32));
  auto core = DecodeHeaderCore(reader->core_bytes_);
  if (!core.ok()) {
    if (core.status().code() == Code::kUnsupportedVersion) return core.status();
    return BackupCorrupt(path, "the header: " + core.status().message());
  }
  reader->core_ = std::move(core).value();
  if (!crypto::Verify(reader->core_.source.signing, ByteView(hb.data(), signed_len),
                      ByteView(hb.data() + signed_len, crypto::kSignatureSize))) {
    return BackupCorrupt(path, "the header's signature does not verify");
  }
  RELIC_RETURN_IF_ERROR(reader->VerifyAll());
  return reader;
}

Status BackupSetReader::VerifyAll() {
  auto sections = NewHash("relic backup sections v1");
  auto sealed = NewHash("relic backup sealed v1");
  BufferedReader in(file_.get(), 0);
  Bytes prefix(kPrefixSize);
  RELIC_RETURN_IF_ERROR(in.Read(prefix.data(), prefix.size()));
  crypto_generichash_update(sections.get(), prefix.data(), prefix.size());
  // Expected order: data and index sections (any interleaving), then the
  // sealed masters by group, then the owner key if any, then the header.
  uint32_t next_data = 0;
  std::vector<uint32_t> next_index(core_.groups.size(), 0);
  size_t next_master = 0;
  bool owner_seen = false;
  int phase = 0;  // 0: data/index, 1: sealed, 2: header reached
  Bytes head(kSectionHeadSize);
  Bytes payload;
  while (in.position() < header_offset_) {
    if (header_offset_ - in.position() < kSectionHeadSize) {
      return BackupCorrupt(path_, "a section overlaps the header");
    }
    auto read = in.Read(head.data(), head.size());
    if (!read.ok()) return BackupCorrupt(path_, "it is truncated");
    SectionKind kind = static_cast<SectionKind>(head[0]);
    uint16_t group = static_cast<uint16_t>(head[1] | head[2] << 8);
    uint32_t seq = static_cast<uint32_t>(head[3] | head[4] << 8 | head[5] << 16) |
                   static_cast<uint32_t>(head[6]) << 24;
    uint32_t len = static_cast<uint32_t>(head[7] | head[8] << 8 | head[9] << 16) |
                   static_cast<uint32_t>(head[10]) << 24;
    if (len > kMaxSectionSize || in.position() + len > header_offset_) {
      return BackupCorrupt(path_, "a section has an invalid length");
    }
    payload.resize(len);
    RELIC_RETURN_IF_ERROR(in.Read(payload.data(), len));
    crypto_generichash_state* hash = nullptr;
    switch (kind) {
      case SectionKind::kData:
        if (phase != 0 || group != kNoGroup || seq != next_data) {
          return BackupCorrupt(path_, "data chunk " + std::to_string(seq) + " is out of place");
        }
        ++next_data;
        hash = sections.get();
        break;
      case SectionKind::kIndex:
        if (phase != 0 || group >= core_.groups.size() || seq != next_index[group]) {
          return BackupCorrupt(path_, "an index chunk is out of place");
        }
        ++next_index[group];
        hash = sections.get();
        break;
      case SectionKind::kSealedMaster:
        if (phase > 1 || owner_seen || group != next_master || seq != 0) {
          return BackupCorrupt(path_, "a sealed master is out of place");
        }
        phase = 1;
        ++next_master;
        sealed_masters_.push_back(payload);
        hash = sealed.get();
        break;
      case SectionKind::kOwnerKey:
        if (owner_seen || !core_.owner_protected || next_master != core_.groups.size() ||
            group != kNoGroup || seq != 0) {
          return BackupCorrupt(path_, "the owner key section is out of place");
        }
        phase = 1;
        owner_seen = true;
        owner_key_ = payload;
        hash = sealed.get();
        break;
      default:
        return BackupCorrupt(path_, "a section has an unknown kind");
    }
    crypto_generichash_update(hash, head.data(), head.size());
    crypto_generichash_update(hash, payload.data(), payload.size());
  }
  if (in.position() != header_offset_) return BackupCorrupt(path_, "sections overlap the header");
  if (next_data != core_.data_chunk_count) {
    return BackupCorrupt(path_, "data chunks are missing");
  }
  for (size_t g = 0; g < core_.groups.size(); ++g) {
    if (next_index[g] != core_.groups[g].index_chunk_count) {
      return BackupCorrupt(path_, "index chunks are missing");
    }
  }
  if (next_master != core_.groups.size()) return BackupCorrupt(path_, "sealed masters are missing");
  if (core_.owner_protected != owner_seen) return BackupCorrupt(path_, "the owner key is missing");
  if (FinalHash(sections.get()) != core_.sections_hash) {
    return BackupCorrupt(path_, "its chunks do not match the header's commitment");
  }
  auto sealed_hash = FinalHash(sealed.get());
  const size_t signed_len = header_bytes_.size() - crypto::kSignatureSize;
  if (std::memcmp(sealed_hash.data(), header_bytes_.data() + signed_len - 32, 32) != 0) {
    return BackupCorrupt(path_, "its sealed key material does not match the header");
  }
  return Status::Ok();
}

Status BackupSetReader::ForEachSection(
    SectionKind kind, uint16_t group,
    const std::function<Status(const Section&, ByteView payload)>& visit) {
  return ScanSections(kind, group, 0, [&](const Section& s, ByteView payload) -> Result<bool> {
    RELIC_RETURN_IF_ERROR(visit(s, payload));
    return true;
  });
}

Status BackupSetReader::ScanSections(
    SectionKind kind, uint16_t group, uint64_t from,
    const std::function<Result<bool>(const Section&, ByteView payload)>& visit) {
  if (from == 0) from = kPrefixSize;
  if (from < kPrefixSize || from > header_offset_) {
    return Status(Code::kInvalidArgument, "no section starts there in the backup set");
  }
  BufferedReader in(file_.get(), from);
  Bytes head(kSectionHeadSize);
  Bytes payload;
  while (in.position() < header_offset_) {
    Section s;
    s.head_offset = in.position();
    RELIC_RETURN_IF_ERROR(in.Read(head.data(), head.size()));
    s.kind = static_cast<SectionKind>(head[0]);
    s.group = static_cast<uint16_t>(head[1] | head[2] << 8);
    s.seq = static_cast<uint32_t>(head[3] | head[4] << 8 | head[5] << 16) |
            static_cast<uint32_t>(head[6]) << 24;
    s.length = static_cast<uint32_t>(head[7] | head[8] << 8 | head[9] << 16) |
               static_cast<uint32_t>(head[10]) << 24;
    s.payload_offset = in.position();
    if (s.length > kMaxSectionSize) return BackupCorrupt(path_, "a section has an invalid length");
    const bool wanted = s.kind == kind && (kind == SectionKind::kData || s.group == group);
    if (!wanted) {
      in.Skip(s.length);
      continue;
    }
    payload.resize(s.length);
    RELIC_RETURN_IF_ERROR(in.Read(payload.data(), s.length));
    RELIC_ASSIGN_OR_RETURN(bool more, visit(s, payload));
    if (!more) break;
  }
  return Status::Ok();
}

Result<Bytes> BackupSetReader::SealedMaster(uint16_t group) {
  if (group >= sealed_masters_.size()) {
    return Status(Code::kInvalidArgument, "no such LMS group in the backup set");
  }
  return sealed_masters_[group];
}

}  // namespace relic::backup
