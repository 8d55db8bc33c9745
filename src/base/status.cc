// SPDX-License-Identifier: Apache-2.0
#include "relic/status.h"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace relic {
namespace {

struct CodeInfo {
  Code code;
  std::string_view name;
  int exit_code;
};

// Exit codes start at 10 so they never collide with the shell's own (1, 2,
// 126, 127); command-line usage errors exit with 2.
constexpr std::array kCodes = {
    CodeInfo{Code::kOk, "ok", 0},
    CodeInfo{Code::kInvalidArgument, "invalid_argument", 10},
    CodeInfo{Code::kNotFound, "not_found", 11},
    CodeInfo{Code::kAlreadyExists, "already_exists", 12},
    CodeInfo{Code::kIoError, "io_error", 13},
    CodeInfo{Code::kNoSpace, "no_space", 14},
    CodeInfo{Code::kPermissionDenied, "permission_denied", 15},
    CodeInfo{Code::kCorrupt, "corrupt", 16},
    CodeInfo{Code::kMalformed, "malformed", 17},
    CodeInfo{Code::kNotInitialized, "not_initialized", 18},
    CodeInfo{Code::kAlreadyInitialized, "already_initialized", 19},
    CodeInfo{Code::kForeignInstallation, "foreign_installation", 20},
    CodeInfo{Code::kNoInstallationId, "no_installation_id", 21},
    CodeInfo{Code::kWrongMachine, "wrong_machine", 22},
    CodeInfo{Code::kUntrustedIssuer, "untrusted_issuer", 23},
    CodeInfo{Code::kBadSignature, "bad_signature", 24},
    CodeInfo{Code::kNoLicense, "no_license", 25},
    CodeInfo{Code::kNotYetValid, "not_yet_valid", 26},
    CodeInfo{Code::kExpired, "expired", 27},
    CodeInfo{Code::kNoPlaysLeft, "no_plays_left", 28},
    CodeInfo{Code::kBusy, "busy", 29},
    CodeInfo{Code::kCanceled, "canceled", 30},
    CodeInfo{Code::kUnsupportedVersion, "unsupported_version", 31},
    CodeInfo{Code::kBackupExists, "backup_exists", 32},
    CodeInfo{Code::kBackupCorrupt, "backup_corrupt", 33},
    CodeInfo{Code::kRestoreFraud, "restore_fraud", 34},
    CodeInfo{Code::kServiceUnavailable, "service_unavailable", 35},
    CodeInfo{Code::kNeedsIndividualization, "needs_individualization", 36},
    CodeInfo{Code::kStaleChallenge, "stale_challenge", 37},
    CodeInfo{Code::kInternal, "internal", 70},
};

const CodeInfo& InfoFor(Code code) {
  for (const auto& info : kCodes) {
    if (info.code == code) return info;
  }
  return kCodes.back();
}

}  // namespace

std::string_view CodeName(Code code) { return InfoFor(code).name; }

int ExitCodeFor(Code code) { return InfoFor(code).exit_code; }

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

namespace internal {

void DieOfValueOnError(const Status& status) {
  std::fprintf(stderr, "relic: Result::value() called on an error: %s\n",
               status.ToString().c_str());
  std::abort();
}

}  // namespace internal

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code_, std::string(context) + ": " + message_);
}

}  // namespace relic
