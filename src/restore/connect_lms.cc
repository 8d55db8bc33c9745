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

Result<std::unique_ptr<LmsClient>> ConnectLms(const std::string& url, const LmsCallBounds& bounds) {
  if (Factory()) return Factory()(url);
  HttpClientOptions options;
  options.bounds = bounds;
  return NewHttpLmsClient(url, options);
}

}  // namespace relic
