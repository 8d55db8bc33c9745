// SPDX-License-Identifier: Apache-2.0
// Access for relic's own engines (backup, restore) to what a Machine hides
// from API users: its identity's secret keys and the concrete store.
#pragma once

#include "machine/identity_file.h"
#include "relic/machine.h"

namespace relic {

class SqliteStore;

const MachineIdentity& InternalIdentity(Machine& machine);
SqliteStore& InternalStore(Machine& machine);

}  // namespace relic
