// SPDX-License-Identifier: Apache-2.0
// A machine with a mix of licenses, and a synchronous way to run a backup
// and see its events.
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>

#include "relic/backup.h"
#include "support/world.h"

namespace relic::testing {

struct BackupRun {
  Status start;  // what StartBackup returned
  std::vector<BackupEvent> events;
  Status end;
  std::vector<Kid> Kids(BackupEventType type) const {
    std::vector<Kid> out;
    for (const auto& e : events) {
      if (e.type == type) out.push_back(e.kid);
    }
    return out;
  }
};

// Runs a backup to completion; `on_event` may also act (e.g. cancel).
inline BackupRun RunBackup(const BackupRequest& request,
                           std::function<void(const BackupEvent&, Operation&)> on_event = {}) {
  BackupRun run;
  std::mutex mu;
  Operation* op_ptr = nullptr;
  std::condition_variable started;
  auto op = StartBackup(request, [&](const BackupEvent& e) {
    std::unique_lock<std::mutex> lock(mu);
    started.wait(lock, [&] { return op_ptr != nullptr; });
    run.events.push_back(e);
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
  started.notify_all();
  run.end = (*op)->Wait();
  return run;
}

// Every file under a folder with its bytes, to prove a folder unchanged.
inline std::map<std::string, Bytes> FolderContents(const std::string& folder) {
  std::map<std::string, Bytes> out;
  for (const auto& e : std::filesystem::directory_iterator(folder)) {
    out[e.path().filename().string()] =
        std::filesystem::is_regular_file(e.path()) ? ReadFileBytes(e.path()) : Bytes{};
  }
  return out;
}

class BackupFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    issuer_ = world_.NewIssuer();
    machine_ = world_.NewMachine("a");
    ASSERT_TRUE(issuer_ && machine_);
    RELIC_ASSERT_OK(machine_->store().TrustIssuer(issuer_->public_key()));
    kid_ = world_.PackageContent(*issuer_, "song", 1000);
    std::filesystem::create_directory(Folder());
  }

  std::string Folder() const { return world_.Path("backups"); }

  BackupRequest Request() {
    BackupRequest request;
    request.home = world_.Home("a");
    request.home_options = world_.Options("a");
    request.folder = Folder();
    return request;
  }

  // Adds `count` licenses in one batch; returns their IDs.
  std::vector<LicenseId> AddLicenses(size_t count, Rights rights,
                                     std::optional<LmsInfo> lms = std::nullopt) {
    std::vector<Bytes> files;
    for (size_t i = 0; i < count; ++i) {
      files.push_back(world_.IssueTo(*issuer_, kid_, *machine_, rights, lms ? lms : lms_.info));
    }
    auto added = machine_->store().AddLicenses(files);
    EXPECT_TRUE(added.ok()) << added.status().ToString();
    std::vector<LicenseId> ids;
    if (added.ok()) {
      for (const auto& a : *added) ids.push_back(a.license_id);
    }
    return ids;
  }

  World world_;
  World::TestLmsKeys lms_ = World::NewLms();
  std::unique_ptr<Issuer> issuer_;
  std::unique_ptr<Machine> machine_;
  Kid kid_;
};

}  // namespace relic::testing
