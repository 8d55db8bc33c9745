// SPDX-License-Identifier: Apache-2.0
// Compiled against an installed relic only: every public header must be
// found under the install prefix, and the call must link to librelic.so.
#include <relic/relic.h>
#include <relic/status.h>

#include <iostream>

int main() {
  std::cout << relic::CodeName(relic::Code::kNotFound) << "\n";
  return 0;
}
