// SPDX-License-Identifier: Apache-2.0
// What only the real environment can show: the umask does not weaken
// modes, the OS refuses access, and locks hold across processes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <string>

#include "relic/env.h"
#include "support/file_access.h"
#include "support/test_support.h"

namespace relic {
namespace {

using ::testing::HasSubstr;

// Sets the process umask for the scope of one test.
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}
  ~ScopedUmask() { ::umask(old_); }
  ScopedUmask(const ScopedUmask&) = delete;
  ScopedUmask& operator=(const ScopedUmask&) = delete;

 private:
  mode_t old_;
};

uint32_t ModeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<uint32_t>(st.st_mode) & 07777;
}

TEST(PosixEnvTest, DefaultIsOneRealEnvironment) {
  Env* env = Env::Default();
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(env, Env::Default());
  EXPECT_EQ(env->clock(), Clock::System());
  int64_t now = static_cast<int64_t>(::time(nullptr));
  EXPECT_LE(std::abs(Clock::System()->NowUnixSeconds() - now), 2);
}

class PosixModeTest : public ::testing::TestWithParam<mode_t> {};

TEST_P(PosixModeTest, ModesAreAppliedExactlyWhateverTheUmask) {
  ScopedUmask umask(GetParam());
  testing::TempDir temp;
  Env* env = Env::Default();
  for (uint32_t mode : {0600u, 0640u, 0644u, 0666u}) {
    std::string path = temp.Join("file-" + std::to_string(mode));
    RELIC_ASSERT_OK(env->OpenFile(path, OpenMode::kCreate, mode));
    EXPECT_EQ(ModeOf(path), mode) << std::oct << mode;
    std::string exclusive = path + "-x";
    RELIC_ASSERT_OK(env->OpenFile(exclusive, OpenMode::kCreateExclusive, mode));
    EXPECT_EQ(ModeOf(exclusive), mode) << std::oct << mode;
  }
  for (uint32_t mode : {0700u, 0750u, 0755u}) {
    std::string path = temp.Join("dir-" + std::to_string(mode));
    RELIC_ASSERT_OK(env->CreateDir(path, mode));
    EXPECT_EQ(ModeOf(path), mode) << std::oct << mode;
  }
}

INSTANTIATE_TEST_SUITE_P(Umasks, PosixModeTest, ::testing::Values(022, 077));

TEST(PosixEnvTest, PermissionDenied) {
  testing::TempDir temp;
  // As root too (CI): the file modes decide, as for any user.
  testing::WithoutFileAccessOverride as_a_user;
  ASSERT_TRUE(as_a_user.ok()) << as_a_user.error();
  Env* env = Env::Default();
  std::string path = temp.Join("locked");
  RELIC_ASSERT_OK(env->OpenFile(path, OpenMode::kCreate, 0000));
  auto file = env->OpenFile(path, OpenMode::kReadOnly);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().code(), Code::kPermissionDenied);
  EXPECT_EQ(file.status().message(),
            "cannot open " + path + ": Permission denied; check the file's owner and permissions");

  std::string dir = temp.Join("readonly-dir");
  RELIC_ASSERT_OK(env->CreateDir(dir, 0500));
  auto inside = env->OpenFile(dir + "/f", OpenMode::kCreate);
  EXPECT_EQ(inside.status().code(), Code::kPermissionDenied);
  EXPECT_THAT(inside.status().message(), HasSubstr("cannot create " + dir + "/f"));
  EXPECT_EQ(env->CreateDir(dir + "/sub").code(), Code::kPermissionDenied);
  RELIC_ASSERT_OK(env->SetPermissions(dir, 0700));
}

TEST(PosixEnvTest, MapSharedNeedsPageAlignedOffsets) {
  testing::TempDir temp;
  auto file = Env::Default()->OpenFile(temp.Join("shm"), OpenMode::kCreate);
  RELIC_ASSERT_OK(file);
  auto mapped = (*file)->MapShared(100, 4096);
  EXPECT_EQ(mapped.status().code(), Code::kInvalidArgument);
}

// Runs `child` in a forked process and returns its exit status.
template <typename Fn>
int RunInChild(Fn child) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(child());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

// Exit codes of the child: 0 locked, 1 busy, 2 other failure.
int TryLockInChild(const std::string& path, LockType type) {
  return RunInChild([&] {
    auto file = Env::Default()->OpenFile(path, OpenMode::kReadWrite);
    if (!file.ok()) return 2;
    Status s = (*file)->Lock(0, 1, type);
    return s.ok() ? 0 : s.code() == Code::kBusy ? 1 : 2;
  });
}

TEST(PosixEnvTest, LocksConflictAcrossProcesses) {
  testing::TempDir temp;
  std::string path = temp.Join("lock");
  auto file = Env::Default()->OpenFile(path, OpenMode::kCreate);
  RELIC_ASSERT_OK(file);

  RELIC_ASSERT_OK((*file)->Lock(0, 1, LockType::kExclusive));
  EXPECT_EQ(TryLockInChild(path, LockType::kShared), 1);
  RELIC_ASSERT_OK((*file)->Lock(0, 1, LockType::kShared));
  EXPECT_EQ(TryLockInChild(path, LockType::kShared), 0);
  EXPECT_EQ(TryLockInChild(path, LockType::kExclusive), 1);
  RELIC_ASSERT_OK((*file)->Lock(0, 1, LockType::kUnlock));
  EXPECT_EQ(TryLockInChild(path, LockType::kExclusive), 0);

  // And the other way round: a child holds the lock while the parent tries.
  int to_parent[2];
  int to_child[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  ASSERT_EQ(::pipe(to_child), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    auto child_file = Env::Default()->OpenFile(path, OpenMode::kReadWrite);
    char c = (child_file.ok() && (*child_file)->Lock(0, 1, LockType::kExclusive).ok()) ? 'y' : 'n';
    if (::write(to_parent[1], &c, 1) != 1) ::_exit(2);
    if (::read(to_child[0], &c, 1) != 1) ::_exit(2);
    ::_exit(0);
  }
  char c = 0;
  ASSERT_EQ(::read(to_parent[0], &c, 1), 1);
  EXPECT_EQ(c, 'y');
  EXPECT_EQ((*file)->Lock(0, 1, LockType::kShared).code(), Code::kBusy);
  ASSERT_EQ(::write(to_child[1], &c, 1), 1);
  int status = 0;
  ::waitpid(pid, &status, 0);
  // The child's death released its lock.
  RELIC_EXPECT_OK((*file)->Lock(0, 1, LockType::kExclusive));
  for (int fd : {to_parent[0], to_parent[1], to_child[0], to_child[1]}) ::close(fd);
}

TEST(PosixEnvTest, NewPosixEnvUsesItsClock) {
  ManualClock clock(42);
  auto env = NewPosixEnv(&clock);
  EXPECT_EQ(env->NowUnixSeconds(), 42);
}

}  // namespace
}  // namespace relic
