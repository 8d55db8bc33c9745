// SPDX-License-Identifier: Apache-2.0
// How failed operating-system calls become Status values. PosixEnv reports
// real errno values through it and MemEnv reports the errno a real file
// system would have given, so both environments produce the same codes and
// the same messages for the same mistakes.
#pragma once

#include <string_view>

#include "relic/status.h"

namespace relic {

// ENOENT -> kNotFound, EEXIST -> kAlreadyExists, EACCES/EPERM/EROFS ->
// kPermissionDenied, ENOSPC/EDQUOT -> kNoSpace, EISDIR/ENOTDIR ->
// kInvalidArgument, anything else -> kIoError.
Code CodeForErrno(int err);

// `what` names the operation and its path ("cannot open /x/y"); the message
// adds the system's error text and what the user can do about it:
// "cannot open /x/y: Permission denied; check the file's owner and permissions".
Status ErrnoStatus(std::string_view what, int err);

}  // namespace relic
