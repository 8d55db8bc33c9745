// SPDX-License-Identifier: Apache-2.0
// A backup set is a file the user carries between machines and may get
// from anyone (adversaries A1 and A3): BackupSetReader::Open verifies all of it,
// offline, before restore reads anything or contacts the service.
#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "fuzz_env.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  relic::fuzz::FuzzFile input(std::string("/") + relic::backup::kBackupFileName, data, size);
  auto reader = relic::backup::BackupSetReader::Open(input.env(), input.path());
  if (!reader.ok()) return 0;
  // Only a set signed by a real machine gets here (the seeds); walking it
  // must then work without surprises.
  const auto& core = (*reader)->core();
  for (uint16_t g = 0; g < core.groups.size(); ++g) {
    (void)(*reader)->SealedMaster(g);
    (void)(*reader)->ForEachSection(
        relic::backup::SectionKind::kIndex, g,
        [](const auto&, relic::ByteView) { return relic::Status::Ok(); });
  }
  (void)(*reader)->ForEachSection(relic::backup::SectionKind::kData, relic::backup::kNoGroup,
                                  [](const auto&, relic::ByteView) { return relic::Status::Ok(); });
  return 0;
}
