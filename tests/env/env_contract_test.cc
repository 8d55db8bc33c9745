// SPDX-License-Identifier: Apache-2.0
// The Env contract, run against PosixEnv and MemEnv alike: MemEnv is only a
// faithful stand-in for the disk if both pass the same tests.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "env/mem_env.h"
#include "relic/env.h"
#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::HasSubstr;

Bytes B(std::string_view s) { return Bytes(s.begin(), s.end()); }

std::string ReadAll(File& file) {
  auto size = file.Size();
  EXPECT_TRUE(size.ok());
  std::string out(static_cast<size_t>(*size), '\0');
  auto n = file.ReadAt(0, std::span(reinterpret_cast<uint8_t*>(out.data()), out.size()));
  EXPECT_TRUE(n.ok());
  out.resize(*n);
  return out;
}

class EnvContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "posix") {
      temp_.emplace();
      env_ = NewPosixEnv(&clock_);
      root_ = temp_->path();
    } else {
      env_ = std::make_unique<MemEnv>(&clock_);
      root_ = "/root";
      RELIC_ASSERT_OK(env_->CreateDir(root_));
    }
  }

  std::string P(const std::string& name) const { return root_ + "/" + name; }

  std::unique_ptr<File> Open(const std::string& path, OpenMode mode = OpenMode::kCreate) {
    auto file = env_->OpenFile(path, mode);
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    return file.ok() ? std::move(file).value() : nullptr;
  }

  void WriteFile(const std::string& path, std::string_view content) {
    auto file = Open(path);
    ASSERT_NE(file, nullptr);
    RELIC_ASSERT_OK(file->WriteAt(0, B(content)));
  }

  std::string ReadFile(const std::string& path) {
    auto file = Open(path, OpenMode::kReadOnly);
    return file ? ReadAll(*file) : "<missing>";
  }

  ManualClock clock_{1'700'000'000};
  std::optional<testing::TempDir> temp_;
  std::unique_ptr<Env> env_;
  std::string root_;
};

TEST_P(EnvContractTest, WritesAndReadsAtOffsets) {
  auto file = Open(P("f"));
  ASSERT_NE(file, nullptr);
  RELIC_ASSERT_OK(file->WriteAt(0, B("hello")));
  RELIC_ASSERT_OK(file->WriteAt(8, B("xyz")));  // leaves a hole of zeros
  ASSERT_EQ(*file->Size(), 11u);
  EXPECT_EQ(ReadAll(*file), std::string("hello\0\0\0xyz", 11));

  uint8_t buf[8];
  auto n = file->ReadAt(9, buf);  // fewer bytes only at the end
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2u);
  n = file->ReadAt(100, buf);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);

  RELIC_ASSERT_OK(file->WriteAt(1, B("EL")));
  RELIC_ASSERT_OK(file->Sync());
  EXPECT_EQ(ReadFile(P("f")).substr(0, 5), "hELlo");
}

TEST_P(EnvContractTest, TruncateShrinksAndGrowsWithZeros) {
  auto file = Open(P("f"));
  RELIC_ASSERT_OK(file->WriteAt(0, B("abcdef")));
  RELIC_ASSERT_OK(file->Truncate(2));
  EXPECT_EQ(ReadAll(*file), "ab");
  RELIC_ASSERT_OK(file->Truncate(4));
  EXPECT_EQ(ReadAll(*file), std::string("ab\0\0", 4));
}

TEST_P(EnvContractTest, OpenModes) {
  auto missing = env_->OpenFile(P("missing"), OpenMode::kReadOnly);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot open " + P("missing")));
  EXPECT_THAT(missing.status().message(), HasSubstr("No such file or directory"));
  EXPECT_THAT(missing.status().message(), HasSubstr("check the path"));
  EXPECT_EQ(env_->OpenFile(P("missing"), OpenMode::kReadWrite).status().code(), Code::kNotFound);

  WriteFile(P("f"), "old");
  // kCreate opens an existing file as it is.
  auto again = Open(P("f"), OpenMode::kCreate);
  EXPECT_EQ(ReadAll(*again), "old");

  auto exclusive = env_->OpenFile(P("f"), OpenMode::kCreateExclusive);
  ASSERT_FALSE(exclusive.ok());
  EXPECT_EQ(exclusive.status().code(), Code::kAlreadyExists);
  EXPECT_THAT(exclusive.status().message(), HasSubstr(P("f")));
  EXPECT_THAT(exclusive.status().message(), HasSubstr("remove it or choose another name"));
  RELIC_EXPECT_OK(env_->OpenFile(P("g"), OpenMode::kCreateExclusive));

  auto read_only = Open(P("f"), OpenMode::kReadOnly);
  Status s = read_only->WriteAt(0, B("x"));
  EXPECT_EQ(s.code(), Code::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("cannot write " + P("f")));
  EXPECT_EQ(ReadFile(P("f")), "old");
}

