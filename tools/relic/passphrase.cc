// SPDX-License-Identifier: Apache-2.0
#include "passphrase.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "common.h"

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
  bool got = static_cast<bool>(std::getline(std::cin, line));
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
  std::fprintf(stderr, "\n");
  if (!got) return Status(Code::kInvalidArgument, "no passphrase was entered");
  return line;
}

}  // namespace

Result<std::string> ReadPassphraseFile(const std::string& path) {
  RELIC_ASSIGN_OR_RETURN(Bytes bytes, ReadInputFile(path, 4096));
  std::string text(bytes.begin(), bytes.end());
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (text.empty()) {
    return Status(Code::kInvalidArgument,
                  path + ": the passphrase file is empty; write the passphrase into it");
  }
  return text;
}

Result<std::string> PromptPassphrase(bool confirm) {
  if (::isatty(STDIN_FILENO) != 1) {
    return Status(Code::kInvalidArgument,
                  "--passphrase asks on a terminal, and standard input is not one; use "
                  "--passphrase-file FILE in scripts");
  }
  RELIC_ASSIGN_OR_RETURN(std::string first, ReadHidden("Backup passphrase: "));
  if (first.empty()) return Status(Code::kInvalidArgument, "the passphrase is empty");
  if (confirm) {
    RELIC_ASSIGN_OR_RETURN(std::string second, ReadHidden("Again, to confirm: "));
    if (second != first) {
      return Status(Code::kInvalidArgument, "the two passphrases differ; nothing was written");
    }
  }
  return first;
}

}  // namespace relic::cli
