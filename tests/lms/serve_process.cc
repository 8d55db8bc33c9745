// SPDX-License-Identifier: Apache-2.0
#include "serve_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace relic::testing {

ServeProcess::ServeProcess(const std::vector<std::string>& args, const std::string& stderr_path)
    : stderr_path_(stderr_path) {
  std::vector<std::string> argv = {RELIC_LMS_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_args;
  for (auto& a : argv) c_args.push_back(a.data());
  c_args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  if (posix_spawn(&pid_, c_args[0], &actions, nullptr, c_args.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string ServeProcess::Stderr() const {
  std::ifstream in(stderr_path_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool ServeProcess::Signal(int signal) { return pid_ > 0 && ::kill(pid_, signal) == 0; }

bool ServeProcess::WaitForStderr(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (Stderr().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

std::string ServeProcess::WaitReady(std::chrono::milliseconds timeout) {
  const std::string marker = "relic-lms: serving on ";
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
    const std::string err = Stderr();
    size_t at = err.find(marker);
    size_t end = at == std::string::npos ? at : err.find('\n', at);
    if (end != std::string::npos) return err.substr(at + marker.size(), end - at - marker.size());
    // With --log-format json: {"time":...,"message":"serving on","url":"URL"}
    const std::string json_marker = "\"message\":\"serving on\",\"url\":\"";
    at = err.find(json_marker);
    end = at == std::string::npos ? at : err.find('"', at + json_marker.size());
    if (end != std::string::npos) {
      return err.substr(at + json_marker.size(), end - at - json_marker.size());
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      // Exited without getting ready; Wait() reports how.
      pid_ = -1;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

int ServeProcess::Wait(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

int ServeProcess::Terminate(std::chrono::milliseconds timeout) {
  if (pid_ <= 0) return exit_code_;
  kill(pid_, SIGTERM);
  return Wait(timeout);
}

}  // namespace relic::testing
