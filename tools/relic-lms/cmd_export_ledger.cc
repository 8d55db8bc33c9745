// SPDX-License-Identifier: Apache-2.0
// relic-lms export-ledger [--database URL] [--home DIR] > FILE
//
// JSON lines: a header {"relic_ledger_export":1,"schema_version":N}, then
// one {"table":T,"values":[...]} per row, blobs in base64. import-ledger
// reads it back into any backend.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <memory>

#include "base/text_codec.h"
#include "cli.h"
#include "database_option.h"
#include "lms/ledger_schema.h"
#include "output.h"

namespace relic::lms_cli {
namespace {

Status RunExport(const DatabaseOptions& options) {
  RELIC_ASSIGN_OR_RETURN(auto ledger, OpenCommandLedger(options));
  Json header{{"relic_ledger_export", 1}, {"schema_version", lms::LatestLedgerSchemaVersion()}};
  std::printf("%s\n", JsonText(header, -1).c_str());
  std::map<std::string, uint64_t> counts;
  uint64_t total = 0;
  RELIC_RETURN_IF_ERROR(ledger->ExportRows([&](const lms::LedgerRow& row) -> Status {
    Json values = Json::array();
    for (const auto& v : row.values) {
      if (const auto* i = std::get_if<int64_t>(&v)) {
        values.push_back(*i);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        values.push_back(*s);
      } else {
        values.push_back(Base64Encode(std::get<Bytes>(v)));
      }
    }
    Json line{{"table", row.table}, {"values", std::move(values)}};
    if (std::printf("%s\n", JsonText(line, -1).c_str()) < 0) {
      return Status(Code::kIoError, "cannot write the export to standard output");
    }
    ++counts[row.table];
    ++total;
    return Status::Ok();
  }));
  std::string detail;
  for (const auto& table : lms::LedgerTables()) {
    detail += std::string(detail.empty() ? "" : ", ") + table.name + ": " +
              std::to_string(counts[table.name]);
  }
  std::fprintf(stderr, "relic-lms: exported %llu rows (%s)\n",
               static_cast<unsigned long long>(total), detail.c_str());
  return Status::Ok();
}

}  // namespace

void RegisterExportLedgerCommand(CLI::App& app, Commands& commands) {
  auto options = std::make_shared<DatabaseOptions>();
  CLI::App* command = app.add_subcommand(
      "export-ledger", "write every record of the ledger to standard output (JSON lines)");
  AddDatabaseOptions(command, options.get(), /*home_required=*/false);
  command->callback([&commands, options] {
    commands.action = [options] { return Finish(RunExport(*options)); };
  });
}

}  // namespace relic::lms_cli
