// SPDX-License-Identifier: Apache-2.0
// The restore's store write: puts a verified record into this machine's
// store, inside the restore's one write transaction, with the license grant
// that proves the service approved it and the merged secure state. A
// license whose issuer this machine does not trust stops the restore; one
// that has expired is not written.
#pragma once

#include <cstdint>
#include <vector>

#include "format/grant.h"
#include "protocol/protocol.h"
#include "relic/ids.h"
#include "relic/status.h"
#include "restore/record_verifier.h"
#include "store/sqlite_store.h"

namespace relic::restore {

class RestoredLicenseWriter {
 public:
  // `now` is the restore's notion of time: the latest of the set's source
  // clock, the service's time and this store's clock.
  RestoredLicenseWriter(SqliteStore& store, std::vector<IssuerPublicKey> trusted, int64_t now)
      : store_(store), trusted_(std::move(trusted)), now_(now) {}

  enum class Outcome { kRestored, kExpired };

  // Writes the license granted as leaf `index` of `granted`'s answer.
  // `wrapped_key` is the record's content key wrapped for this store
  // (SqliteStore::WrapContentKey), or empty to wrap it here.
  Result<Outcome> Write(VerifiedRecord verified, Bytes wrapped_key,
                        const lms::RestoreAnswer& answer, const lms::MerkleTree& tree,
                        size_t index);

 private:
  SqliteStore& store_;
  const std::vector<IssuerPublicKey> trusted_;
  const int64_t now_;
};

}  // namespace relic::restore
