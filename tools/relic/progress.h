// SPDX-License-Identifier: Apache-2.0
// A progress bar on stderr, drawn only when stderr is a terminal and the
// output is not JSON, so scripts and logs never see control characters.
#pragma once

#include <cstdint>
#include <string>

namespace relic::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  void Update(uint64_t done, uint64_t total);
  // Clears the bar's line (before printing the summary).
  void Done();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  int last_percent_ = -1;
};

// Whether stderr is a terminal.
bool StderrIsTerminal();

}  // namespace relic::cli
