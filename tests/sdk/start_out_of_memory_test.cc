// SPDX-License-Identifier: Apache-2.0
// Memory running out while an application starts a backup or a restore
// through the backup restorer: each allocation the start makes on the
// caller's thread fails in turn (failing_operator_new.h), and each time the
// application gets E_OUTOFMEMORY from the call and nothing else
// (docs/sdk.md, "Results"): no OnStatus, its callback given back, the home
// and the backup folder as they were, no contact with the service, no
// descriptor or mapping kept, and the same object starts the next operation
// normally. Leaked memory shows up in the ASan stage (label fast).
//
// This binary replaces the global operator new, so it holds these tests
// only.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "failing_operator_new.h"
#include "nserror.h"
#include "sdk_fixture.h"

namespace relic::testing {
namespace {

// No start makes anywhere near this many allocations: a loop that gets here
// means a start that never stops allocating.
constexpr long kAllocationLimit = 100000;

// Every file under `dir`, at any depth: its size and a hash of its bytes
// (short enough to read in a failure message). SQLite's files beside a
// store are its own: the -shm index changes whenever a connection opens the
// store, so only its presence counts, and an empty -wal holds nothing (as
// good as none, by SQLite's rule), so it counts as absent.
std::map<std::string, std::string> TreeContents(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    std::string name = std::filesystem::relative(e.path(), dir).string();
    if (!e.is_regular_file()) {
      out[name] = "directory";
      continue;
    }
    if (name.ends_with("-shm")) {
      out[name] = "present";
      continue;
    }
    Bytes bytes = ReadFileBytes(e.path().string());
    if (name.ends_with("-wal") && bytes.empty()) continue;
    Bytes hash = crypto::Hash(bytes, 8);
    std::string hex;
    for (uint8_t b : hash) hex += fmt::format("{:02x}", b);
    out[name] = std::to_string(bytes.size()) + " bytes, " + hex;
  }
  return out;
}

// Descriptors the process holds open.
size_t OpenDescriptors() {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// The process's mappings of files under `dir` (the stores' -shm indexes).
size_t MappingsUnder(const std::string& dir) {
  std::ifstream maps("/proc/self/maps");
  size_t n = 0;
  for (std::string line; std::getline(maps, line);) n += line.find(dir) != std::string::npos;
  return n;
}

class StartOutOfMemoryTest : public SdkFixture {
 protected:
  using Start = std::function<HRESULT(IWMStatusCallback*)>;

  std::map<std::string, std::string> Contents(const std::vector<std::string>& dirs) {
    std::map<std::string, std::string> out;
    for (const auto& dir : dirs) {
      for (auto& [name, what] : TreeContents(dir)) out[dir + "/" + name] = std::move(what);
    }
    return out;
  }

  // Runs `start` with its n-th allocation failing, for n = 0, 1, 2, ...
  // until a start reaches no failure; after each failed start, checks what
  // the application sees and that `dirs` did not change, then starts again
  // normally on the same object. Returns how many allocations the start
  // makes (-1 after the first n that failed a check).
  long FailEachAllocationInTurn(const Start& start, const std::vector<std::string>& dirs) {
    for (long n = 0; n < kAllocationLimit; ++n) {
      auto before = Contents(dirs);
      uint64_t requests = authority_->counters().requests.load();
      size_t descriptors = OpenDescriptors();
      size_t mappings = MappingsUnder(world_.Path(""));
      RecordingCallback refused;
      FailAllocationOnThisThread(n);
      HRESULT hr = start(&refused);
      ArmedAllocations armed = StopFailingAllocations();
      if (!armed.failed) {
        // Every allocation succeeded: the start made n of them.
        EXPECT_EQ(armed.made, n);
        EXPECT_EQ(hr, S_OK);
        if (hr == S_OK) {
          EXPECT_TRUE(Ended(refused, S_OK));
        }
        return armed.made;
      }
      EXPECT_EQ(hr, E_OUTOFMEMORY) << "allocation " << n;
      EXPECT_EQ(refused.refs(), 1u) << "allocation " << n << ": the callback is still held";
      EXPECT_EQ(Contents(dirs), before) << "allocation " << n;
      EXPECT_EQ(authority_->counters().requests.load(), requests) << "allocation " << n;
      EXPECT_EQ(OpenDescriptors(), descriptors) << "allocation " << n;
      EXPECT_EQ(MappingsUnder(world_.Path("")), mappings) << "allocation " << n;

      RecordingCallback next;
      EXPECT_EQ(start(&next), S_OK) << "after allocation " << n;
      EXPECT_TRUE(Ended(next, S_OK)) << "after allocation " << n;
      // Also nothing late: the failed start left no worker behind.
      EXPECT_TRUE(refused.Events().empty()) << "allocation " << n;
      if (HasFailure()) return -1;
    }
    ADD_FAILURE() << "the start made more than " << kAllocationLimit << " allocations";
    return -1;
  }

  // Waits for END; whether it came with `hr` and the callback was given back.
  static ::testing::AssertionResult Ended(RecordingCallback& callback, HRESULT hr) {
    if (!callback.WaitForEnd()) return ::testing::AssertionFailure() << "no END, or still held";
    std::vector<StatusEvent> events = callback.Events();
    if (!events.empty() && events.back().status == WMT_BACKUPRESTORE_END &&
        events.back().hr == hr) {
      return ::testing::AssertionSuccess();
    }
    auto failure = ::testing::AssertionFailure() << "events:";
    for (const auto& e : events) failure << " " << e;
    return failure;
  }

  // An object on machine `name` with `path_prop` set to Folder().
  IWMLicenseBackup* NewRestorerFor(const std::string& name, const char16_t* path_prop) {
    IWMBackupRestoreProps* props = nullptr;
    IWMLicenseBackup* backup = NewRestorer(name, &props);
    if (backup == nullptr) return nullptr;
    EXPECT_EQ(SetStringProp(props, path_prop, Folder()), S_OK);
    props->Release();
    return backup;
  }
};

TEST_F(StartOutOfMemoryTest, BackupLicensesReportsEachFailedAllocation) {
  IWMLicenseBackup* backup = NewRestorerFor("a", u"BackupPath");
  ASSERT_NE(backup, nullptr);
  // A set already in the folder, which a failed start must leave as it is.
  RecordingCallback first;
  ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &first), S_OK);
  ASSERT_TRUE(Ended(first, S_OK));

