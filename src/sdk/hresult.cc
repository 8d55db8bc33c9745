// SPDX-License-Identifier: Apache-2.0
#include "sdk/hresult.h"

#include "nserror.h"

namespace relic::sdk {

HRESULT HResultFromStatus(const Status& status) {
  switch (status.code()) {
    case Code::kOk:
      return S_OK;
    case Code::kBusy:
      return NS_E_DRM_BACKUPRESTORE_BUSY;
    case Code::kBackupExists:
      return NS_E_DRM_BACKUP_EXISTS;
    case Code::kBackupCorrupt:
      return NS_E_DRM_BACKUP_CORRUPT;
    case Code::kRestoreFraud:
      return NS_E_DRM_RESTORE_FRAUD;
    case Code::kServiceUnavailable:
    case Code::kStaleChallenge:
      return NS_E_DRM_RESTORE_SERVICE_UNAVAILABLE;
    case Code::kNeedsIndividualization:
    case Code::kNotInitialized:
      return NS_E_DRM_NEEDS_INDIVIDUALIZATION;
    case Code::kCanceled:
      return NS_E_DRM_OPERATION_CANCELED;
    // An answer that is not what the service the licenses name would send.
    case Code::kBadSignature:
    case Code::kMalformed:
      return NS_E_BACKUP_RESTORE_BAD_DATA;
    // A missing folder or set, a wrong or missing passphrase, a bad path.
    case Code::kInvalidArgument:
    case Code::kNotFound:
      return E_INVALIDARG;
    // The home, its store or the disk under it.
    case Code::kAlreadyExists:
    case Code::kIoError:
    case Code::kNoSpace:
    case Code::kPermissionDenied:
    case Code::kCorrupt:
    case Code::kAlreadyInitialized:
    case Code::kForeignInstallation:
    case Code::kNoInstallationId:
    case Code::kUnsupportedVersion:
    case Code::kWrongMachine:
    case Code::kUntrustedIssuer:
    case Code::kNoLicense:
    case Code::kNotYetValid:
    case Code::kExpired:
    case Code::kNoPlaysLeft:
      return NS_E_DRM_LICENSE_STORE_ERROR;
    case Code::kInternal:
      return E_UNEXPECTED;
  }
  return E_UNEXPECTED;
}

}  // namespace relic::sdk
