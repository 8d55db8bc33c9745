// SPDX-License-Identifier: Apache-2.0
// A client of the restore protocol that calls an Authority in the same
// process: tests, fuzz seeds and benchmarks restore through it without
// sockets. It belongs to the server library, so the shared client library
// never carries the Authority.
#pragma once

#include <memory>

#include "lms/authority.h"
#include "restore/lms_client.h"

namespace relic {

std::unique_ptr<LmsClient> NewLocalLmsClient(lms::Authority* authority);

}  // namespace relic
