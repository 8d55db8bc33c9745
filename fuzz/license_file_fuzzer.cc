// SPDX-License-Identifier: Apache-2.0
// License files come from issuers and from anyone who hands the user a
// file (adversary A3 in docs/threat-model.md, the author of a crafted file): the store parses them
// before any signature is checked. Also the license grants the store keeps beside restored
// licenses, which arrive inside backup sets.
#include "format/grant.h"
#include "format/license_format.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  relic::ByteView input(data, size);
  auto parsed = relic::ParseLicenseFile(input);
  if (parsed.ok()) {
    // The body is parsed already; re-decoding its exact bytes must agree,
    // since the signature covers them and nothing is re-serialised.
    auto body = relic::DecodeLicenseBody(parsed->body_bytes);
    if (!body.ok()) __builtin_trap();
    (void)relic::VerifyLicenseSignature(*parsed);
    if (parsed->body.lms) (void)relic::ValidateLmsUrl(parsed->body.lms->url);
  }
  (void)relic::DecodeLicenseBody(input);
  auto grant = relic::lms::DecodeLicenseGrant(input);
  if (grant.ok()) (void)relic::lms::DecodeGrantRoot(grant->root_bytes);
  return 0;
}
