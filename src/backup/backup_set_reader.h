// SPDX-License-Identifier: Apache-2.0
// Opens a backup set and verifies the whole file (docs/formats/backup-set.md,
// "Verification") before handing out any of it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backup/backup_set_codec.h"
#include "relic/env.h"
#include "relic/status.h"

namespace relic::backup {

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
  // Every sealed master and owner key section (head and payload) in file
  // order: the exact bytes the header's sealed hash commits to, which a
  // restore request carries so that the LMS can check it.
  const Bytes& sealed_sections() const { return sealed_sections_; }
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
  Bytes sealed_sections_;
  std::optional<Bytes> owner_key_;
};

}  // namespace relic::backup
