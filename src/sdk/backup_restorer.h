// SPDX-License-Identifier: Apache-2.0
// The backup restorer object behind WMCreateBackupRestorer: one COM object
// with IWMLicenseBackup, IWMLicenseRestore and IWMBackupRestoreProps over
// relic's backup and restore engines (docs/sdk.md).
#pragma once

#include "relic/home.h"
#include "wmsdk.h"

namespace relic::sdk {

// WMCreateBackupRestorer with the home's installation and trust settings
// given rather than read from the environment (tests, embedders).
HRESULT CreateBackupRestorer(IUnknown* callback, const HomeOptions& options,
                             IWMLicenseBackup** backup);

}  // namespace relic::sdk
