// SPDX-License-Identifier: Apache-2.0
#include "lms/ownership.h"

#include <algorithm>
#include <cstring>

#include "base/byte_io.h"
#include "crypto/crypto.h"
#include "format/license_format.h"

namespace relic::lms {
namespace {

Status Corrupt(const std::string& why) {
  return Status(Code::kBackupCorrupt,
                "the backup set in the request " + why + "; nothing was granted or used up");
}

}  // namespace

Result<Bytes> CommittedSealedMaster(ByteView sealed_sections,
                                    const std::array<uint8_t, 32>& sealed_hash, uint16_t group) {
  crypto::Blake2b hash = backup::NewHash("relic backup sealed v1");
  hash.Update(sealed_sections);
  if (hash.Final256() != sealed_hash) {
    return Corrupt("carries sealed key material its header does not commit to");
  }
  ByteReader r(sealed_sections, "sealed sections");
  std::optional<Bytes> master;
  while (r.remaining() > 0) {
    auto kind = r.U8();
    auto section_group = r.U16();
    auto seq = r.U32();
    auto payload = r.Blob32();
    if (!kind.ok() || !section_group.ok() || !seq.ok() || !payload.ok()) {
      return Corrupt("carries malformed sealed sections");
    }
    if (*kind == static_cast<uint8_t>(backup::SectionKind::kSealedMaster) &&
        *section_group == group && !master) {
      master.emplace(payload->begin(), payload->end());
    }
  }
  if (!master) return Corrupt("carries no sealed master for its group");
  return *master;
}

Result<MachinePublicKey> CheckEntryBody(const backup::IndexEntry& entry, const LmsPublicKey& self,
                                        const std::vector<IssuerPublicKey>& served) {
  const std::string id = entry.license_id.ToString();
  auto body = DecodeLicenseBody(entry.body);
  if (!body.ok() || body->license_id != entry.license_id || body->kid != entry.kid ||
      crypto::Hash256(entry.body) != entry.body_hash) {
    return Corrupt("has an index entry whose license body is not license " + id);
  }
  if (!crypto::Verify(body->issuer.signing, entry.body, entry.body_signature)) {
    return Status(Code::kBadSignature,
                  "license " + id +
                      " in the request is not signed by the issuer it names; nothing was "
                      "granted or used up");
  }
  if (std::find(served.begin(), served.end(), body->issuer) == served.end()) {
    return Status(Code::kUntrustedIssuer,
                  "license " + id + " was issued by " + body->issuer.ToString() +
                      ", an issuer this License Management Service does not serve; nothing "
                      "was granted or used up. Its operator lists the issuers it serves in the "
                      "policy's \"issuers\" (docs/lms.md)");
  }
  if (!body->lms || body->lms->key != self) {
    return Status(Code::kBadSignature,
                  "license " + id +
                      " names another License Management Service; only that service can "
                      "authorise its restore");
  }
  return body->machine;
}

Result<std::vector<MachinePublicKey>> CheckEntryBodies(
    const std::vector<backup::IndexEntry>& entries, const LmsPublicKey& self,
    const std::vector<IssuerPublicKey>& served, WorkerPool& pool) {
  // Below this a batch is checked faster than its slices are handed out.
  constexpr size_t kParallelFrom = 64;
  std::vector<std::optional<Result<MachinePublicKey>>> checked(entries.size());
  auto check = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      checked[i].emplace(CheckEntryBody(entries[i], self, served));
  };
  if (entries.size() < kParallelFrom || pool.size() < 2) {
    check(0, entries.size());
  } else {
    pool.SubmitSlices(entries.size(), [&](size_t, size_t begin, size_t end) { check(begin, end); })
        ->Wait();
  }
  std::vector<MachinePublicKey> machines;
  machines.reserve(entries.size());
  for (auto& result : checked) {
    if (!result->ok()) return result->status();
    machines.push_back(std::move(*result).value());
  }
  return machines;
}

Status CheckSourceHolds(const backup::IndexEntry& entry,
                        const std::optional<MachinePublicKey>& issued_to,
                        const std::string& source_id, const std::vector<Placement>& placements) {
  if (issued_to && issued_to->MachineId() == source_id) return Status::Ok();
  const bool placed = std::any_of(placements.begin(), placements.end(),
                                  [&](const Placement& p) { return p.machine_id == source_id; });
  if (placed) return Status::Ok();
  const std::string id = entry.license_id.ToString();
  if (!issued_to) {
    return Status(Code::kUnsupportedVersion,
                  "the backup set has format version 1, which does not show that its source "
                  "machine holds its licenses, and this service has not placed license " +
                      id + " on that machine (" + source_id +
                      "); nothing was granted or used up. Make a new backup on the source "
                      "machine with this version of relic and restore that");
  }
  return Status(Code::kWrongMachine,
                "the backup set's source machine (" + source_id + ") does not hold license " + id +
                    ": it was issued to machine " + issued_to->MachineId() +
                    " and this service has not placed it on the source; nothing was granted or "
                    "used up. Restore from a backup made on a machine that holds the license");
}

}  // namespace relic::lms
