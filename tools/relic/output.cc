// SPDX-License-Identifier: Apache-2.0
#include "output.h"

#include <algorithm>
#include <cstdio>

#include <fmt/format.h>

namespace relic::cli {

int ReportFailure(const Status& status) {
  // The message is one line by contract; keep stderr to one line even if a
  // message ever carried a line break.
  std::string message = status.message();
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::fflush(stdout);  // keep the order of what a terminal shows
  // fputs, not fmt::print: reporting a failure must not throw.
  std::fputs(("relic: " + message + "\n").c_str(), stderr);
  return ExitCodeFor(status.code());
}

int Finish(const Status& status) { return status.ok() ? 0 : ReportFailure(status); }

namespace {

// File names need not be UTF-8 on Linux; JSON text must be. Invalid bytes
// become U+FFFD rather than an exception.
std::string Dump(const Json& value) {
  return value.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

void PrintJson(const Json& value) { fmt::print("{}\n", Dump(value)); }

Json TimeJson(std::optional<int64_t> unix_seconds) {
  if (!unix_seconds) return nullptr;
  return FormatRfc3339(*unix_seconds);
}

std::string TimeText(std::optional<int64_t> unix_seconds, std::string_view if_none) {
  return unix_seconds ? FormatRfc3339(*unix_seconds) : std::string(if_none);
}

Json CountJson(std::optional<uint32_t> count) {
  if (!count) return nullptr;
  return *count;
}

void JsonArrayPrinter::Add(const Json& element) {
  std::string text = Dump(element);
  // Indent the element one level inside the array.
  std::string indented = "  ";
  for (char c : text) {
    indented += c;
    if (c == '\n') indented += "  ";
  }
  fmt::print("{}{}", empty_ ? "[\n" : ",\n", indented);
  empty_ = false;
}

void JsonArrayPrinter::Finish() { fmt::print("{}", empty_ ? "[]\n" : "\n]\n"); }

TablePrinter::TablePrinter(std::vector<Column> columns) : columns_(std::move(columns)) {
  for (auto& column : columns_) column.width = std::max(column.width, column.header.size());
}

void TablePrinter::Row(const std::vector<std::string>& cells) {
  if (!header_printed_) {
    std::vector<std::string> headers;
    for (const auto& column : columns_) headers.push_back(column.header);
    Print(headers);
    header_printed_ = true;
  }
  Print(cells);
}

void TablePrinter::Print(const std::vector<std::string>& cells) const {
  std::string line;
  for (size_t i = 0; i < columns_.size(); ++i) {
    const std::string& cell = i < cells.size() ? cells[i] : std::string();
    if (i + 1 == columns_.size()) {
      line += cell;
    } else {
      line += fmt::format("{:<{}}  ", cell, columns_[i].width);
    }
  }
  fmt::print("{}\n", line);
}

}  // namespace relic::cli
