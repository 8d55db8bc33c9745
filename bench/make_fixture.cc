// SPDX-License-Identifier: Apache-2.0
// make_fixture CACHE_DIR COUNT: builds (or finds) a cached store of COUNT
// licenses and prints shell assignments for scripts/bench-backup.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "fixture.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_fixture CACHE_DIR COUNT\n");
    return 2;
  }
  auto fixture = relic::bench::EnsureStore(argv[1], std::strtoull(argv[2], nullptr, 10));
  if (!fixture.ok()) {
    std::fprintf(stderr, "make_fixture: %s\n", fixture.status().ToString().c_str());
    return 1;
  }
  std::printf("FIXTURE_ROOT='%s'\nFIXTURE_HOME='%s'\nFIXTURE_MACHINE_ID_FILE='%s'\n",
              fixture->root.c_str(), fixture->home.c_str(), fixture->installation_id_file.c_str());
  return 0;
}