TEST_P(EnvContractTest, CreateModeIsRecorded) {
  auto file = env_->OpenFile(P("secret"), OpenMode::kCreate, 0600);
  RELIC_ASSERT_OK(file);
  auto info = env_->Stat(P("secret"));
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kRegular);
  EXPECT_EQ(info->mode, 0600u);
  RELIC_ASSERT_OK(env_->SetPermissions(P("secret"), 0640));
  EXPECT_EQ(env_->Stat(P("secret"))->mode, 0640u);
  // An existing file keeps its mode whatever create_mode says.
  RELIC_ASSERT_OK(env_->OpenFile(P("secret"), OpenMode::kCreate, 0666));
  EXPECT_EQ(env_->Stat(P("secret"))->mode, 0640u);
}

TEST_P(EnvContractTest, DirectoryWhereFileExpected) {
  RELIC_ASSERT_OK(env_->CreateDir(P("d")));
  for (OpenMode mode : {OpenMode::kReadOnly, OpenMode::kReadWrite, OpenMode::kCreate}) {
    auto file = env_->OpenFile(P("d"), mode);
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.status().code(), Code::kInvalidArgument);
    EXPECT_THAT(file.status().message(), HasSubstr(P("d") + ": is a directory, expected a file"));
  }
  Status s = env_->DeleteFile(P("d"));
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("is a directory"));
}

TEST_P(EnvContractTest, FileWhereDirectoryExpected) {
  WriteFile(P("f"), "x");
  auto file = env_->OpenFile(P("f/child"), OpenMode::kCreate);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), Code::kInvalidArgument);
  EXPECT_THAT(file.status().message(), HasSubstr("Not a directory"));
  EXPECT_EQ(env_->ListDir(P("f")).status().code(), Code::kInvalidArgument);
  EXPECT_EQ(env_->DeleteDir(P("f")).code(), Code::kInvalidArgument);
  EXPECT_EQ(env_->SyncDir(P("f")).code(), Code::kInvalidArgument);
}

TEST_P(EnvContractTest, RenameReplacesTarget) {
  WriteFile(P("a"), "new");
  WriteFile(P("b"), "old");
  RELIC_ASSERT_OK(env_->RenameFile(P("a"), P("b")));
  EXPECT_EQ(ReadFile(P("b")), "new");
  EXPECT_EQ(env_->Stat(P("a")).status().code(), Code::kNotFound);

  Status s = env_->RenameFile(P("a"), P("c"));
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("cannot rename " + P("a") + " to " + P("c")));

  RELIC_ASSERT_OK(env_->CreateDir(P("d")));
  EXPECT_EQ(env_->RenameFile(P("b"), P("d")).code(), Code::kInvalidArgument);
  RELIC_ASSERT_OK(env_->RenameFile(P("b"), P("d/b")));
  EXPECT_EQ(ReadFile(P("d/b")), "new");
}

TEST_P(EnvContractTest, DeleteKeepsOpenFilesReadable) {
  WriteFile(P("f"), "data");
  auto file = Open(P("f"), OpenMode::kReadOnly);
  RELIC_ASSERT_OK(env_->DeleteFile(P("f")));
  EXPECT_EQ(env_->Stat(P("f")).status().code(), Code::kNotFound);
  EXPECT_EQ(ReadAll(*file), "data");
  Status s = env_->DeleteFile(P("f"));
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_THAT(s.message(), HasSubstr("cannot delete " + P("f")));
}

TEST_P(EnvContractTest, Directories) {
  RELIC_ASSERT_OK(env_->CreateDir(P("d"), 0750));
  auto info = env_->Stat(P("d"));
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->type, FileType::kDirectory);
  EXPECT_EQ(info->mode, 0750u);

  Status s = env_->CreateDir(P("d"));
  EXPECT_EQ(s.code(), Code::kAlreadyExists);
  EXPECT_THAT(s.message(), HasSubstr("cannot create directory " + P("d")));
  EXPECT_EQ(env_->CreateDir(P("missing/d")).code(), Code::kNotFound);

  WriteFile(P("d/x"), "1");
  WriteFile(P("d/y"), "2");
  RELIC_ASSERT_OK(env_->CreateDir(P("d/sub")));
  auto names = env_->ListDir(P("d"));
  RELIC_ASSERT_OK(names);
  std::sort(names->begin(), names->end());
  EXPECT_EQ(*names, (std::vector<std::string>{"sub", "x", "y"}));
  RELIC_ASSERT_OK(env_->SyncDir(P("d")));

  s = env_->DeleteDir(P("d"));
  EXPECT_EQ(s.code(), Code::kIoError);
  EXPECT_THAT(s.message(), HasSubstr("Directory not empty"));
  RELIC_ASSERT_OK(env_->DeleteDir(P("d/sub")));
  RELIC_ASSERT_OK(env_->DeleteFile(P("d/x")));
  RELIC_ASSERT_OK(env_->DeleteFile(P("d/y")));
  RELIC_ASSERT_OK(env_->DeleteDir(P("d")));
  EXPECT_EQ(env_->Stat(P("d")).status().code(), Code::kNotFound);
  EXPECT_EQ(env_->ListDir(P("d")).status().code(), Code::kNotFound);
  EXPECT_EQ(env_->SyncDir(P("d")).code(), Code::kNotFound);
  EXPECT_EQ(env_->DeleteDir(P("d")).code(), Code::kNotFound);
}

