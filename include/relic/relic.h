// SPDX-License-Identifier: Apache-2.0
// The relic C++ API.
#pragma once

#include "relic/backup.h"
#include "relic/env.h"
#include "relic/home.h"
#include "relic/ids.h"
#include "relic/issuer.h"
#include "relic/license.h"
#include "relic/machine.h"
#include "relic/operation.h"
#include "relic/restore.h"
#include "relic/rights.h"
#include "relic/status.h"
#include "relic/store.h"
#include "relic/version.h"
