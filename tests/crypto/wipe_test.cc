// SPDX-License-Identifier: Apache-2.0
// Buffers that briefly hold secrets (a machine's or the service's key file,
// an unsealed backup master, a passphrase) are wiped when relic is done
// with them, so a core dump or a swapped-out page read later with the
// system's own tools (adversary A5 with root on the machine afterwards) does
// not hold them. The buffers outlive the wipe here, so the test reads what
// is left in their storage.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "crypto/secret.h"
#include "relic/env.h"
#include "relic/status.h"

namespace relic::crypto {
namespace {

bool AllZero(const char* p, size_t n) {
  return std::all_of(p, p + n, [](char c) { return c == 0; });
}

// Adversary A5: a passphrase read with its line end, then cut, leaves bytes
// past its size; all of them go.
TEST(WipeTest, WipeBufferZeroesTheWholeStorageOfAString) {
  std::string passphrase(200, 'p');
  passphrase.resize(150);
  const char* storage = passphrase.data();
  const size_t capacity = passphrase.capacity();
  ASSERT_GE(capacity, 200u);
  WipeBuffer(passphrase);
  EXPECT_TRUE(passphrase.empty());
  ASSERT_EQ(passphrase.data(), storage);  // no reallocation: the same bytes
  EXPECT_TRUE(AllZero(storage, capacity));
}

Status UseKeyFile(Bytes& file, bool fail) {
  const WipeOnExit wipe(file);
  if (fail) return Status(Code::kCorrupt, "the key file is damaged");
  return Status::Ok();
}

// Adversary A5: a key file's bytes are wiped on the early error return as
// well as on success.
TEST(WipeTest, WipeOnExitWipesOnEveryPathOut) {
  for (bool fail : {false, true}) {
    Bytes file(180, 0xA5);
    file.reserve(256);
    const auto* storage = reinterpret_cast<const char*>(file.data());
    const size_t capacity = file.capacity();
    Status s = UseKeyFile(file, fail);
    EXPECT_EQ(s.ok(), !fail);
    EXPECT_TRUE(file.empty());
    ASSERT_EQ(reinterpret_cast<const char*>(file.data()), storage);
    EXPECT_TRUE(AllZero(storage, capacity)) << (fail ? "on the error path" : "on success");
  }
}

// Adversary A5: the `relic` command's request holds the passphrase it read
// in an optional string (BackupRequest/RestoreRequest::passphrase); its
// guard wipes it when the command ends.
TEST(WipeTest, WipeOnExitWipesAnOptionalPassphrase) {
  std::optional<std::string> passphrase;
  { const WipeOnExit none(passphrase); }  // nothing to wipe, nothing breaks
  EXPECT_FALSE(passphrase.has_value());
  passphrase = std::string(120, 'q');
  const char* storage = passphrase->data();
  const size_t capacity = passphrase->capacity();
  { const WipeOnExit wipe(passphrase); }
  ASSERT_TRUE(passphrase.has_value());
  EXPECT_TRUE(passphrase->empty());
  ASSERT_EQ(passphrase->data(), storage);
  EXPECT_TRUE(AllZero(storage, capacity));
}

}  // namespace
}  // namespace relic::crypto
