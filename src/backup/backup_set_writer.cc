// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_set_writer.h"

#include "base/byte_io.h"

namespace relic::backup {

SectionWriter::SectionWriter(File* file, size_t buffer_size, bool write_behind)
    : file_(file), buffer_size_(buffer_size) {
  if (write_behind) behind_ = std::make_unique<WorkerPool>(1);
}

SectionWriter::~SectionWriter() { behind_.reset(); }

Status SectionWriter::error() {
  MutexLock lock(mu_);
  return error_;
}

Status SectionWriter::Append(ByteView data, crypto::Blake2b* hash) {
  if (hash) ranges_.push_back(HashRange{buffer_.size(), data.size(), hash});
  buffer_.insert(buffer_.end(), data.begin(), data.end());
  if (buffer_.size() >= buffer_size_) return Flush();
  return Status::Ok();
}

Status SectionWriter::WritePiece(const Piece& piece) {
  for (const HashRange& r : piece.ranges) {
    r.hash->Update(piece.bytes.data() + r.begin, r.length);
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
    MutexLock lock(mu_);
    if (!written.ok() && error_.ok()) error_ = written;
    return written;
  }
  {
    // Two pieces queued at most: memory stays at a few write buffers.
    MutexLock lock(mu_);
    while (queued_ >= 2) drained_.Wait(mu_);
    if (!error_.ok()) return error_;
    ++queued_;
  }
  behind_->Submit([this, piece] {
    Status written = error().ok() ? WritePiece(*piece) : Status::Ok();
    MutexLock lock(mu_);
    if (!written.ok() && error_.ok()) error_ = written;
    --queued_;
    drained_.NotifyAll();
  });
  return Status::Ok();
}

Status SectionWriter::Drain() {
  RELIC_RETURN_IF_ERROR(Flush());
  MutexLock lock(mu_);
  while (queued_ != 0) drained_.Wait(mu_);
  return error_;
}

Status SectionWriter::WritePrefix() {
  sections_ = std::make_unique<crypto::Blake2b>(NewHash("relic backup sections v1"));
  sealed_ = std::make_unique<crypto::Blake2b>(NewHash("relic backup sealed v1"));
  ByteWriter w;
  w.Raw(kPrefixMagic);
  w.U16(WrittenBackupVersion());
  return Append(w.bytes(), sections_.get());
}

Status SectionWriter::Write(SectionKind kind, uint16_t group, uint32_t seq, ByteView payload) {
  RELIC_RETURN_IF_ERROR(error());
  Bytes head = SectionHead(kind, group, seq, static_cast<uint32_t>(payload.size()));
  crypto::Blake2b* hash = nullptr;
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
  crypto::Blake2b copy = *sections_;
  return copy.Final256();
}

std::array<uint8_t, 32> SectionWriter::SealedHash() {
  Drain().IgnoreError();
  crypto::Blake2b copy = *sealed_;
  return copy.Final256();
}
}  // namespace relic::backup
