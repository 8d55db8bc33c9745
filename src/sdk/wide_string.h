// SPDX-License-Identifier: Apache-2.0
// UTF-16 (WCHAR, as the SDK passes text) to and from UTF-8 (relic's paths
// and key IDs).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "relic_com.h"

namespace relic::sdk {

// nullopt for unpaired surrogates or an embedded NUL.
std::optional<std::string> Utf8FromUtf16(std::u16string_view text);
std::u16string Utf16FromUtf8(std::string_view text);

// The length of a NUL-terminated WCHAR string.
size_t WideLength(const WCHAR* text);

}  // namespace relic::sdk
