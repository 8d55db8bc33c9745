// SPDX-License-Identifier: Apache-2.0
// The only JSON the restore protocol exchanges over the network: one object
// whose members are strings (or scalars, which are ignored). Read without
// building a document, and refused at the first nested object or array, so
// that a hostile body costs no more memory than its own bytes (a DOM parse
// of 5.5 MB of '[' takes over 400 MB). Both the service (requests) and the
// client (answers, challenges, errors) read through it.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "relic/status.h"

namespace relic::lms {

// The object's string members by name. kMalformed (a message that completes
// "the body …") for anything but one object of scalars: another type at the
// top, a nested object or array, a member given twice, trailing bytes, or
// JSON that does not parse.
Result<std::map<std::string, std::string, std::less<>>> ParseFlatJsonObject(std::string_view json);

}  // namespace relic::lms
