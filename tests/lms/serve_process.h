// SPDX-License-Identifier: Apache-2.0
// `relic-lms serve` as a child process: started with its stderr in a file,
// ready once it prints "relic-lms: serving on URL", stopped with SIGTERM.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace relic::testing {

class ServeProcess {
 public:
  // Runs RELIC_LMS_PATH with `args`; stderr goes to `stderr_path`.
  ServeProcess(const std::vector<std::string>& args, const std::string& stderr_path);
  ~ServeProcess();  // kills the child if it still runs
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // The URL of the ready line, or "" if the child exited (or the time ran
  // out) first.
  std::string WaitReady(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  // Sends SIGTERM and waits; the exit code, 128 + signal, or -1 on timeout.
  int Terminate(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  // Waits for the child to exit by itself; as Terminate.
  int Wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  std::string Stderr() const;
  // Sends `signal` to the child; false if it is not running.
  bool Signal(int signal);
  // Waits until stderr contains `text`; false if the time ran out first.
  bool WaitForStderr(const std::string& text,
                     std::chrono::milliseconds timeout = std::chrono::milliseconds(10000)) const;
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;  // once reaped
  std::string stderr_path_;
};

}  // namespace relic::testing
