// SPDX-License-Identifier: Apache-2.0
// Builds large license stores quickly through the library: licenses are
// issued and verified on all cores and added in batches of one transaction
// each. A built store is cached in a directory and reused by later runs.
#pragma once

#include <string>

#include "relic/ids.h"
#include "relic/status.h"

namespace relic::bench {

struct Fixture {
  std::string root;  // everything lives under here
  std::string home;  // the machine's relic home
  std::string installation_id_file;
  std::string lms_home;  // relic-lms home whose key the licenses name
};

// Returns a fixture with `count` licenses that allow backup (443-byte license
// files, about 680 bytes a license in the store), creating it under
// `cache_dir` unless already there.
Result<Fixture> EnsureStore(const std::string& cache_dir, size_t count);

// The fixture's backup set, written anew in <root>/backup.
Result<std::string> EnsureBackup(const Fixture& fixture);

// A trust directory holding the fixture issuer's key, for new machines.
Result<std::string> EnsureTrustDir(const Fixture& fixture);

// The fixture issuer's key, which a service restoring its licenses serves.
Result<IssuerPublicKey> FixtureIssuer(const Fixture& fixture);

}  // namespace relic::bench
