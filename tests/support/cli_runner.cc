// SPDX-License-Identifier: Apache-2.0
#include "support/cli_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <thread>
#include <utility>

#include "support/file_access.h"

extern char** environ;

namespace relic::testing {
namespace {

bool IsControlledVariable(std::string_view entry) {
  return entry.rfind("RELIC_", 0) == 0 || entry.rfind("XDG_", 0) == 0 ||
         entry.rfind("HOME=", 0) == 0;
}

std::vector<std::string> ChildEnvironment(const RunOptions& options) {
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!IsControlledVariable(*entry)) env.emplace_back(*entry);
  }
  env.push_back("HOME=" + options.home_fallback);
  for (const auto& [name, value] : options.env) env.push_back(name + "=" + value);
  return env;
}

// An anonymous temporary file for the child's output.
int TempOutputFile() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string((tmp && *tmp) ? tmp : "/tmp") + "/relic-cli-out-XXXXXX";
  int fd = mkstemp(pattern.data());
  if (fd >= 0) unlink(pattern.c_str());
  return fd;
}

std::string ReadAll(int fd) {
  std::string data;
  if (fd < 0) return data;
  char buffer[65536];
  off_t offset = 0;
  for (;;) {
    ssize_t n = pread(fd, buffer, sizeof buffer, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  return data;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

std::vector<std::string> ProcessResult::ErrLines() const {
  std::vector<std::string> lines;
  std::istringstream in(err);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string ProcessResult::Describe() const {
  std::ostringstream s;
  s << "exit code " << exit_code << (timed_out ? " (timed out)" : "") << "\n--- stdout ---\n"
    << out << "--- stderr ---\n"
    << err << "---";
  return s.str();
}

Subprocess::Subprocess(const std::vector<std::string>& argv, const RunOptions& options)
    : timeout_(options.timeout) {
  out_fd_ = TempOutputFile();
  err_fd_ = TempOutputFile();
  if (out_fd_ < 0 || err_fd_ < 0) {
    start_error_ = std::string("cannot create output files: ") + std::strerror(errno);
    return;
  }
  std::vector<std::string> args = argv;
  if (options.without_file_access_override) {
    args = WithoutFileAccessOverrideCommand();
    args.insert(args.end(), argv.begin(), argv.end());
  }
  std::vector<std::string> env = ChildEnvironment(options);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(env);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_fd_, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd_, 2);
  int rc = posix_spawn(&pid_, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    pid_ = -1;
    start_error_ = "cannot start " + argv[0] + ": " + std::strerror(rc);
  }
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)),
      out_fd_(std::exchange(other.out_fd_, -1)),
      err_fd_(std::exchange(other.err_fd_, -1)),
      timeout_(other.timeout_),
      start_error_(std::move(other.start_error_)) {}

Subprocess::~Subprocess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void Subprocess::Signal(int signo) const {
  if (pid_ > 0) ::kill(pid_, signo);
}

ProcessResult Subprocess::Wait() {
  ProcessResult result;
  if (pid_ <= 0) {
    result.err = start_error_;
    return result;
  }
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  int status = 0;
  rusage usage{};
  for (;;) {
    pid_t done = wait4(pid_, &status, WNOHANG, &usage);
    if (done == pid_) break;
    if (done < 0 && errno != EINTR) {
      result.err = std::string("waitpid: ") + std::strerror(errno);
      pid_ = -1;
      return result;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      wait4(pid_, &status, 0, &usage);
      result.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  pid_ = -1;
  result.max_rss_kib = usage.ru_maxrss;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
  result.out = ReadAll(out_fd_);
  result.err = ReadAll(err_fd_);
  return result;
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const RunOptions& options) {
  return Subprocess(argv, options).Wait();
}

ProcessResult RunCli(const std::vector<std::string>& args, const RunOptions& options) {
  std::vector<std::string> argv = {RELIC_CLI_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, options);
}

}  // namespace relic::testing
