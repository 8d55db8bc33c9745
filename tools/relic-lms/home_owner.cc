// SPDX-License-Identifier: Apache-2.0
#include "home_owner.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace relic::lms_cli {

Status RefuseRootOnForeignHome(const std::string& home, const std::string& command) {
  if (::geteuid() != 0) return Status::Ok();
  // Not through Env: the question is about this process's credentials and
  // the real file's owner, which only the operating system knows (Env
  // models file contents, not users).
  struct stat st {};
  if (::stat(home.c_str(), &st) != 0 || st.st_uid == 0) return Status::Ok();
  std::string user = "uid " + std::to_string(st.st_uid);
  passwd entry{};
  passwd* found = nullptr;
  char buffer[1024];
  if (::getpwuid_r(st.st_uid, &entry, buffer, sizeof buffer, &found) == 0 && found != nullptr) {
    user = found->pw_name;
  }
  return Status(Code::kPermissionDenied,
                "refusing to run " + command + " as root on " + home + ", which belongs to " +
                    user + ": files root creates there could not be opened by the service; run " +
                    "it as that user: sudo -u " + user + " relic-lms " + command + " --home " +
                    home + " ...");
}

}  // namespace relic::lms_cli
