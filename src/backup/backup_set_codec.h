// SPDX-License-Identifier: Apache-2.0
// The backup set file (docs/formats/backup-set.md): sections of records and
// indexes, then the sealed key material, then a header signed by the source
// machine that commits to all of it, then a trailer pointing at the header.
// The writer streams; the reader verifies the whole file before handing
// out anything.
#pragma once

#include <sodium.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backup/backup_keys.h"
#include "base/worker_pool.h"
#include "crypto/crypto.h"
#include "relic/env.h"
#include "relic/license.h"

namespace relic::backup {

constexpr char kBackupFileName[] = "relic-backup.rbs";
constexpr uint16_t kBackupVersion = 1;
constexpr uint32_t kMaxIndexEntries = 10000;  // also the restore batch size
constexpr uint32_t kDefaultChunkSize = 64 * 1024;
constexpr uint32_t kMaxSectionSize = 16 * 1024 * 1024;
constexpr size_t kMaxGroups = 256;

enum class SectionKind : uint8_t {
  kData = 1,          // records
  kIndex = 2,         // one group's index entries, readable by its LMS
  kSealedMaster = 3,  // one group's master, sealed to its LMS
  kOwnerKey = 4,      // the owner key wrapped under the passphrase key
  kHeader = 5,
};
constexpr uint16_t kNoGroup = 0xFFFF;

struct GroupInfo {
  LmsInfo lms;
  uint32_t license_count = 0;
  uint32_t index_chunk_count = 0;
};

struct HeaderCore {
  SetId set_id{};
  MachinePublicKey source;
  int64_t created_at = 0;
  int64_t source_clock = 0;
  uint32_t license_count = 0;
  uint32_t chunk_size = 0;
  uint32_t data_chunk_count = 0;
  std::array<uint8_t, 32> sections_hash{};
  bool owner_protected = false;
  std::vector<GroupInfo> groups;
};

Bytes EncodeHeaderCore(const HeaderCore& core);
Result<HeaderCore> DecodeHeaderCore(ByteView bytes);
std::array<uint8_t, 32> CoreHash(ByteView core_bytes);

// One index entry: what the LMS learns about a license.
struct IndexEntry {
  LicenseId license_id;
  Kid kid;
  std::array<uint8_t, 32> body_hash{};
  uint32_t plays_used = 0;
};
constexpr size_t kIndexEntrySize = 16 + 16 + 32 + 4;

// A record's plaintext: what the target machine gets back.
struct RecordPlain {
  Bytes license_file;
  // For a license the source machine itself received by restore: the LMS
  // grant that proves it (empty otherwise).
  Bytes grant;
  uint32_t plays_used = 0;
  std::optional<int64_t> first_use;
  Key content_key;
};
Bytes EncodeRecord(const RecordPlain& record);
// The same encoding from parts that live elsewhere (the engine's batches).
Bytes EncodeRecord(ByteView license_file, ByteView grant, uint32_t plays_used,
                   std::optional<int64_t> first_use, const Key& content_key);
Result<RecordPlain> DecodeRecord(ByteView bytes);
Bytes RecordAssociatedData(const SetId& set_id, const LicenseId& id);
// Records are encrypted with ChaCha20-Poly1305 under their record key and a
// fixed nonce: each record key is derived for one set and one license and
// encrypts exactly one message, so no nonce is needed (and no randomness is
// spent per record).
Bytes SealRecord(const Key& record_key, ByteView plain, ByteView associated_data);
// Appends the sealed record to `out`, which the caller reuses across records.
void SealRecordTo(const Key& record_key, ByteView plain, ByteView associated_data, Bytes& out);
Result<Bytes> OpenRecord(const Key& record_key, ByteView sealed, ByteView associated_data);
Bytes IndexAssociatedData(const SetId& set_id, uint16_t group, uint32_t seq);
Bytes EncodeIndexEntries(const std::vector<IndexEntry>& entries);
Result<std::vector<IndexEntry>> DecodeIndexEntries(ByteView bytes);

// Walks the records of a data section's payload in order: `visit` gets each
// record's position, handle and sealed bytes, and returns false to stop.
// Returns false if a visit stopped the walk, true if it reached the end.
Result<bool> ForEachDataRecord(
    ByteView payload,
    const std::function<Result<bool>(uint32_t index, const Handle& handle, ByteView sealed)>&
        visit);

// The sealed master's plaintext.
struct MasterPlain {
  Key master;
  std::array<uint8_t, 32> core_hash{};
  std::optional<Key> proof_key;  // only for a passphrase-protected set
};
Bytes EncodeMaster(const MasterPlain& m);
Result<MasterPlain> DecodeMaster(ByteView bytes);

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
  Status Flush();
  // Hash of the data and index sections written so far (waits for them).
  std::array<uint8_t, 32> SectionsHash();
  std::array<uint8_t, 32> SealedHash();
  uint64_t offset() const { return offset_ + buffer_.size(); }

