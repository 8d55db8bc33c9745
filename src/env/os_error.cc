// SPDX-License-Identifier: Apache-2.0
#include "env/os_error.h"

#include <cerrno>
#include <string>
#include <system_error>

namespace relic {

Code CodeForErrno(int err) {
  switch (err) {
    case ENOENT:
      return Code::kNotFound;
    case EEXIST:
      return Code::kAlreadyExists;
    case EACCES:
    case EPERM:
    case EROFS:
      return Code::kPermissionDenied;
    case ENOSPC:
    case EDQUOT:
      return Code::kNoSpace;
    case EISDIR:
    case ENOTDIR:
      return Code::kInvalidArgument;
    default:
      return Code::kIoError;
  }
}

namespace {

std::string_view AdviceFor(int err) {
  switch (err) {
    case ENOENT:
      return "check the path: the file or one of its directories does not exist";
    case EEXIST:
      return "remove it or choose another name";
    case EACCES:
    case EPERM:
      return "check the file's owner and permissions";
    case EROFS:
      return "the file system is mounted read-only; remount it read-write or use another location";
    case ENOSPC:
      return "free some disk space and retry";
    case EDQUOT:
      return "free some space or ask for a larger disk quota, then retry";
    case ENOTDIR:
      return "a component of the path is a file, not a directory; check the path";
    case ENOTEMPTY:
      return "remove its entries first";
    default:
      return "check the disk and the system log";
  }
}

}  // namespace

Status ErrnoStatus(std::string_view what, int err) {
  std::string message(what);
  // The system's text for EISDIR ("Is a directory") does not say what was
  // wrong with the request, which is the useful part here.
  if (err == EISDIR) {
    message += ": is a directory, expected a file";
    return Status(CodeForErrno(err), std::move(message));
  }
  message += ": ";
  message += std::error_code(err, std::generic_category()).message();
  message += "; ";
  message += AdviceFor(err);
  return Status(CodeForErrno(err), std::move(message));
}

}  // namespace relic
