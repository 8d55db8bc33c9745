// SPDX-License-Identifier: Apache-2.0
#include "restore/restored_license_writer.h"

#include <algorithm>
#include <string>

namespace relic::restore {

Result<RestoredLicenseWriter::Outcome> RestoredLicenseWriter::Write(
    VerifiedRecord verified, Bytes wrapped_key, const lms::RestoreAnswer& answer,
    const lms::MerkleTree& tree, size_t index) {
  const LicenseBody& body = verified.parsed.body;
  if (std::find(trusted_.begin(), trusted_.end(), body.issuer) == trusted_.end()) {
    return Status(Code::kUntrustedIssuer,
                  "license " + body.license_id.ToString() + " comes from issuer " +
                      body.issuer.IssuerId() +
                      ", which this machine does not trust; trust it (relic trust add, or "
                      "the system trust directory) and restore again: the retry uses up "
                      "nothing more");
  }
  if (body.rights.expires && now_ >= *body.rights.expires) return Outcome::kExpired;
  const lms::GrantLeaf& leaf = answer.granted[index];
  lms::LicenseGrant grant;
  grant.root_bytes = answer.root_bytes;
  grant.signature = answer.root_signature;
  grant.leaf = leaf;
  grant.proof = tree.Proof(index);
  SqliteStore::RestoredLicense restored;
  restored.license_file = verified.record.license_file;
  restored.parsed = std::move(verified.parsed);
  restored.grant = lms::EncodeLicenseGrant(grant);
  restored.content_key = verified.record.content_key;
  restored.wrapped_key = std::move(wrapped_key);
  restored.plays_used = std::max(verified.record.plays_used, leaf.plays_used);
  restored.first_use = verified.record.first_use;
  RELIC_RETURN_IF_ERROR(store_.InsertRestored(restored, now_).status());
  return Outcome::kRestored;
}

}  // namespace relic::restore
