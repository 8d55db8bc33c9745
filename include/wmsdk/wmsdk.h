// SPDX-License-Identifier: Apache-2.0
/* wmsdk.h: the Windows Media Format SDK umbrella header, as on Windows: the
 * backup restorer API (wmsdkidl.h) and its status codes (nserror.h). Part of
 * relic; see docs/sdk.md. */
#ifndef RELIC_WMSDK_WMSDK_H
#define RELIC_WMSDK_WMSDK_H

#include "relic_com.h"
#include "wmsdkidl.h"
#include "nserror.h"

#endif /* RELIC_WMSDK_WMSDK_H */