 private:
  struct HashRange {
    size_t begin;
    size_t length;
    crypto_generichash_state* hash;
  };
  struct Piece {
    Bytes bytes;
    std::vector<HashRange> ranges;
    uint64_t offset;
  };
  Status Append(ByteView data, crypto_generichash_state* hash);
  Status WritePiece(const Piece& piece);
  Status Drain();
  Status error();

  File* file_;
  size_t buffer_size_;
  Bytes buffer_;
  std::vector<HashRange> ranges_;
  uint64_t offset_ = 0;
  uint64_t header_offset_ = 0;
  std::unique_ptr<crypto_generichash_state> sections_;
  std::unique_ptr<crypto_generichash_state> sealed_;
  std::mutex mu_;
  std::condition_variable drained_;
  size_t queued_ = 0;
  Status error_;                        // the first failed write; sticky
  std::unique_ptr<WorkerPool> behind_;  // last: stops before the rest goes
};

// A verified backup set, opened for reading.
class BackupSetReader {
 public:
  struct Section {
    SectionKind kind;
    uint16_t group;
    uint32_t seq;
    uint64_t head_offset;
    uint64_t payload_offset;
    uint32_t length;
  };

  // Verifies everything: format, the header's signature, every section
  // against the header's commitments, counts and order. Any failure is
  // kBackupCorrupt (or kUnsupportedVersion), naming what is wrong.
  static Result<std::unique_ptr<BackupSetReader>> Open(Env* env, const std::string& path);

  const HeaderCore& core() const { return core_; }
  const Bytes& header_bytes() const { return header_bytes_; }  // core ‖ sealed hash ‖ sig
  const Bytes& core_bytes() const { return core_bytes_; }
  uint64_t file_size() const { return file_size_; }
  // Sections of one kind (and group), in file order. Data sections are not
  // kept in memory: callers read them one at a time.
  Status ForEachSection(SectionKind kind, uint16_t group,
                        const std::function<Status(const Section&, ByteView payload)>& visit);
  // The same from the section that starts at `from` (0: the first), until
  // `visit` says to stop by returning false. Section::head_offset tells a
  // caller where to resume later.
  Status ScanSections(SectionKind kind, uint16_t group, uint64_t from,
                      const std::function<Result<bool>(const Section&, ByteView payload)>& visit);
  Result<Bytes> SealedMaster(uint16_t group);
  std::optional<Bytes> owner_key_section() const { return owner_key_; }

 private:
  BackupSetReader() = default;
  Status VerifyAll();
  Result<Bytes> ReadPayload(uint64_t offset, uint32_t length);

  std::unique_ptr<File> file_;
  std::string path_;
  uint64_t file_size_ = 0;
  uint64_t header_offset_ = 0;
  Bytes header_bytes_;
  Bytes core_bytes_;
  HeaderCore core_;
  std::vector<Bytes> sealed_masters_;
  std::optional<Bytes> owner_key_;
};

Status BackupCorrupt(const std::string& path, const std::string& why);

}  // namespace relic::backup
