// SPDX-License-Identifier: Apache-2.0
#include "output.h"

#include <algorithm>
#include <cstdio>

namespace relic::lms_cli {

int ReportFailure(const Status& status) {
  // One line by contract, even if a message ever carried a line break.
  std::string message = status.message();
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::fflush(stdout);
  std::fputs(("relic-lms: " + message + "\n").c_str(), stderr);
  return ExitCodeFor(status.code());
}

int Finish(const Status& status) { return status.ok() ? 0 : ReportFailure(status); }

std::string JsonText(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace relic::lms_cli
