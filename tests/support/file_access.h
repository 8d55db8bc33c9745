// SPDX-License-Identifier: Apache-2.0
// Root reads and writes files whatever their modes say (CAP_DAC_OVERRIDE,
// CAP_DAC_READ_SEARCH), and CI runs the tests as root. Tests that check what
// a user sees when the OS refuses access run without those two
// capabilities instead of skipping: root then gets the owner's permission
// bits like anyone else.
#pragma once

#include <string>
#include <vector>

namespace relic::testing {

// Lowers both capabilities in the calling thread's effective set for its
// lifetime (the env's calls run in the calling thread); does nothing for a
// user who does not hold them. Check ok() before relying on it.
class WithoutFileAccessOverride {
 public:
  WithoutFileAccessOverride();
  ~WithoutFileAccessOverride();
  WithoutFileAccessOverride(const WithoutFileAccessOverride&) = delete;
  WithoutFileAccessOverride& operator=(const WithoutFileAccessOverride&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  bool lowered_ = false;
  std::string error_;
};

// The command a child is started under so that it runs without both
// capabilities, even as root (setpriv from util-linux, which every Debian
// system has): the exec of a root process would otherwise grant them again.
std::vector<std::string> WithoutFileAccessOverrideCommand();

}  // namespace relic::testing
