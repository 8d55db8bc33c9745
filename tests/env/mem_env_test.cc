// SPDX-License-Identifier: Apache-2.0
// MemEnv's own promises: absolute paths and the crash model that crash tests
// everywhere else rely on. The basics it shares with PosixEnv are in
// env_contract_test.cc.
#include "env/mem_env.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

class MemEnvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RELIC_ASSERT_OK(env_.CreateDir("/d"));
    RELIC_ASSERT_OK(env_.SyncDir("/"));
  }

  std::unique_ptr<File> Open(const std::string& path, OpenMode mode = OpenMode::kCreate) {
    auto file = env_.OpenFile(path, mode);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? std::move(file).value() : nullptr;
  }

  // The file's content, or "<missing>".
  std::string Content(const std::string& path) {
    auto file = env_.OpenFile(path, OpenMode::kReadOnly);
    if (!file.ok()) return "<missing>";
    std::string out(static_cast<size_t>(*(*file)->Size()), '\0');
    EXPECT_TRUE(
        (*file)->ReadAt(0, std::span(reinterpret_cast<uint8_t*>(out.data()), out.size())).ok());
    return out;
  }

  // Creates the file with `content`, synced, with its name synced too.
  void Durable(const std::string& path, std::string_view content) {
    auto file = Open(path);
    ASSERT_NE(file, nullptr);
    RELIC_ASSERT_OK(file->Truncate(0));
    RELIC_ASSERT_OK(file->WriteAt(0, B(content)));
    RELIC_ASSERT_OK(file->Sync());
    RELIC_ASSERT_OK(env_.SyncDir(path.substr(0, path.find_last_of('/'))));
  }

  ManualClock clock_{1'000};
  MemEnv env_{&clock_};
};

TEST_F(MemEnvTest, PathsMustBeAbsolute) {
  auto file = env_.OpenFile("d/f", OpenMode::kCreate);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(file.status().message(), HasSubstr("MemEnv paths must be absolute"));
  EXPECT_EQ(env_.CreateDir("x").code(), Code::kInvalidArgument);
}

TEST_F(MemEnvTest, DotAndDotDotAndRepeatedSlashes) {
  Durable("/d/f", "x");
  EXPECT_EQ(Content("//d/./f"), "x");
  EXPECT_EQ(Content("/d/../d/f"), "x");
  EXPECT_EQ(Content("/../d/f"), "x");
  auto root = env_.Stat("/");
  RELIC_ASSERT_OK(root);
  EXPECT_EQ(root->type, FileType::kDirectory);
  EXPECT_EQ(env_.CreateDir("/").code(), Code::kAlreadyExists);
}

TEST_F(MemEnvTest, CrashDropsUnsyncedDataAndKeepsSynced) {
  Durable("/d/f", "synced");
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("UNSYNCED-and-longer")));
  EXPECT_EQ(Content("/d/f"), "UNSYNCED-and-longer");
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "synced");
}

TEST_F(MemEnvTest, CrashUndoesUnsyncedTruncate) {
  Durable("/d/f", "synced");
  RELIC_ASSERT_OK(Open("/d/f")->Truncate(1));
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "synced");
}

TEST_F(MemEnvTest, FileNeverSyncedComesBackEmpty) {
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("data")));
  RELIC_ASSERT_OK(env_.SyncDir("/d"));  // the name is durable, the data is not
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "");
}

TEST_F(MemEnvTest, CreationWithoutDirSyncIsLost) {
  auto file = Open("/d/new");
  RELIC_ASSERT_OK(file->WriteAt(0, B("data")));
  RELIC_ASSERT_OK(file->Sync());
  RELIC_ASSERT_OK(env_.CreateDir("/d/sub"));
  env_.SimulateCrash();
  EXPECT_EQ(env_.Stat("/d/new").status().code(), Code::kNotFound);
  EXPECT_EQ(env_.Stat("/d/sub").status().code(), Code::kNotFound);
  EXPECT_THAT(*env_.ListDir("/d"), ElementsAre());
}

TEST_F(MemEnvTest, RenameWithoutDirSyncIsUndone) {
  Durable("/d/target", "old");
  Durable("/d/temp", "new");
  RELIC_ASSERT_OK(env_.RenameFile("/d/temp", "/d/target"));
  EXPECT_EQ(Content("/d/target"), "new");
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/target"), "old");
  EXPECT_EQ(Content("/d/temp"), "new");

  RELIC_ASSERT_OK(env_.RenameFile("/d/temp", "/d/target"));
  RELIC_ASSERT_OK(env_.SyncDir("/d"));
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/target"), "new");
  EXPECT_THAT(*env_.ListDir("/d"), ElementsAre("target"));
}

TEST_F(MemEnvTest, DeleteWithoutDirSyncIsUndone) {
  Durable("/d/f", "kept");
  RELIC_ASSERT_OK(env_.DeleteFile("/d/f"));
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "kept");
}

