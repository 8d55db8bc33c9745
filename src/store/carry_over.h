// SPDX-License-Identifier: Apache-2.0
// What survives reindividualization: the secure state of every license ever
// stored (so no play is given back), the anti-rollback clock and the
// trusted issuers. Licenses themselves do not: they are bound to the old
// identity and come back through a restore.
#pragma once

#include "store/sqlite_db.h"

namespace relic {

// Copies the carried-over state from `from` into `to` in one transaction of
// `to`. Rows are streamed, never all held in memory.
Status CarryOverState(Db& from, Db& to);

}  // namespace relic
