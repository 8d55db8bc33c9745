// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_set_reader.h"

#include <cstring>

namespace relic::backup {
namespace {

constexpr size_t kReadBuffer = size_t{1024} * 1024;

// Reads a file sequentially through a buffer (one syscall per MiB, not per
// field).
class BufferedReader {
 public:
  BufferedReader(File* file, uint64_t start) : file_(file), pos_(start) {}
  Status Read(uint8_t* out, size_t n) {
    while (n > 0) {
      if (avail_ == 0) {
        buffer_.resize(kReadBuffer);
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
  if (version < kOldestBackupVersion || version > kBackupVersion) {
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
  if (core->version != version) {
    return BackupCorrupt(path, "its header's format version differs from the file's");
  }
  reader->core_ = std::move(core).value();
  if (!crypto::Verify(reader->core_.source.signing, ByteView(hb.data(), signed_len),
                      ByteView(hb.data() + signed_len, crypto::kSignatureSize))) {
    return BackupCorrupt(path, "the header's signature does not verify");
  }
  RELIC_RETURN_IF_ERROR(reader->VerifyAll());
  return reader;
}

// One pass over the file that checks the sections' order and recomputes
// both commitments together. It is long because the order rules share all
// of its state (the next data and index numbers, the phase, the masters
// seen); split up, each piece would take all of it as arguments.
Status BackupSetReader::VerifyAll() {
  auto sections = NewHash("relic backup sections v1");
  auto sealed = NewHash("relic backup sealed v1");
  BufferedReader in(file_.get(), 0);
  Bytes prefix(kPrefixSize);
  RELIC_RETURN_IF_ERROR(in.Read(prefix.data(), prefix.size()));
  sections.Update(prefix);
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
    crypto::Blake2b* hash = nullptr;
    switch (kind) {
      case SectionKind::kData:
        if (phase != 0 || group != kNoGroup || seq != next_data) {
          return BackupCorrupt(path_, "data chunk " + std::to_string(seq) + " is out of place");
        }
        ++next_data;
        hash = &sections;
        break;
      case SectionKind::kIndex:
        if (phase != 0 || group >= core_.groups.size() || seq != next_index[group]) {
          return BackupCorrupt(path_, "an index chunk is out of place");
        }
        ++next_index[group];
        hash = &sections;
        break;
      case SectionKind::kSealedMaster:
        if (phase > 1 || owner_seen || group != next_master || seq != 0) {
          return BackupCorrupt(path_, "a sealed master is out of place");
        }
        phase = 1;
        ++next_master;
        sealed_masters_.push_back(payload);
        hash = &sealed;
        break;
      case SectionKind::kOwnerKey:
        if (owner_seen || !core_.owner_protected || next_master != core_.groups.size() ||
            group != kNoGroup || seq != 0) {
          return BackupCorrupt(path_, "the owner key section is out of place");
        }
        phase = 1;
        owner_seen = true;
        owner_key_ = payload;
        hash = &sealed;
        break;
      default:
        return BackupCorrupt(path_, "a section has an unknown kind");
    }
    hash->Update(head);
    hash->Update(payload);
    if (hash == &sealed) {
      sealed_sections_.insert(sealed_sections_.end(), head.begin(), head.end());
      sealed_sections_.insert(sealed_sections_.end(), payload.begin(), payload.end());
    }
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
  if (sections.Final256() != core_.sections_hash) {
    return BackupCorrupt(path_, "its chunks do not match the header's commitment");
  }
  auto sealed_hash = sealed.Final256();
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
