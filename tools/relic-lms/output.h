// SPDX-License-Identifier: Apache-2.0
// How `relic-lms` reports: results on stdout, failures as one
// "relic-lms: <message>" line on stderr with the code's exit code.
#pragma once

#include <nlohmann/json.hpp>

#include "relic/status.h"

namespace relic::lms_cli {

// JSON objects keep their fields in the order the code adds them.
using Json = nlohmann::ordered_json;

// Prints "relic-lms: <message>" on stderr and returns ExitCodeFor(code).
int ReportFailure(const Status& status);

// 0 for an OK status; otherwise ReportFailure.
int Finish(const Status& status);

// JSON text, with invalid UTF-8 replaced rather than thrown on.
std::string JsonText(const Json& value, int indent);

}  // namespace relic::lms_cli
