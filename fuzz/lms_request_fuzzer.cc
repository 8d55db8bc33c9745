// SPDX-License-Identifier: Apache-2.0
// What the License Management Service parses from any client on the network
// (adversary A3, the author of a crafted request): the JSON body of POST /v1/restore, then the
// signed binary request inside it, then the backup-set header the request carries. Inputs are
// either the JSON (as on the wire) or the bare binary message, so that mutations reach the binary
// decoder without having to keep base64 valid.
#include <string_view>

#include "backup/backup_set_codec.h"
#include "fuzz_target.h"
#include "protocol/protocol.h"

namespace {

void DecodeRequest(relic::ByteView message) {
  auto request = relic::lms::DecodeRestoreRequest(message);
  if (!request.ok()) return;
  (void)relic::backup::DecodeHeaderCore(request->header);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto wrapped = relic::lms::UnwrapSigned("request", text, relic::lms::kMaxRequestSize);
  if (wrapped.ok()) DecodeRequest(wrapped->message);
  DecodeRequest(relic::ByteView(data, size));
  return 0;
}
