// SPDX-License-Identifier: Apache-2.0
// Errors are values in relic: every fallible call returns a Status or a
// Result<T>, and no exception crosses the public API.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "relic/export.h"

namespace relic {

// Stable error codes. Each has its own process exit code (see ExitCodeFor and
// docs/exit-codes.md), so scripts can tell failures apart. Never renumber.
enum class Code : int {
  kOk = 0,
  kInvalidArgument = 1,          // a malformed argument: a bad KID, time or key text
  kNotFound = 2,                 // a named file, license or issuer does not exist
  kAlreadyExists = 3,            // something that must not exist yet does
  kIoError = 4,                  // the operating system refused a read or write
  kNoSpace = 5,                  // the disk is full
  kPermissionDenied = 6,         // the operating system denied access
  kCorrupt = 7,                  // stored data fails its own integrity checks
  kMalformed = 8,                // outside input (license, package) is not well formed
  kNotInitialized = 9,           // the relic home has no machine identity yet
  kAlreadyInitialized = 10,      // `relic init` on a home that has one
  kForeignInstallation = 11,     // the home belongs to another OS installation
  kNoInstallationId = 12,        // the OS installation has no usable machine-id
  kWrongMachine = 13,            // a license issued to another machine
  kUntrustedIssuer = 14,         // a license signed by an issuer this machine does not trust
  kBadSignature = 15,            // a signature or check value does not verify
  kNoLicense = 16,               // no stored license for a package's KID
  kNotYetValid = 17,             // the license's begin time is in the future
  kExpired = 18,                 // the license's expiry time has passed
  kNoPlaysLeft = 19,             // the play count is used up
  kBusy = 20,                    // another operation holds the store
  kCanceled = 21,                // the caller canceled the operation
  kUnsupportedVersion = 22,      // a format version this build does not read
  kInternal = 23,                // a bug in relic: please report it
  kBackupExists = 24,            // the folder already holds a backup set
  kBackupCorrupt = 25,           // a backup set fails verification
  kRestoreFraud = 26,            // the LMS refused licenses: restore limit reached
  kServiceUnavailable = 27,      // the License Management Service cannot be reached
  kNeedsIndividualization = 28,  // restore onto a home without identity, not allowed to create one
  kStaleChallenge = 29,          // an LMS request's challenge is unknown, used or expired
};

// The stable, lower-case name of a code as it appears in JSON output.
RELIC_EXPORT std::string_view CodeName(Code code);

// The process exit code the command-line tools use for a code (0 for kOk).
RELIC_EXPORT int ExitCodeFor(Code code);

class [[nodiscard]] RELIC_EXPORT Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {
    assert(code != Code::kOk);
  }

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // What went wrong and what to do about it, in one line.
  const std::string& message() const { return message_; }
  std::string ToString() const;

  // Adds what the caller was doing in front of the message, keeping the code.
  Status WithContext(std::string_view context) const;

  // Marks a Status that is deliberately dropped (for example a cleanup that
  // already failed for another reason).
  void IgnoreError() const {}

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

namespace internal {
// Writes "relic: Result::value() called on an error: <status>" to stderr and
// aborts.
[[noreturn]] void DieOfValueOnError(const Status& status);
}  // namespace internal

template <typename T>
class [[nodiscard]] Result {
 public:
  // Implicit by design, so that `return value;` and `return status;` work.
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // On an error these abort the process, naming the error, in every build:
  // reading a value that is not there is a bug in the caller.
  T& value() & {
    if (!ok()) internal::DieOfValueOnError(status_);
    return *value_;
  }
  const T& value() const& {
    if (!ok()) internal::DieOfValueOnError(status_);
    return *value_;
  }
  T&& value() && {
    if (!ok()) internal::DieOfValueOnError(status_);
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace relic

// Returns early from the enclosing function when `expr` yields a failed Status.
#define RELIC_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::relic::Status relic_status_ = (expr);        \
    if (!relic_status_.ok()) return relic_status_; \
  } while (false)

#define RELIC_CONCAT_INNER(a, b) a##b
#define RELIC_CONCAT(a, b) RELIC_CONCAT_INNER(a, b)

// `RELIC_ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the error.
// `decl` is a declaration and `tmp` a name, which parentheses would not
// compile: hence the NOLINT.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define RELIC_ASSIGN_OR_RETURN(decl, expr) \
  RELIC_ASSIGN_OR_RETURN_IMPL(RELIC_CONCAT(relic_result_, __LINE__), decl, expr)
#define RELIC_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  decl = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