  long allocations = FailEachAllocationInTurn(
      [&](IWMStatusCallback* callback) {
        return backup->BackupLicenses(WM_BACKUP_OVERWRITE, callback);
      },
      {world_.Home("a"), Folder()});
  EXPECT_GT(allocations, 0);
  std::cout << "BackupLicenses: " << allocations << " allocations on the caller's thread\n";
  auto info = VerifyBackupSet(Folder());
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->license_count, 2u);
  EXPECT_EQ(backup->Release(), 0u);  // no failed start kept a reference
}

TEST_F(StartOutOfMemoryTest, RestoreLicensesReportsEachFailedAllocation) {
  {
    IWMLicenseBackup* backup = NewRestorerFor("a", u"BackupPath");
    ASSERT_NE(backup, nullptr);
    RecordingCallback done;
    ASSERT_EQ(backup->BackupLicenses(WM_BACKUP_OVERWRITE, &done), S_OK);
    ASSERT_TRUE(Ended(done, S_OK));
    backup->Release();
  }
  // Machine B exists (it trusts the deployment's issuer) but holds nothing
  // yet; the first normal restore fills it, the later ones find it full.
  RELIC_ASSERT_OK(Machine::Initialize(world_.Home("b"), OptionsFor("b")));
  IWMLicenseBackup* backup = NewRestorerFor("b", u"RestorePath");
  ASSERT_NE(backup, nullptr);
  IWMLicenseRestore* restore = nullptr;
  ASSERT_EQ(backup->QueryInterface(IID_IWMLicenseRestore, reinterpret_cast<void**>(&restore)),
            S_OK);
  backup->Release();

  long allocations = FailEachAllocationInTurn(
      [&](IWMStatusCallback* callback) {
        return restore->RestoreLicenses(WM_RESTORE_INDIVIDUALIZE, callback);
      },
      {world_.Home("b"), Folder()});
  EXPECT_GT(allocations, 0);
  std::cout << "RestoreLicenses: " << allocations << " allocations on the caller's thread\n";
  EXPECT_EQ(StoredCount("b"), 2u);
  EXPECT_EQ(restore->Release(), 0u);
}

}  // namespace
}  // namespace relic::testing
