// SPDX-License-Identifier: Apache-2.0
#include "lms/ledger_url.h"

#include <cctype>

namespace relic::lms {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The end of a URI's authority (user:password@host:port), which ends at
// the first '/', '?' or '#' after the scheme.
size_t AuthorityEnd(std::string_view uri, size_t start) {
  size_t end = uri.find_first_of("/?#", start);
  return end == std::string_view::npos ? uri.size() : end;
}

bool IsPasswordKey(std::string_view key) {
  std::string lower;
  for (char c : key) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  while (!lower.empty() && lower.front() == ' ') lower.erase(0, 1);
  return lower == "password";
}

}  // namespace

std::string RedactPasswords(std::string_view text) {
  std::string out(text);
  // In a URI: the part between the user's ':' and the '@'.
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    size_t pos = 0;
    while ((pos = out.find(scheme, pos)) != std::string::npos) {
      const size_t start = pos + scheme.size();
      const size_t end = AuthorityEnd(out, start);
      const size_t at = out.rfind('@', end);
      if (at != std::string::npos && at >= start) {
        const size_t colon = out.find(':', start);
        if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
      }
      pos = start;
    }
  }
  // password=... as a URI parameter or a key=value pair.
  size_t pos = 0;
  while ((pos = out.find('=', pos)) != std::string::npos) {
    size_t key_start = pos;
    while (key_start > 0 && (std::isalnum(static_cast<unsigned char>(out[key_start - 1])) ||
                             out[key_start - 1] == '_')) {
      --key_start;
    }
    if (IsPasswordKey(std::string_view(out).substr(key_start, pos - key_start))) {
      size_t value_end = pos + 1;
      if (value_end < out.size() && out[value_end] == '\'') {
        ++value_end;
        while (value_end < out.size() && out[value_end] != '\'') {
          value_end += out[value_end] == '\\' ? 2 : 1;
        }
        value_end = std::min(value_end + 1, out.size());
      } else {
        while (value_end < out.size() && out[value_end] != '&' && out[value_end] != ' ' &&
               out[value_end] != '#') {
          ++value_end;
        }
      }
      out.replace(pos + 1, value_end - pos - 1, "***");
      pos += 4;
    } else {
      ++pos;
    }
  }
  return out;
}

Result<LedgerLocation> ParseLedgerUrl(std::string_view url, PasswordPolicy passwords) {
  LedgerLocation location;
  if (url == "sqlite:" || url.empty()) {
    location.display = "sqlite:";
    return location;
  }
  const bool postgres = StartsWith(url, "postgresql://") || StartsWith(url, "postgres://");
  if (!postgres) {
    std::string shown = RedactPasswords(url);
    if (shown.size() > 80) shown = shown.substr(0, 80) + "...";
    return Status(Code::kInvalidArgument,
                  "--database \"" + shown +
                      "\" is not a ledger URL: use sqlite: for the ledger in the home, or "
                      "postgresql://[user@][host][:port][/dbname][?param=value...] (docs/lms.md)");
  }
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == ' ' || c == 0x7f) {
      return Status(Code::kInvalidArgument,
                    "the database URL " + RedactPasswords(url) +
                        " contains spaces or control characters; percent-encode them (%20)");
    }
  }
  location.kind = LedgerLocation::Kind::kPostgresql;
  location.conninfo = std::string(url);
  location.display = RedactPasswords(url);
  if (location.display != url && passwords == PasswordPolicy::kRefuse) {
    return Status(Code::kInvalidArgument,
                  "the database URL " + location.display +
                      " carries a password, and a command line is visible to every user of the "
                      "machine: leave it out and put it in a password file (PGPASSFILE, "
                      "~/.pgpass) or the PGPASSWORD environment variable (docs/lms.md)");
  }
  return location;
}

}  // namespace relic::lms
