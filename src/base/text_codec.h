// SPDX-License-Identifier: Apache-2.0
// Text forms of binary values: lower-case hex and RFC 4648 base64 (standard
// and URL-safe alphabets). Decoders are strict: they accept exactly the form
// the encoders produce, so every value has one canonical text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "relic/env.h"

namespace relic {

std::string HexEncode(ByteView data);
std::optional<Bytes> HexDecode(std::string_view text);

std::string Base64Encode(ByteView data);  // standard alphabet, padded
std::optional<Bytes> Base64Decode(std::string_view text);

std::string Base64UrlEncode(ByteView data);  // URL-safe alphabet, unpadded
std::optional<Bytes> Base64UrlDecode(std::string_view text);

}  // namespace relic
