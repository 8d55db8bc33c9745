// SPDX-License-Identifier: Apache-2.0
#include "backup/backup_set_codec.h"

#include <atomic>
#include <cstring>

#include "base/byte_io.h"
#include "format/license_format.h"

namespace relic::backup {
namespace {

constexpr std::string_view kCoreMagic = "RBH1";
constexpr std::string_view kRecordMagic = "RBR1";
constexpr std::string_view kMasterMagic = "RBM1";

std::atomic<uint16_t> written_version{kBackupVersion};

}  // namespace

uint16_t WrittenBackupVersion() { return written_version.load(); }
void SetWrittenBackupVersionForTesting(uint16_t version) { written_version.store(version); }

crypto::Blake2b NewHash(std::string_view domain) {
  crypto::Blake2b hash(32);
  hash.Update(domain);
  return hash;
}

Bytes SectionHead(SectionKind kind, uint16_t group, uint32_t seq, uint32_t length) {
  ByteWriter w;
  w.U8(static_cast<uint8_t>(kind));
  w.U16(group);
  w.U32(seq);
  w.U32(length);
  return w.Take();
}

Status BackupCorrupt(const std::string& path, const std::string& why) {
  return Status(Code::kBackupCorrupt,
                "backup set " + path + " is damaged or was altered (" + why +
                    "); nothing was restored or used up. Use another copy of the backup");
}

Bytes EncodeHeaderCore(const HeaderCore& core) {
  ByteWriter w;
  w.Raw(kCoreMagic);
  w.U16(core.version);
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
  if (version < kOldestBackupVersion || version > kBackupVersion) {
    return Status(Code::kUnsupportedVersion, "backup header version " + std::to_string(version) +
                                                 " is not supported; upgrade relic");
  }
  core.version = version;
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
    // Version 2 chunks also end at a byte bound, so there may be more of
    // them, but never more than licenses.
    uint64_t needed = (uint64_t{g.license_count} + kMaxIndexEntries - 1) / kMaxIndexEntries;
    const bool fits = version == 1
                          ? g.index_chunk_count == needed
                          : g.index_chunk_count >= needed && g.index_chunk_count <= g.license_count;
    if (!fits) {
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
  crypto::Blake2b hash = NewHash("relic backup core v1");
  hash.Update(core_bytes);
  return hash.Final256();
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
  crypto::SingleUseAeadEncryptTo(record_key, plain, associated_data, out);
}

Result<Bytes> OpenRecord(const Key& record_key, ByteView sealed, ByteView associated_data) {
  if (sealed.size() < crypto::kSingleUseAeadTagSize) {
    return Status(Code::kBadSignature, "a record is too short");
  }
  auto plain = crypto::SingleUseAeadDecrypt(record_key, sealed, associated_data);
  if (!plain.ok()) return Status(Code::kBadSignature, "a record does not open with this key");
  return plain;
}

size_t IndexEntrySize(const IndexEntry& entry) {
  return kIndexEntrySize + 2 + entry.body.size() + crypto::kSignatureSize;
}

Bytes EncodeIndexEntries(const std::vector<IndexEntry>& entries, uint16_t version) {
  ByteWriter w;
  w.U32(static_cast<uint32_t>(entries.size()));
  for (const auto& e : entries) {
    w.Raw(e.license_id.bytes);
    w.Raw(e.kid.bytes);
    w.Raw(e.body_hash);
    w.U32(e.plays_used);
    if (version >= 2) {
      w.Blob16(e.body);
      w.Raw(e.body_signature);
    }
  }
  return w.Take();
}

Result<std::vector<IndexEntry>> DecodeIndexEntries(ByteView bytes, uint16_t version) {
  ByteReader r(bytes, "backup index");
  RELIC_ASSIGN_OR_RETURN(uint32_t n, r.U32());
  const bool sized = version >= 2 || r.remaining() == n * kIndexEntrySize;
  if (n == 0 || n > kMaxIndexEntries || !sized) {
    return Status(Code::kMalformed, "an index chunk has a wrong entry count");
  }
  std::vector<IndexEntry> entries(n);
  for (auto& e : entries) {
    RELIC_RETURN_IF_ERROR(r.Into(e.license_id.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(e.kid.bytes));
    RELIC_RETURN_IF_ERROR(r.Into(e.body_hash));
    RELIC_ASSIGN_OR_RETURN(e.plays_used, r.U32());
    if (version >= 2) {
      RELIC_ASSIGN_OR_RETURN(ByteView body, r.Blob16());
      e.body.assign(body.begin(), body.end());
      RELIC_RETURN_IF_ERROR(r.Into(e.body_signature));
    }
  }
  RELIC_RETURN_IF_ERROR(r.ExpectEnd());
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

}  // namespace relic::backup
