// SPDX-License-Identifier: Apache-2.0
// The backup set's codec (docs/formats/backup-set.md): the layout's
// constants, the header core, records, index entries and sealed masters as
// bytes, and the section framing that SectionWriter (backup_set_writer.h)
// writes and BackupSetReader (backup_set_reader.h) verifies.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backup/backup_keys.h"
#include "crypto/blake2b.h"
#include "crypto/crypto.h"
#include "relic/env.h"
#include "relic/license.h"

namespace relic::backup {

constexpr char kBackupFileName[] = "relic-backup.rbs";
// Version 2 carries each license's issuer-signed body in its index entry,
// so that the LMS can check that the set's source holds the license
// (docs/backup-and-restore.md, "Whose allowance"). Version 1 sets are still
// read; the LMS restores them only onto machines its ledger already knows.
constexpr uint16_t kBackupVersion = 2;
constexpr uint16_t kOldestBackupVersion = 1;
constexpr uint32_t kMaxIndexEntries = 10000;  // also the restore batch size
// A version 2 index chunk also ends before its plaintext passes this many
// bytes, so that a restore request (header, sealed material, one chunk)
// stays within lms::kMaxRequestSize whatever the bodies' sizes.
constexpr size_t kMaxIndexChunkBytes = size_t{2} * 1024 * 1024;
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
  uint16_t version = kBackupVersion;
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
  // Version 2: the issuer-signed body and its signature, so that the LMS
  // sees which machine and issuer the license names. Empty in version 1.
  Bytes body;
  crypto::Signature body_signature{};
};
constexpr size_t kIndexEntrySize = 16 + 16 + 32 + 4;  // version 1
// A version 2 entry's size in an index chunk's plaintext.
size_t IndexEntrySize(const IndexEntry& entry);

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
Bytes EncodeIndexEntries(const std::vector<IndexEntry>& entries, uint16_t version = kBackupVersion);
Result<std::vector<IndexEntry>> DecodeIndexEntries(ByteView bytes,
                                                   uint16_t version = kBackupVersion);

// The version new sets are written in: kBackupVersion, except in tests that
// need a set of the old format.
uint16_t WrittenBackupVersion();
void SetWrittenBackupVersionForTesting(uint16_t version);

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
Status BackupCorrupt(const std::string& path, const std::string& why);

// The framing around the sections, shared by the writer and the reader.
constexpr std::string_view kPrefixMagic = "RELICBAK";
constexpr std::string_view kTrailerMagic = "RELICEND";
constexpr size_t kPrefixSize = 8 + 2;
constexpr size_t kSectionHeadSize = 1 + 2 + 4 + 4;
constexpr size_t kTrailerSize = 8 + 8;
constexpr size_t kMaxHeaderSize = size_t{1024} * 1024;

// `kind u8 | group u16 | seq u32 | length u32`.
Bytes SectionHead(SectionKind kind, uint16_t group, uint32_t seq, uint32_t length);

// A BLAKE2b-256 hash begun with a domain label (sections_hash, sealed_hash,
// core hash).
crypto::Blake2b NewHash(std::string_view domain);

}  // namespace relic::backup
