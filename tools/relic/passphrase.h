// SPDX-License-Identifier: Apache-2.0
// Reading a backup passphrase: from a file (scripts), or typed on the
// terminal without echo (people).
#pragma once

#include <optional>
#include <string>

#include "relic/status.h"

namespace relic::cli {

// The file's content without one trailing newline; an empty one is refused.
Result<std::string> ReadPassphraseFile(const std::string& path);

// Prompts on the terminal; with `confirm`, asks twice and insists they match.
// kInvalidArgument when standard input is not a terminal.
Result<std::string> PromptPassphrase(bool confirm);

}  // namespace relic::cli
