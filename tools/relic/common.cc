// SPDX-License-Identifier: Apache-2.0
#include "common.h"

#include <fmt/format.h>

namespace relic::cli {

Result<std::string> HomeDir(const GlobalOptions& global) { return ResolveHome(global.home); }

Result<std::unique_ptr<Machine>> OpenMachine(const GlobalOptions& global) {
  RELIC_ASSIGN_OR_RETURN(std::string home, HomeDir(global));
  return Machine::Open(home);
}

namespace {

// Whether `text` contains `word` delimited by the start or end of the text,
// spaces or quotes (what a library message puts around a path).
bool NamesWord(std::string_view text, std::string_view word) {
  auto is_boundary = [](char c) { return c == ' ' || c == '\'' || c == '"' || c == '`'; };
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    size_t end = at + word.size();
    bool starts = at == 0 || is_boundary(text[at - 1]);
    // Or followed by ": " as in "cannot open x.rlic: Permission denied"
    // (but not by other punctuation: "the file is empty;" does not name a
    // file called "empty").
    bool ends = end == text.size() || is_boundary(text[end]) || text.substr(end, 2) == ": ";
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace

Status WithSubject(const Status& status, std::string_view subject) {
  if (status.ok() || subject.empty()) return status;
  if (NamesWord(status.message(), subject)) return status;
  return status.WithContext(subject);
}

Status WithFile(const Status& status, std::string_view file) {
  if (status.ok()) return status;
  return status.WithContext(file);
}

Result<Bytes> ReadInputFile(const std::string& path, uint64_t max_size) {
  Env* env = Env::Default();
  Result<FileInfo> info = env->Stat(path);
  if (!info.ok()) {
    if (info.status().code() == Code::kNotFound) {
      return Status(Code::kNotFound, fmt::format("{}: no such file; check the path", path));
    }
    return WithSubject(info.status(), path);
  }
  if (info->type == FileType::kDirectory) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is a directory; give the path of a file", path));
  }
  // Checked before opening: reading a FIFO or a device may never end.
  if (info->type != FileType::kRegular) {
    return Status(Code::kInvalidArgument,
                  fmt::format("{} is not a regular file (a FIFO, a device or a socket); give the "
                              "path of a file",
                              path));
  }
  Result<Bytes> data = ReadWholeFile(env, path, max_size);
  if (!data.ok()) return WithSubject(data.status(), path);
  return data;
}

Result<int64_t> ParseTimeArgument(std::string_view option, std::string_view text) {
  Result<int64_t> parsed = ParseRfc3339(text);
  if (!parsed.ok()) {
    return Status(parsed.status().code(),
                  fmt::format("{}: '{}' is not an RFC 3339 time such as 2030-01-31T18:00:00Z "
                              "(a date, 'T', a time and 'Z' or an offset like +01:00)",
                              option, text));
  }
  return parsed;
}

}  // namespace relic::cli
