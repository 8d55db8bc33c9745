// SPDX-License-Identifier: Apache-2.0
#include "restore/lms_client.h"

namespace relic {
namespace {
LmsClientFactory& Factory() {
  static LmsClientFactory factory;
  return factory;
}
}  // namespace

void SetLmsClientFactoryForTesting(LmsClientFactory factory) { Factory() = std::move(factory); }

Result<std::unique_ptr<LmsClient>> ConnectLms(const std::string& url) {
  if (Factory()) return Factory()(url);
  return NewHttpLmsClient(url);
}

}  // namespace relic
