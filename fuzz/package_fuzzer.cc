// SPDX-License-Identifier: Apache-2.0
// Packages are content files anyone can hand the user (adversary A3): the
// header is parsed before any key is known, and the chunks are read and
// authenticated in a stream. The seeds (scripts/fuzz-seeds) are packaged
// under kFuzzContentKey, so mutations of their chunks reach the real
// authentication and framing checks rather than failing on the first key.
#include "crypto/crypto.h"
#include "format/package_format.h"
#include "fuzz_env.h"
#include "fuzz_keys.h"
#include "fuzz_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  relic::fuzz::FuzzFile input("/content.pkg", data, size);
  auto header = relic::ReadPackageHeader(input.env(), input.path());
  if (!header.ok()) return 0;
  relic::crypto::SymmetricKey key;
  std::memcpy(key.data(), relic::fuzz::kFuzzContentKey, key.size());
  (void)relic::DecryptPackage(input.env(), input.path(), *header, key, nullptr);
  return 0;
}
