// SPDX-License-Identifier: Apache-2.0
// Backing up a machine's licenses to a folder (docs/backup-and-restore.md).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "relic/export.h"
#include "relic/home.h"
#include "relic/ids.h"
#include "relic/operation.h"
#include "relic/status.h"

namespace relic {

enum class BackupEventType {
  kBegin,              // the backup has started
  kRestrictedLicense,  // a license whose rights forbid backup; `kid` says which
  kExpiredLicense,     // an expired license, left out; `kid` says which
  kProgress,           // `done` of `total` licenses examined
  kEnd,                // the result is in `status`
};

struct BackupEvent {
  BackupEventType type = BackupEventType::kBegin;
  Kid kid;
  uint64_t done = 0;
  uint64_t total = 0;
  Status status;
  // With kEnd on success: how many licenses the set holds and where.
  uint64_t backed_up = 0;
  std::string set_path;
};

struct BackupRequest {
  std::string home;  // the machine to back up (see ResolveHome)
  HomeOptions home_options;
  std::string folder;      // must exist; the set is folder/relic-backup.rbs
  bool overwrite = false;  // replace an existing set (kept intact until the new one is complete)
  // Owner protection: without the passphrase the set cannot be restored,
  // and whoever holds it cannot use up the restore allowance.
  std::optional<std::string> passphrase;
  uint32_t chunk_size = 64 * 1024;  // records per data chunk are bounded by this many bytes
};

// Starts a backup and returns at once. Failures found before any work
// starts come back from this call, with no events: kBusy (another backup or
// restore of this home), kBackupExists, kNotFound / kInvalidArgument /
// kPermissionDenied for the folder, kNotInitialized and the other machine
// errors. Otherwise events arrive on a worker thread: BEGIN, then
// RESTRICTED_LICENSE / EXPIRED_LICENSE / PROGRESS, then one END.
RELIC_EXPORT Result<std::unique_ptr<Operation>> StartBackup(
    const BackupRequest& request, std::function<void(const BackupEvent&)> on_event);

// The fixed name of the set inside the folder.
RELIC_EXPORT std::string BackupSetPath(const std::string& folder);

// What `relic backup verify` reports about a set, after checking it offline.
struct BackupSetInfo {
  std::string source_machine_id;
  MachinePublicKey source;
  int64_t created_at = 0;
  uint64_t license_count = 0;
  bool passphrase_protected = false;
  std::vector<std::string> lms_urls;
  uint64_t size_bytes = 0;
};
RELIC_EXPORT Result<BackupSetInfo> VerifyBackupSet(const std::string& folder, Env* env = nullptr);

}  // namespace relic
