// SPDX-License-Identifier: Apache-2.0
// Helpers the command groups share: finding and opening the machine, reading
// input files with clear errors, and parsing argument text with the option's
// name in the error.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "cli.h"
#include "relic/relic.h"

namespace relic::cli {

// The home directory: --home, else $RELIC_HOME, else the XDG default.
Result<std::string> HomeDir(const GlobalOptions& global);

// Opens the machine in the home. The library's errors already say what to do
// (run `relic init`, restore or reindividualize).
Result<std::unique_ptr<Machine>> OpenMachine(const GlobalOptions& global);

// Puts `subject` (a file name, an option) in front of the message unless the
// message already names it as a word of its own (so a file called "empty" is
// not taken as named by "the file is empty;"), keeping the code.
Status WithSubject(const Status& status, std::string_view subject);

// Puts `subject` in front of the message, always: for library calls that
// never see the file name (they take bytes).
Status WithFile(const Status& status, std::string_view file);

// Reads a whole input file of at most max_size bytes. A missing file gives
// kNotFound and a directory kInvalidArgument, each naming the path; other
// failures keep the library's code with the path in the message.
Result<Bytes> ReadInputFile(const std::string& path, uint64_t max_size);

// Parses the canonical text of an ID or key (Kid, LicenseId, MachinePublicKey,
// LmsPublicKey, IssuerPublicKey) given for `option`.
template <typename T>
Result<T> ParseArgument(std::string_view option, std::string_view text) {
  Result<T> parsed = T::Parse(text);
  if (!parsed.ok()) return WithSubject(parsed.status(), option);
  return parsed;
}

// Parses an RFC 3339 time given for `option`.
Result<int64_t> ParseTimeArgument(std::string_view option, std::string_view text);

}  // namespace relic::cli
