// SPDX-License-Identifier: Apache-2.0
#include "support/file_access.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace relic::testing {
namespace {

constexpr uint32_t kOverrides = (1U << CAP_DAC_OVERRIDE) | (1U << CAP_DAC_READ_SEARCH);

// capget/capset straight from the kernel: libcap is not a dependency, and
// only the first word of the sets holds these two capabilities.
bool Capabilities(__user_cap_data_struct (&data)[2]) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return syscall(SYS_capget, &header, data) == 0;
}
bool SetCapabilities(__user_cap_data_struct (&data)[2]) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return syscall(SYS_capset, &header, data) == 0;
}

}  // namespace

WithoutFileAccessOverride::WithoutFileAccessOverride() {
  __user_cap_data_struct data[2]{};
  if (!Capabilities(data)) {
    error_ = std::string("capget: ") + std::strerror(errno);
    return;
  }
  if ((data[0].effective & kOverrides) == 0) return;
  data[0].effective &= ~kOverrides;
  if (!SetCapabilities(data)) {
    error_ = std::string("capset: ") + std::strerror(errno);
    return;
  }
  lowered_ = true;
}

WithoutFileAccessOverride::~WithoutFileAccessOverride() {
  if (!lowered_) return;
  __user_cap_data_struct data[2]{};
  // Raising them again is allowed: they stayed in the permitted set.
  if (Capabilities(data)) {
    data[0].effective |= kOverrides & data[0].permitted;
    (void)SetCapabilities(data);
  }
}

std::vector<std::string> WithoutFileAccessOverrideCommand() {
  return {"/usr/bin/setpriv", "--inh-caps=-dac_override,-dac_read_search",
          "--bounding-set=-dac_override,-dac_read_search", "--"};
}

}  // namespace relic::testing
