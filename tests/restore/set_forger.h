// SPDX-License-Identifier: Apache-2.0
// Adversary A3 with the backup master (unsealed with a stolen LMS key) and
// the source machine's keys: rewrites a backup set record by record and
// re-signs it, so that every structural check passes and only the
// cryptographic ones (issuer signature, LMS key in the body) can stop it.
#pragma once

#include <functional>
#include <string>

#include "backup/backup_set_codec.h"
#include "backup/backup_set_reader.h"
#include "backup/backup_set_writer.h"
#include "machine/identity_file.h"
#include "support/world.h"

namespace relic::testing {

struct ForgeOptions {
  // Changes a record's license file bytes (e.g. its rights).
  std::function<void(Bytes& license_file)> edit_license;
  // Seal the masters to this LMS and name it in the header instead.
  std::optional<World::TestLmsKeys> new_lms;
};

// Reads `in` (a set whose masters are sealed to `lms`), writes the forgery
// to `out`, re-signed with `source`'s key.
Status ForgeSet(Env* env, const std::string& in, const std::string& out,
                const World::TestLmsKeys& lms, const MachineIdentity& source,
                const ForgeOptions& options);

}  // namespace relic::testing
