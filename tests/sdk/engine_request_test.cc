// SPDX-License-Identifier: Apache-2.0
// What both SDK APIs put in every engine request, whatever the caller's
// flags: the home, its options, the folder and the library's defaults.
#include "sdk/engine_request.h"

#include <gtest/gtest.h>

#include <chrono>

#include "relic/backup.h"
#include "relic/restore.h"

namespace relic::sdk {
namespace {

// Adversary A4: a rogue LMS that never answers, or drips its answer. The
// SDK has no deadline parameter of its own, so IWMLicenseRestore and
// IWMDRMLicenseManagement restores must carry the API's default deadline,
// the one `relic restore` uses without --timeout, which the CLI's hostile
// LMS tests show ends such a restore with the store unchanged.
TEST(SdkEngineRequestTest, RestoresCarryTheDefaultRestoreDeadline) {
  HomeOptions options;
  options.installation_id_file = "/tmp/machine-id";
  const auto request = NewRequest<RestoreRequest>("/home/a/.relic", options, "/media/set");
  EXPECT_EQ(request.timeout, kDefaultRestoreTimeout);
  EXPECT_EQ(kDefaultRestoreTimeout, std::chrono::seconds(300));  // docs/cli.md, --timeout
  EXPECT_EQ(request.home, "/home/a/.relic");
  EXPECT_EQ(request.folder, "/media/set");
  EXPECT_EQ(request.home_options.installation_id_file, "/tmp/machine-id");
  EXPECT_FALSE(request.passphrase.has_value());
  EXPECT_FALSE(request.dry_run);
}

}  // namespace
}  // namespace relic::sdk
