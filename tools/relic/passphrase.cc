// SPDX-License-Identifier: Apache-2.0
#include "passphrase.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common.h"
#include "crypto/secret.h"

namespace relic::cli {
namespace {

Result<std::string> ReadHidden(const char* prompt) {
  std::fprintf(stderr, "%s", prompt);
  std::fflush(stderr);
  termios old_mode{};
  ::tcgetattr(STDIN_FILENO, &old_mode);
  termios hidden = old_mode;
  hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &hidden);
  std::string line;
  // Room for any passphrase typed by hand, so that reading it does not
  // reallocate and leave a copy behind in freed memory.
  line.reserve(1024);
  const crypto::WipeOnExit wipe(line);
  bool got = static_cast<bool>(std::getline(std::cin, line));
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::fprintf(stderr, "\n");
  if (!got) return Status(Code::kInvalidArgument, "no passphrase was entered");
  return std::string(line);  // a copy: the guard wipes `line` itself
}

}  // namespace

Result<std::string> ReadPassphraseFile(const std::string& path) {
  RELIC_ASSIGN_OR_RETURN(Bytes bytes, ReadInputFile(path, 4096));
  const crypto::WipeOnExit wipe_bytes(bytes);
  std::string text(bytes.begin(), bytes.end());
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (text.empty()) {
    return Status(Code::kInvalidArgument,
                  path + ": the passphrase file is empty; write the passphrase into it");
  }
  return text;  // the caller's request holds it from here, and wipes it
}

Result<std::string> PromptPassphrase(bool confirm) {
  if (::isatty(STDIN_FILENO) != 1) {
    return Status(Code::kInvalidArgument,
                  "--passphrase asks on a terminal, and standard input is not one; use "
                  "--passphrase-file FILE in scripts");
  }
  RELIC_ASSIGN_OR_RETURN(std::string first, ReadHidden("Backup passphrase: "));
  const crypto::WipeOnExit wipe_first(first);
  if (first.empty()) return Status(Code::kInvalidArgument, "the passphrase is empty");
  if (confirm) {
    RELIC_ASSIGN_OR_RETURN(std::string second, ReadHidden("Again, to confirm: "));
    const crypto::WipeOnExit wipe_second(second);
    if (second != first) {
      return Status(Code::kInvalidArgument, "the two passphrases differ; nothing was written");
    }
  }
  return std::string(first);
}

}  // namespace relic::cli