TEST_F(MemEnvTest, DirSyncCoversOnlyItsOwnDirectory) {
  RELIC_ASSERT_OK(env_.CreateDir("/d/sub"));
  RELIC_ASSERT_OK(env_.SyncDir("/d"));
  auto file = Open("/d/sub/f");
  RELIC_ASSERT_OK(file->Sync());
  RELIC_ASSERT_OK(env_.SyncDir("/d"));  // not /d/sub
  env_.SimulateCrash();
  EXPECT_EQ(env_.Stat("/d/sub").status().code(), Code::kOk);
  EXPECT_EQ(env_.Stat("/d/sub/f").status().code(), Code::kNotFound);
}

TEST_F(MemEnvTest, TornWriteKeepsHalfOfTheLastUnsyncedWrite) {
  env_.set_torn_writes(true);
  Durable("/d/f", "0123456789");
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("first")));     // vanishes: not the last
  RELIC_ASSERT_OK(file->WriteAt(4, B("ABCDEFGH")));  // half of it survives
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "0123ABCD89");
}

TEST_F(MemEnvTest, TornWriteCanExtendTheFile) {
  env_.set_torn_writes(true);
  Durable("/d/f", "ab");
  RELIC_ASSERT_OK(Open("/d/f")->WriteAt(4, B("wxyz")));
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), std::string("ab\0\0wx", 6));
}

TEST_F(MemEnvTest, NoTornWriteAfterSync) {
  env_.set_torn_writes(true);
  Durable("/d/f", "0123456789");
  auto file = Open("/d/f");
  RELIC_ASSERT_OK(file->WriteAt(0, B("ABCD")));
  RELIC_ASSERT_OK(file->Sync());
  env_.SimulateCrash();
  EXPECT_EQ(Content("/d/f"), "ABCD456789");
}

TEST_F(MemEnvTest, FilesOpenedBeforeACrashFail) {
  Durable("/d/f", "data");
  auto file = Open("/d/f");
  env_.SimulateCrash();
  uint8_t buf[4];
  auto read = file->ReadAt(0, buf);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), Code::kIoError);
  EXPECT_THAT(read.status().message(), HasSubstr("cannot read /d/f"));
  EXPECT_THAT(read.status().message(), HasSubstr("the simulated machine crashed; reopen"));
  EXPECT_EQ(file->WriteAt(0, B("x")).code(), Code::kIoError);
  EXPECT_EQ(file->Sync().code(), Code::kIoError);
  EXPECT_EQ(file->Truncate(0).code(), Code::kIoError);
  EXPECT_EQ(file->Size().status().code(), Code::kIoError);
  EXPECT_EQ(file->Lock(0, 1, LockType::kShared).code(), Code::kIoError);
  EXPECT_EQ(file->MapShared(0, 4096).status().code(), Code::kIoError);
  // Reopening works.
  EXPECT_EQ(Content("/d/f"), "data");
}

TEST_F(MemEnvTest, CrashReleasesLocksAndDetachesMappings) {
  Durable("/d/shm", "");
  auto old_file = Open("/d/shm");
  RELIC_ASSERT_OK(old_file->Lock(0, 1, LockType::kExclusive));
  auto old_map = old_file->MapShared(0, 4096);
  RELIC_ASSERT_OK(old_map);
  (*old_map)[0] = 7;
  env_.SimulateCrash();

  auto file = Open("/d/shm");
  RELIC_EXPECT_OK(file->Lock(0, 1, LockType::kExclusive));
  auto map = file->MapShared(0, 4096);
  RELIC_ASSERT_OK(map);
  EXPECT_EQ((*map)[0], 0);  // the unsynced byte is gone
  (*old_map)[0] = 9;        // stale pointers stay valid but detached
  EXPECT_EQ((*map)[0], 0);
  old_file.reset();  // must not release the new file's lock
  auto other = Open("/d/shm");
  EXPECT_EQ(other->Lock(0, 1, LockType::kShared).code(), Code::kBusy);
}

TEST_F(MemEnvTest, MappedBytesAreSyncedWithTheFile) {
  auto file = Open("/d/shm");
  auto map = file->MapShared(0, 4096);
  RELIC_ASSERT_OK(map);
  (*map)[1] = 'm';
  RELIC_ASSERT_OK(file->Sync());
  RELIC_ASSERT_OK(env_.SyncDir("/d"));
  env_.SimulateCrash();
  std::string content = Content("/d/shm");
  ASSERT_EQ(content.size(), 4096u);
  EXPECT_EQ(content[1], 'm');
}

TEST_F(MemEnvTest, ShrinkingZeroesMappedBytes) {
  auto file = Open("/d/shm");
  auto map = file->MapShared(0, 4096);
  RELIC_ASSERT_OK(map);
  (*map)[100] = 1;
  RELIC_ASSERT_OK(file->Truncate(3));
  RELIC_ASSERT_OK(file->Truncate(4096));
  EXPECT_EQ((*map)[100], 0);
}

}  // namespace
}  // namespace relic
