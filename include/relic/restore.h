// SPDX-License-Identifier: Apache-2.0
// Restoring a backup set onto this machine through the License Management
// Service that its licenses name (docs/backup-and-restore.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "relic/export.h"
#include "relic/home.h"
#include "relic/ids.h"
#include "relic/operation.h"
#include "relic/status.h"

namespace relic {

enum class RestoreEventType {
  kConnecting,      // about to contact the License Management Service
  kDisconnecting,   // the service has answered every batch
  kBegin,           // writing the licenses into the store
  kProgress,        // `done` of `total` approved licenses written
  kRefused,         // the service refused a license: `kid` and the `url` that explains why
  kErrorWithUrl,    // once per operation, with the first refusal's `url`
  kExpiredLicense,  // an approved license that has expired, left out; `kid`
  kEnd,             // the result is in `status`
};

struct RestoreEvent {
  RestoreEventType type = RestoreEventType::kBegin;
  Kid kid;
  std::string url;
  uint64_t done = 0;
  uint64_t total = 0;
  Status status;
  // With kEnd: licenses written (or, in a dry run, that would be granted)
  // and licenses refused.
  uint64_t restored = 0;
  uint64_t refused = 0;
};

// How long a restore may take unless the request says otherwise. A restore
// of 100,000 licenses over loopback takes a few seconds (docs/performance.md);
// the rest is room for slow links and busy services. Whatever server answers
// (the one a set names, --lms, or one on the path) cannot hold a restore,
// and the home's lock, past its deadline.
inline constexpr std::chrono::seconds kDefaultRestoreTimeout{300};

struct RestoreRequest {
  std::string home;
  HomeOptions home_options;
  std::string folder;          // holds relic-backup.rbs
  bool individualize = false;  // create the machine identity if the home has none
  // Where to connect instead of the URL the licenses name. It changes the
  // address only: answers must still be signed by the key the licenses name.
  std::optional<std::string> lms_url;
  std::optional<std::string> passphrase;  // required for a protected set
  bool dry_run = false;                   // ask what would be granted; record and change nothing
  // The whole restore's deadline, from StartRestore: when it passes before
  // the commit point, END reports kServiceUnavailable and the store is
  // unchanged. Each exchange with the service is bounded on its own as well
  // (docs/lms.md, "Client limits"). Must be positive.
  std::chrono::seconds timeout = kDefaultRestoreTimeout;
};

// Starts a restore and returns at once. From the call, with no events:
// kNeedsIndividualization (no identity and `individualize` false), kBusy,
// kNotFound (no set in the folder), kInvalidArgument (a bad --lms URL, a
// timeout that is not positive).
// Then on a worker thread:
// [CONNECTING, (REFUSED…, ERROR_WITH_URL), DISCONNECTING, BEGIN, PROGRESS…]
// END. END's status is kRestoreFraud when the service refused licenses
// (the others are restored), kBackupCorrupt for a damaged set (found
// before any contact), kServiceUnavailable after bounded retries or when
// the deadline (`timeout`) passed,
// kCanceled, kInvalidArgument for a protected set without (or with a wrong)
// passphrase (found offline, before any contact); in every failure but
// kRestoreFraud the store is unchanged.
RELIC_EXPORT Result<std::unique_ptr<Operation>> StartRestore(
    const RestoreRequest& request, std::function<void(const RestoreEvent&)> on_event);

}  // namespace relic
