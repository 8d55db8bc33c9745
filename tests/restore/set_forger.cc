// SPDX-License-Identifier: Apache-2.0
#include "set_forger.h"

#include <cstring>

#include "backup/backup_keys.h"
#include "base/byte_io.h"
#include "format/atomic_output.h"
#include "format/license_format.h"

namespace relic::testing {

using backup::BackupSetReader;
using backup::Key;
using backup::SectionKind;

Status ForgeSet(Env* env, const std::string& in, const std::string& out,
                const World::TestLmsKeys& lms, const MachineIdentity& source,
                const ForgeOptions& options) {
  RELIC_ASSIGN_OR_RETURN(auto reader, BackupSetReader::Open(env, in));
  backup::HeaderCore core = reader->core();
  if (core.groups.size() != 1 || core.owner_protected) {
    return Status(Code::kInvalidArgument, "the forger handles one group without passphrase");
  }
  RELIC_ASSIGN_OR_RETURN(Bytes sealed, reader->SealedMaster(0));
  RELIC_ASSIGN_OR_RETURN(Bytes master_plain, crypto::Unseal(lms.encryption, sealed));
  RELIC_ASSIGN_OR_RETURN(auto master, backup::DecodeMaster(master_plain));
  const auto& set_id = core.set_id;

  // Every license ID, from the index, to find records by handle.
  std::vector<backup::IndexEntry> entries;
  Key index_key = backup::IndexKey(master.master, set_id);
  Status read_index = reader->ForEachSection(
      SectionKind::kIndex, 0, [&](const BackupSetReader::Section& s, ByteView payload) {
        RELIC_ASSIGN_OR_RETURN(
            Bytes plain,
            crypto::AeadDecrypt(index_key, payload, backup::IndexAssociatedData(set_id, 0, s.seq)));
        RELIC_ASSIGN_OR_RETURN(auto some, backup::DecodeIndexEntries(plain));
        entries.insert(entries.end(), some.begin(), some.end());
        return Status::Ok();
      });
  RELIC_RETURN_IF_ERROR(read_index);

  RELIC_ASSIGN_OR_RETURN(auto output, AtomicOutput::Create(env, out, 0600));
  backup::SectionWriter writer(output->file(), 1 << 20);
  RELIC_RETURN_IF_ERROR(writer.WritePrefix());
  ByteWriter chunk;
  uint32_t records = 0;
  Status read_data = reader->ForEachSection(
      SectionKind::kData, backup::kNoGroup, [&](const BackupSetReader::Section&, ByteView payload) {
        auto walked = backup::ForEachDataRecord(
            payload, [&](uint32_t, const backup::Handle& handle, ByteView ct) -> Result<bool> {
              for (auto& e : entries) {
                auto keys = backup::DeriveRecordKeys(
                    backup::LmsPart(master.master, set_id, e.license_id), Key());
                if (keys.handle != handle) continue;
                RELIC_ASSIGN_OR_RETURN(Bytes plain, backup::OpenRecord(keys.key, ct,
                                                                       backup::RecordAssociatedData(
                                                                           set_id, e.license_id)));
                RELIC_ASSIGN_OR_RETURN(auto record, backup::DecodeRecord(plain));
                if (options.edit_license) options.edit_license(record.license_file);
                RELIC_ASSIGN_OR_RETURN(auto parsed, ParseLicenseFile(record.license_file));
                e.body_hash = crypto::Hash256(parsed.body_bytes);
                if (!e.body.empty()) {  // a version 2 index carries the body too
                  e.body = parsed.body_bytes;
                  e.body_signature = parsed.signature;
                }
                Bytes sealed_record =
                    backup::SealRecord(keys.key, backup::EncodeRecord(record),
                                       backup::RecordAssociatedData(set_id, e.license_id));
                chunk.Raw(handle);
                chunk.Blob32(sealed_record);
                ++records;
              }
              return true;
            });
        return walked.status();
      });
  RELIC_RETURN_IF_ERROR(read_data);
  ByteWriter data;
  data.U32(records);
  data.Raw(chunk.bytes());
  RELIC_RETURN_IF_ERROR(writer.Write(SectionKind::kData, backup::kNoGroup, 0, data.bytes()));
  RELIC_RETURN_IF_ERROR(
      writer.Write(SectionKind::kIndex, 0, 0,
                   crypto::AeadEncrypt(index_key, backup::EncodeIndexEntries(entries),
                                       backup::IndexAssociatedData(set_id, 0, 0))));
  core.data_chunk_count = 1;
  core.groups[0].index_chunk_count = 1;
  core.sections_hash = writer.SectionsHash();
  const World::TestLmsKeys& seal_to = options.new_lms ? *options.new_lms : lms;
  if (options.new_lms) core.groups[0].lms = options.new_lms->info;
  Bytes core_bytes = backup::EncodeHeaderCore(core);
  master.core_hash = backup::CoreHash(core_bytes);
  RELIC_RETURN_IF_ERROR(
      writer.Write(SectionKind::kSealedMaster, 0, 0,
                   crypto::Seal(seal_to.encryption.public_key, backup::EncodeMaster(master))));
  Bytes header = core_bytes;
  auto sealed_hash = writer.SealedHash();
  header.insert(header.end(), sealed_hash.begin(), sealed_hash.end());
  auto sig = crypto::Sign(source.signing.secret_key, header);
  header.insert(header.end(), sig.begin(), sig.end());
  RELIC_RETURN_IF_ERROR(writer.Write(SectionKind::kHeader, backup::kNoGroup, 0, header));
  RELIC_RETURN_IF_ERROR(writer.WriteTrailer());
  return output->Commit();
}

}  // namespace relic::testing
