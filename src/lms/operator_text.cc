// SPDX-License-Identifier: Apache-2.0
#include "lms/operator_text.h"

namespace relic::lms {
namespace {

// Well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF)
// without C0, DEL or C1 controls, which would let a reason forge log lines.
bool IsPlainUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t n = 0;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      cp = c & 0x1fu;
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      cp = c & 0x0fu;
      n = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      cp = c & 0x07u;
      n = 4;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
      return false;
    }
    i += n;
  }
  return true;
}

}  // namespace

Status CheckOperatorName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '@' || c == '-');
  }
  if (ok) return Status::Ok();
  return Status(Code::kInvalidArgument,
                "an operator name is 1 to 64 characters of letters, digits and . _ @ -");
}

Status CheckReason(std::string_view reason) {
  if (reason.empty() || reason.size() > kMaxReasonBytes || !IsPlainUtf8(reason)) {
    return Status(Code::kInvalidArgument,
                  "give a reason of 1 to " + std::to_string(kMaxReasonBytes) +
                      " bytes of UTF-8 text without control characters (it goes into the audit "
                      "trail)");
  }
  return Status::Ok();
}

}  // namespace relic::lms
