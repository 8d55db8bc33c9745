// SPDX-License-Identifier: Apache-2.0
#include "restore/record_verifier.h"

#include <string>

namespace relic::restore {
namespace {

// The license's own checks, against the grant and the set.
Status CheckLicense(const RecordExpectation& expected, const lms::GrantLeaf& leaf,
                    const backup::RecordPlain& record, const ParsedLicense& parsed) {
  const LicenseBody& body = parsed.body;
  auto refuse = [&](const std::string& why) {
    return Status(Code::kBadSignature, "license " + body.license_id.ToString() + " in the backup " +
                                           why + "; nothing was restored");
  };
  if (body.license_id != leaf.license_id) return refuse("is not the one granted");
  if (crypto::Hash256(parsed.body_bytes) != leaf.body_hash) {
    return refuse("does not match the terms the service granted");
  }
  if (!VerifyLicenseSignature(parsed).ok()) {
    return refuse("has an invalid issuer signature (forged rights)");
  }
  if (!body.rights.allow_backup) return refuse("does not allow backup, so it cannot be restored");
  if (!body.lms || body.lms->key != expected.lms_key) {
    return refuse("names another License Management Service");
  }
  if (body.machine != expected.source) {
    // Restored onto the source earlier: its grant must prove that.
    auto grant = lms::DecodeLicenseGrant(record.grant);
    if (record.grant.empty() || !grant.ok() ||
        !lms::VerifyLicenseGrant(*grant, body.lms->key, body.license_id, leaf.body_hash,
                                 expected.source)
             .ok()) {
      return refuse("was neither issued nor granted to the machine the backup came from");
    }
  }
  if (ComputeCheckValue(record.content_key, body.kid) != body.check_value) {
    return refuse("carries a content key that does not match its KID");
  }
  return Status::Ok();
}

}  // namespace

Result<VerifiedRecord> VerifyRecord(const RecordExpectation& expected, const lms::GrantLeaf& leaf,
                                    const backup::Key& record_key, ByteView sealed) {
  auto plain = backup::OpenRecord(record_key, sealed,
                                  backup::RecordAssociatedData(expected.set_id, leaf.license_id));
  if (!plain.ok()) {
    return Status(Code::kBackupCorrupt, "a record of license " + leaf.license_id.ToString() +
                                            " does not open with the key the service released");
  }
  auto record = backup::DecodeRecord(*plain);
  crypto::Wipe(plain->data(), plain->size());
  if (!record.ok()) return Status(Code::kBackupCorrupt, "a record is malformed");
  RELIC_ASSIGN_OR_RETURN(ParsedLicense parsed, ParseLicenseFile(record->license_file));
  RELIC_RETURN_IF_ERROR(CheckLicense(expected, leaf, *record, parsed));
  return VerifiedRecord{std::move(record).value(), std::move(parsed)};
}

}  // namespace relic::restore
