// SPDX-License-Identifier: Apache-2.0
// Runs programs (above all the `relic` binary, RELIC_CLI_PATH) as child
// processes with a controlled environment, capturing exit code, stdout and
// stderr, for tests that check what a user of the command line sees.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace relic::testing {

struct ProcessResult {
  // The exit status, or 128 + the signal number if a signal ended the child
  // (as shells report it); -1 if it could not be started.
  int exit_code = -1;
  std::string out;  // everything written to stdout
  std::string err;  // everything written to stderr
  bool timed_out = false;
  long max_rss_kib = 0;  // the child's peak resident memory (getrusage's ru_maxrss)

  // The lines of stderr, without their line breaks.
  std::vector<std::string> ErrLines() const;
  // Exit code and both streams, for failure messages.
  std::string Describe() const;
};

// Variables set in the child's environment. The child inherits the test's
// environment except HOME and every RELIC_* and XDG_* variable; HOME is set to
// `home_fallback` of RunOptions so nothing reaches the real home directory.
using EnvVars = std::map<std::string, std::string>;

struct RunOptions {
  EnvVars env;
  std::string home_fallback = "/nonexistent";
  std::chrono::seconds timeout{300};
  // Runs the child without the capabilities that let root ignore file
  // modes (support/file_access.h), so a test of a refused access holds as root.
  bool without_file_access_override = false;
};

// A started child whose stdin is /dev/null and whose stdout and stderr go to
// temporary files (so a child never blocks on a full pipe, and many children
// can run at once).
class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& argv, const RunOptions& options);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  Subprocess(Subprocess&& other) noexcept;

  // Waits for the child to end (killing it after the timeout) and collects
  // its output. Call once.
  ProcessResult Wait();
  // Sends `signo` to the child, as a user pressing Ctrl-C (SIGINT) would.
  void Signal(int signo) const;

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::chrono::seconds timeout_;
  std::string start_error_;
};

// Runs argv[0] with argv to completion.
ProcessResult RunProcess(const std::vector<std::string>& argv, const RunOptions& options);

// Runs the relic binary with `args`.
ProcessResult RunCli(const std::vector<std::string>& args, const RunOptions& options);

}  // namespace relic::testing
