// SPDX-License-Identifier: Apache-2.0
// What a restoring machine parses from whatever answers at the service's URL
// (adversary A4, a rogue or impersonated service, and A3's crafted answers): the JSON body,
// the signed binary answer inside it with its grant root, and the envelope's
// plain text. Inputs are the JSON or the bare binary message.
#include <string_view>

#include "format/grant.h"
#include "fuzz_target.h"
#include "protocol/protocol.h"

namespace {

void DecodeAnswer(relic::ByteView message) {
  auto answer = relic::lms::DecodeRestoreAnswer(message);
  if (!answer.ok()) return;
  // The decoded root must be what its bytes say: nothing is re-serialised.
  auto root = relic::lms::DecodeGrantRoot(answer->root_bytes);
  if (!root.ok()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto wrapped = relic::lms::UnwrapSigned("answer", text, relic::lms::kMaxRequestSize);
  if (wrapped.ok()) DecodeAnswer(wrapped->message);
  relic::ByteView bytes(data, size);
  DecodeAnswer(bytes);
  (void)relic::lms::DecodeEnvelopePlain(bytes);
  return 0;
}
