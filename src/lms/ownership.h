// SPDX-License-Identifier: Apache-2.0
// Whose allowance a restore request may spend (docs/backup-and-restore.md,
// "Whose allowance"): only the sealed material the set's header commits
// to, only licenses of an issuer this service serves that name this
// service, and only from a set whose source machine holds each license.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "backup/backup_set_codec.h"
#include "base/worker_pool.h"
#include "lms/ledger.h"
#include "relic/ids.h"
#include "relic/status.h"

namespace relic::lms {

// The group's sealed master out of a request's sealed sections, after
// checking that they are exactly the ones the header's sealed hash commits
// to (a master sealed to this service by anyone else would otherwise open
// the set without its passphrase). kBackupCorrupt otherwise.
Result<Bytes> CommittedSealedMaster(ByteView sealed_sections,
                                    const std::array<uint8_t, 32>& sealed_hash, uint16_t group);

// Checks a version 2 index entry's issuer-signed body on its own: it is the
// entry's license, signed by its issuer, an issuer in `served`, and names
// this service. Returns the machine the license was issued to.
Result<MachinePublicKey> CheckEntryBody(const backup::IndexEntry& entry, const LmsPublicKey& self,
                                        const std::vector<IssuerPublicKey>& served);

// CheckEntryBody for every entry of a batch, on `pool`'s threads when the
// batch is large enough to pay for them: each check is an Ed25519
// verification, and on one core a 2 MiB index chunk's worth would hold the
// request (and the client waiting for it) for a fifth of a second. The
// result is what checking in order would give: the machines in entry order,
// or the error of the first entry that fails.
Result<std::vector<MachinePublicKey>> CheckEntryBodies(
    const std::vector<backup::IndexEntry>& entries, const LmsPublicKey& self,
    const std::vector<IssuerPublicKey>& served, WorkerPool& pool);

// Whether the set's source holds the license: it is the machine the body
// names (`issued_to`; none for a version 1 set, whose entries carry no
// body), or the ledger places the license on it (`placements`, the
// license's placements read in the decision's transaction).
Status CheckSourceHolds(const backup::IndexEntry& entry,
                        const std::optional<MachinePublicKey>& issued_to,
                        const std::string& source_id, const std::vector<Placement>& placements);

}  // namespace relic::lms
