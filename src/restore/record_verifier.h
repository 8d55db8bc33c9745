// SPDX-License-Identifier: Apache-2.0
// The restore's per-record verification (docs/backup-and-restore.md): a
// sealed record from the backup set, opened with the key the service
// released for it, must hold the license the service granted, signed by its
// issuer, allowing backup, naming the group's service, issued (or granted)
// to the set's source machine, with a content key that matches its KID.
// Pure: touches no store and no file, so it runs on any core.
#pragma once

#include "backup/backup_keys.h"
#include "backup/backup_set_codec.h"
#include "format/grant.h"
#include "format/license_format.h"
#include "relic/ids.h"
#include "relic/status.h"

namespace relic::restore {

// What every record of one batch is checked against.
struct RecordExpectation {
  backup::SetId set_id{};
  MachinePublicKey source;  // the machine the set came from
  LmsPublicKey lms_key;     // the service of the record's group
};

struct VerifiedRecord {
  backup::RecordPlain record;
  ParsedLicense parsed;
};

// Opens and checks the record `sealed` of the license granted by `leaf`.
// A record that does not open or decode is kBackupCorrupt; one whose
// license fails a check is kBadSignature naming the license and why.
Result<VerifiedRecord> VerifyRecord(const RecordExpectation& expected, const lms::GrantLeaf& leaf,
                                    const backup::Key& record_key, ByteView sealed);

}  // namespace relic::restore
