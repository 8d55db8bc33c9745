// SPDX-License-Identifier: Apache-2.0
// Writes a backup set as a stream of sections (docs/formats/backup-set.md),
// hashing them for the header's commitments as they go.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "backup/backup_set_codec.h"
#include "base/cond_var.h"
#include "base/mutex.h"
#include "base/thread_annotations.h"
#include "base/worker_pool.h"
#include "crypto/blake2b.h"
#include "relic/env.h"
#include "relic/status.h"

namespace relic::backup {

// Streams sections into a File with a write buffer, hashing them. With
// `write_behind`, the hashing and the writes run in order on a thread of
// their own, so that the thread producing the sections does not wait for
// them; a failed write is reported by the next call, and nothing after it
// is written.
class SectionWriter {
 public:
  // Writes reach the file in pieces of about `buffer_size` bytes.
  SectionWriter(File* file, size_t buffer_size, bool write_behind = false);
  ~SectionWriter();
  SectionWriter(const SectionWriter&) = delete;
  SectionWriter& operator=(const SectionWriter&) = delete;

  Status WritePrefix();
  Status Write(SectionKind kind, uint16_t group, uint32_t seq, ByteView payload);
  // Writes the trailer and waits until every byte has reached the file.
  Status WriteTrailer();
  Status Flush() EXCLUDES(mu_);
  // Hash of the data and index sections written so far (waits for them).
  std::array<uint8_t, 32> SectionsHash();
  std::array<uint8_t, 32> SealedHash();
  uint64_t offset() const { return offset_ + buffer_.size(); }

 private:
  struct HashRange {
    size_t begin;
    size_t length;
    crypto::Blake2b* hash;
  };
  struct Piece {
    Bytes bytes;
    std::vector<HashRange> ranges;
    uint64_t offset;
  };
  Status Append(ByteView data, crypto::Blake2b* hash);
  Status WritePiece(const Piece& piece);
  Status Drain() EXCLUDES(mu_);
  Status error() EXCLUDES(mu_);

  File* file_;
  size_t buffer_size_;
  Bytes buffer_;
  std::vector<HashRange> ranges_;
  uint64_t offset_ = 0;
  uint64_t header_offset_ = 0;
  std::unique_ptr<crypto::Blake2b> sections_;
  std::unique_ptr<crypto::Blake2b> sealed_;
  Mutex mu_;
  CondVar drained_;
  size_t queued_ GUARDED_BY(mu_) = 0;
  Status error_ GUARDED_BY(mu_);        // the first failed write; sticky
  std::unique_ptr<WorkerPool> behind_;  // last: stops before the rest goes
};

}  // namespace relic::backup
