// SPDX-License-Identifier: Apache-2.0
// How the `relic` command line prints: results on stdout (text, or JSON with
// --json), failures as one "relic: <message>" line on stderr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "relic/relic.h"

namespace relic::cli {

// JSON objects keep their fields in the order the code adds them.
using Json = nlohmann::ordered_json;

// Prints "relic: <message>" on stderr (one line) and returns the exit code
// for the status's code.
int ReportFailure(const Status& status);

// 0 for an OK status; otherwise ReportFailure.
int Finish(const Status& status);

// Prints a JSON value, indented, and a newline.
void PrintJson(const Json& value);

// A time as JSON: RFC 3339 text, or null.
Json TimeJson(std::optional<int64_t> unix_seconds);
// A time as text: RFC 3339, or `if_none`.
std::string TimeText(std::optional<int64_t> unix_seconds, std::string_view if_none);
// A count as JSON: the number, or null.
Json CountJson(std::optional<uint32_t> count);

// Streams the elements of a JSON array as they come, so that a long listing
// is never held in memory. Finish() closes the array ("[]" when empty).
class JsonArrayPrinter {
 public:
  void Add(const Json& element);
  void Finish();

 private:
  bool empty_ = true;
};

// Streams a table with fixed column widths; the header comes before the first
// row. The last column is not padded.
class TablePrinter {
 public:
  struct Column {
    std::string header;
    size_t width;
  };
  explicit TablePrinter(std::vector<Column> columns);
  void Row(const std::vector<std::string>& cells);
  bool empty() const { return !header_printed_; }

 private:
  void Print(const std::vector<std::string>& cells) const;
  std::vector<Column> columns_;
  bool header_printed_ = false;
};

}  // namespace relic::cli
