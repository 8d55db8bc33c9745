// SPDX-License-Identifier: Apache-2.0
// relic-lms import-ledger [--database URL] [--home DIR] < FILE
//
// Reads what export-ledger wrote into the ledger, in one transaction: rows
// the ledger holds already are skipped, so nothing is duplicated and an
// interrupted import can simply be run again.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>

#include "base/text_codec.h"
#include "cli.h"
#include "database_option.h"
#include "lms/ledger_schema.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

Status BadLine(uint64_t line, const std::string& why) {
  return Status(Code::kMalformed, "line " + std::to_string(line) + " of the import " + why +
                                      "; nothing was imported (give it what `relic-lms "
                                      "export-ledger` wrote)");
}

Status CheckHeader(const std::string& text) {
  Json header = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("relic_ledger_export") ||
      !header.contains("schema_version") || !header["schema_version"].is_number_integer()) {
    return BadLine(1, "is not the header of a ledger export");
  }
  const int version = header["schema_version"].get<int>();
  if (version != lms::LatestLedgerSchemaVersion()) {
    return Status(Code::kUnsupportedVersion,
                  "the export comes from a ledger at schema version " + std::to_string(version) +
                      " and this relic-lms writes version " +
                      std::to_string(lms::LatestLedgerSchemaVersion()) +
                      "; export it with the relic-lms of that version after `relic-lms migrate`, "
                      "or use the same version on both sides");
  }
  return Status::Ok();
}

Result<bool> NextRow(uint64_t* line_number, lms::LedgerRow* row) {
  std::string text;
  if (!std::getline(std::cin, text)) {
    if (std::cin.bad()) return Status(Code::kIoError, "cannot read the import from standard input");
    return false;
  }
  ++*line_number;
  Json line = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!line.is_object() || !line["table"].is_string() || !line["values"].is_array()) {
    return BadLine(*line_number, "is not {\"table\": ..., \"values\": [...]}");
  }
  row->table = line["table"].get<std::string>();
  const lms::LedgerTable* table = lms::FindLedgerTable(row->table);
  if (table == nullptr) return BadLine(*line_number, "names an unknown table " + row->table);
  const Json& values = line["values"];
  if (values.size() != table->columns.size()) {
    return BadLine(*line_number, "has " + std::to_string(values.size()) + " values for the " +
                                     std::to_string(table->columns.size()) + " columns of " +
                                     row->table);
  }
  row->values.clear();
  for (size_t c = 0; c < values.size(); ++c) {
    const Json& v = values[c];
    switch (table->columns[c].type) {
      case lms::LedgerColumnType::kInteger:
        if (!v.is_number_integer())
          return BadLine(*line_number,
                         "has a non-integer in column " + std::string(table->columns[c].name));
        row->values.emplace_back(v.get<int64_t>());
        break;
      case lms::LedgerColumnType::kText:
        if (!v.is_string())
          return BadLine(*line_number,
                         "has a non-string in column " + std::string(table->columns[c].name));
        row->values.emplace_back(v.get<std::string>());
        break;
      case lms::LedgerColumnType::kBlob: {
        auto bytes = v.is_string() ? Base64Decode(v.get<std::string>()) : std::nullopt;
        if (!bytes)
          return BadLine(*line_number,
                         "has no base64 in column " + std::string(table->columns[c].name));
        row->values.emplace_back(std::move(*bytes));
        break;
      }
    }
  }
  return true;
}

Status RunImport(const DatabaseOptions& options) {
  std::string header;
  if (!std::getline(std::cin, header)) {
    return Status(Code::kMalformed,
                  "the import on standard input is empty; give it what `relic-lms export-ledger` "
                  "wrote (relic-lms import-ledger ... < FILE)");
  }
  RELIC_RETURN_IF_ERROR(CheckHeader(header));
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options));
  uint64_t line_number = 1;
  RELIC_ASSIGN_OR_RETURN(lms::ImportCounts counts,
                         ledger->ImportRows([&](lms::LedgerRow* row) -> Result<bool> {
                           return NextRow(&line_number, row);
                         }));
  std::printf("Imported %llu rows of %llu (%llu were in the ledger already).\n",
              static_cast<unsigned long long>(counts.inserted),
              static_cast<unsigned long long>(counts.read),
              static_cast<unsigned long long>(counts.read - counts.inserted));
  return Status::Ok();
}

}  // namespace

void RegisterImportLedgerCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* command = app.add_subcommand(
      "import-ledger", "read an export-ledger file from standard input into the ledger");
  AddDatabaseOptions(command, options.get(), /*home_required=*/false);
  command->callback([&commands, options] {
    commands.action = [options] { return Finish(RunImport(*options)); };
  });
}

}  // namespace relic::lms_cli
