// SPDX-License-Identifier: Apache-2.0
// A source machine with a backup, an in-process License Management Service
// (the real Authority and SQLite ledger behind a local client), and a way
// to run restores onto simulated new machines.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "../backup/backup_fixture.h"
#include "lms/authority.h"
#include "lms/local_lms_client.h"
#include "lms/sqlite_ledger.h"
#include "relic/restore.h"

namespace relic::testing {

struct RestoreRun {
  Status start;
  std::vector<RestoreEvent> events;
  Status end;
  uint64_t restored = 0;
  std::vector<RestoreEventType> Types() const {
    std::vector<RestoreEventType> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
  }
  size_t Count(RestoreEventType type) const {
    size_t n = 0;
    for (const auto& e : events) n += e.type == type;
    return n;
  }
};

inline RestoreRun RunRestore(const RestoreRequest& request,
                             std::function<void(const RestoreEvent&, Operation&)> on_event = {}) {
  RestoreRun run;
  std::mutex mu;
  std::condition_variable ready;
  Operation* op_ptr = nullptr;
  auto op = StartRestore(request, [&](const RestoreEvent& e) {
    std::unique_lock<std::mutex> lock(mu);
    ready.wait(lock, [&] { return op_ptr != nullptr; });
    run.events.push_back(e);
    if (e.type == RestoreEventType::kEnd) run.restored = e.restored;
    if (on_event) on_event(e, *op_ptr);
  });
  if (!op.ok()) {
    run.start = op.status();
    return run;
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    op_ptr = op->get();
  }
  ready.notify_all();
  run.end = (*op)->Wait();
  return run;
}

class RestoreFixture : public BackupFixture {
 protected:
  void SetUp() override {
    BackupFixture::SetUp();
    std::filesystem::create_directory(world_.Path("system-trust"));
    std::string key = issuer_->public_key().ToString();
    WriteFileBytes(world_.Path("system-trust/deployment.key"),
                   ByteView(reinterpret_cast<const uint8_t*>(key.data()), key.size()));
    std::filesystem::create_directory(world_.Path("lms-home"));
    auto ledger = lms::SqliteLedger::Open(world_.env(), world_.Path("lms-home"));
    ASSERT_TRUE(ledger.ok()) << ledger.status().ToString();
    ledger_ = std::move(ledger).value();
    lms::LmsIdentity identity;
    identity.encryption = lms_.encryption;
    identity.signing = lms_.signing;
    authority_ =
        std::make_unique<lms::Authority>(identity, ledger_.get(), ServedPolicy(), &world_.clock());
    SetLmsClientFactoryForTesting([this](const std::string&) -> Result<std::unique_ptr<LmsClient>> {
      return NewLocalLmsClient(authority_.get());
    });
  }
  void TearDown() override { SetLmsClientFactoryForTesting(nullptr); }

  // The default policy, serving the fixture's issuer.
  lms::Policy ServedPolicy() const {
    lms::Policy policy;
    policy.refusal_url_prefix = "https://lms.example.test/limits";
    policy.issuers = {issuer_->public_key()};
    return policy;
  }

  // A machine that does not exist yet: its home and installation.
  RestoreRequest RestoreOnto(const std::string& name) {
    RestoreRequest request;
    request.home = world_.Home(name);
    request.home_options = world_.Options(name);
    request.home_options.system_trust_dir = world_.Path("system-trust");
    request.folder = Folder();
    request.individualize = true;
    return request;
  }

  std::unique_ptr<Machine> Open(const std::string& name) {
    HomeOptions options = world_.Options(name);
    options.system_trust_dir = world_.Path("system-trust");
    auto m = Machine::Open(world_.Home(name), options);
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? std::move(m).value() : nullptr;
  }

  std::map<std::string, std::set<std::string>> LedgerMachines() {
    std::map<std::string, std::set<std::string>> out;
    EXPECT_TRUE(ledger_
                    ->ForEachPlacement([&](const lms::Placement& p) {
                      out[p.license_id.ToString()].insert(p.machine_id);
                    })
                    .ok());
    return out;
  }

  std::unique_ptr<lms::SqliteLedger> ledger_;
  std::unique_ptr<lms::Authority> authority_;
};

}  // namespace relic::testing