TEST_P(EnvContractTest, StatReportsSize) {
  WriteFile(P("f"), "12345");
  auto info = env_->Stat(P("f"));
  RELIC_ASSERT_OK(info);
  EXPECT_EQ(info->size, 5u);
  auto missing = env_->Stat(P("nothing"));
  EXPECT_EQ(missing.status().code(), Code::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot stat " + P("nothing")));
}

TEST_P(EnvContractTest, LocksConflictBetweenFiles) {
  auto a = Open(P("lock"));
  auto b = Open(P("lock"));
  RELIC_ASSERT_OK(a->Lock(0, 10, LockType::kExclusive));
  Status s = b->Lock(5, 1, LockType::kShared);
  EXPECT_EQ(s.code(), Code::kBusy);
  EXPECT_THAT(s.message(), HasSubstr("cannot lock " + P("lock")));
  EXPECT_THAT(s.message(), HasSubstr("conflicting lock"));
  RELIC_EXPECT_OK(b->Lock(10, 5, LockType::kExclusive));  // disjoint

  // Downgrading keeps the range held, now compatible with other readers.
  RELIC_ASSERT_OK(a->Lock(0, 10, LockType::kShared));
  RELIC_EXPECT_OK(b->Lock(5, 1, LockType::kShared));
  EXPECT_EQ(b->Lock(0, 1, LockType::kExclusive).code(), Code::kBusy);
  // Unlocking part of a range keeps the rest.
  RELIC_ASSERT_OK(a->Lock(0, 5, LockType::kUnlock));
  RELIC_EXPECT_OK(b->Lock(0, 5, LockType::kExclusive));
  EXPECT_EQ(b->Lock(6, 1, LockType::kExclusive).code(), Code::kBusy);
  // Upgrading one's own lock is not a conflict.
  RELIC_ASSERT_OK(b->Lock(0, 5, LockType::kShared));
  RELIC_EXPECT_OK(b->Lock(0, 5, LockType::kExclusive));

  // Closing a file releases its locks.
  a.reset();
  RELIC_EXPECT_OK(b->Lock(0, 10, LockType::kExclusive));
  auto c = Open(P("lock"));
  EXPECT_EQ(c->Lock(9, 1, LockType::kShared).code(), Code::kBusy);
  RELIC_ASSERT_OK(b->Lock(0, 10, LockType::kUnlock));
  RELIC_EXPECT_OK(c->Lock(9, 1, LockType::kShared));
}

TEST_P(EnvContractTest, SharedMappingsSeeEachOther) {
  auto a = Open(P("shm"));
  auto b = Open(P("shm"));
  RELIC_ASSERT_OK(a->WriteAt(0, B("ab")));
  auto pa = a->MapShared(0, 32768);
  RELIC_ASSERT_OK(pa);
  EXPECT_EQ(*a->Size(), 32768u);  // extended with zeros
  EXPECT_EQ((*pa)[0], 'a');
  EXPECT_EQ((*pa)[100], 0);
  auto pb = b->MapShared(0, 32768);
  RELIC_ASSERT_OK(pb);
  (*pa)[10] = 42;
  EXPECT_EQ((*pb)[10], 42);

  uint8_t byte = 0;
  RELIC_ASSERT_OK(b->ReadAt(10, std::span(&byte, 1)));
  EXPECT_EQ(byte, 42);  // the mapping is the file's content
  RELIC_ASSERT_OK(b->WriteAt(11, B("z")));
  EXPECT_EQ((*pa)[11], 'z');

  auto second = a->MapShared(32768, 32768);
  RELIC_ASSERT_OK(second);
  EXPECT_EQ(*a->Size(), 65536u);
  RELIC_EXPECT_OK(a->UnmapAll());
  RELIC_EXPECT_OK(b->UnmapAll());
}

TEST_P(EnvContractTest, UsesTheGivenClock) {
  EXPECT_EQ(env_->clock(), &clock_);
  clock_.Advance(5);
  EXPECT_EQ(env_->NowUnixSeconds(), 1'700'000'005);
}

INSTANTIATE_TEST_SUITE_P(Envs, EnvContractTest, ::testing::Values("posix", "mem"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace relic
