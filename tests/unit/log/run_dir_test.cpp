// The capsule home and run directories: layout, permissions and --run resolution.
#include <gtest/gtest.h>

#include <cstdlib>

#include "log/rundir/run_dir.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::mode_of;
using testing::read_file;
using testing::TempDir;

constexpr int64_t kRunStartUs = 1795455000123456;  // 2026-11-23T17:30:00.123456Z

// A run as create_run would leave it, plus the manifest a finished run has.
std::filesystem::path fake_run(const std::filesystem::path& home, const std::string& stamp,
                               const std::string& uuid) {
  const auto dir = home / "logs" / (stamp + "-" + uuid);
  std::filesystem::create_directories(dir);
  testing::write_file(dir / "manifest.json", "{}");
  return dir;
}

TEST(RunDir, ResolveHomePrecedence) {
  const char* old_capsule = std::getenv("CAPSULE_HOME");
  const std::string saved = old_capsule ? old_capsule : "";
  const char* old_home = std::getenv("HOME");
  const std::string saved_home = old_home ? old_home : "";
  ::setenv("CAPSULE_HOME", "/tmp/from-env", 1);
  ::setenv("HOME", "/tmp/user", 1);
  EXPECT_EQ(resolve_home(std::string("/tmp/flag")), "/tmp/flag");
  EXPECT_EQ(resolve_home(std::nullopt), "/tmp/from-env");
  ::unsetenv("CAPSULE_HOME");
  EXPECT_EQ(resolve_home(std::nullopt), "/tmp/user/.capsule");
  EXPECT_TRUE(resolve_home(std::string("rel")).is_absolute());
  if (old_capsule) ::setenv("CAPSULE_HOME", saved.c_str(), 1);
  if (old_home) ::setenv("HOME", saved_home.c_str(), 1); else ::unsetenv("HOME");
}

TEST(RunDir, CreateRunLayoutAndPermissions) {
  TempDir tmp;
  const auto home = tmp.path() / "home";
  const RunPaths run = create_run(home, kRunStartUs);
  EXPECT_EQ(run.run_id.size(), 36u);
  EXPECT_EQ(run.run_id.find_first_not_of("0123456789abcdef-"), std::string::npos);
  EXPECT_EQ(run.log_dir.filename().string(), "20261123T173000.123456Z-" + run.run_id);
  EXPECT_EQ(run.log_dir.parent_path(), home / "logs");
  EXPECT_EQ(mode_of(home), 0700u);
  EXPECT_EQ(mode_of(home / "logs"), 0700u);
  EXPECT_EQ(mode_of(home / "run"), 0700u);
  EXPECT_EQ(mode_of(run.log_dir), 0700u);
  const auto pointer = home / "run" / run.run_id / "log_dir.txt";
  EXPECT_EQ(mode_of(pointer.parent_path()), 0700u);
  EXPECT_EQ(mode_of(pointer), 0600u);
  EXPECT_EQ(read_file(pointer), run.log_dir.string() + "\n");
  EXPECT_EQ(run_id_of(run.log_dir), run.run_id);
  EXPECT_NE(create_run(home, kRunStartUs).run_id, run.run_id);
}

TEST(RunDir, HomeThatIsAFileIsAClearError) {
  TempDir tmp;
  testing::write_file(tmp.path() / "home", "x");
  try {
    prepare_home(tmp.path() / "home");
    FAIL() << "no error";
  } catch (const RunDirError& e) {
    EXPECT_NE(std::string(e.what()).find("not a directory"), std::string::npos) << e.what();
  }
}

TEST(RunDir, ListRunsNewestFirst) {
  TempDir tmp;
  const auto home = tmp.path();
  fake_run(home, "20261123T173000.000000Z", "11111111-1111-4111-8111-111111111111");
  fake_run(home, "20270101T000000.000000Z", "22222222-2222-4222-8222-222222222222");
  fake_run(home, "20250101T000000.000000Z", "33333333-3333-4333-8333-333333333333");
  std::filesystem::create_directories(home / "logs" / "not-a-run");
  const auto runs = list_runs(home);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(run_id_of(runs[0]), "22222222-2222-4222-8222-222222222222");
  EXPECT_EQ(run_id_of(runs[1]), "11111111-1111-4111-8111-111111111111");
  EXPECT_EQ(run_id_of(runs[2]), "33333333-3333-4333-8333-333333333333");
}

class ResolveRun : public ::testing::Test {
 protected:
  void SetUp() override {
    older_ = fake_run(tmp_.path(), "20261123T173000.000000Z", "abcd1111-1111-4111-8111-111111111111");
    newer_ = fake_run(tmp_.path(), "20261123T180000.000000Z", "abcd2222-2222-4222-8222-222222222222");
    other_ = fake_run(tmp_.path(), "20261101T000000.000000Z", "ef003333-3333-4333-8333-333333333333");
  }
  TempDir tmp_;
  std::filesystem::path older_, newer_, other_;
};

TEST_F(ResolveRun, LatestAndEmpty) {
  EXPECT_EQ(resolve_run(tmp_.path(), ""), newer_);
  EXPECT_EQ(resolve_run(tmp_.path(), "latest"), newer_);
}

TEST_F(ResolveRun, UuidAndUniquePrefix) {
  EXPECT_EQ(resolve_run(tmp_.path(), "abcd1111-1111-4111-8111-111111111111"), older_);
  EXPECT_EQ(resolve_run(tmp_.path(), "abcd2"), newer_);
  EXPECT_EQ(resolve_run(tmp_.path(), "EF00"), other_);
}

TEST_F(ResolveRun, DirectoryPath) {
  EXPECT_EQ(resolve_run(tmp_.path(), older_.string()), older_);
  EXPECT_EQ(resolve_run(tmp_.path(), older_.filename().string()), older_);
}

TEST_F(ResolveRun, AmbiguousPrefixListsTheMatches) {
  try {
    resolve_run(tmp_.path(), "abcd");
    FAIL() << "no error";
  } catch (const RunDirError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("ambiguous"), std::string::npos) << msg;
    EXPECT_NE(msg.find("abcd1111-1111-4111-8111-111111111111"), std::string::npos) << msg;
    EXPECT_NE(msg.find("abcd2222-2222-4222-8222-222222222222"), std::string::npos) << msg;
  }
}

TEST_F(ResolveRun, PathTraversalAndUnknownAreRejected) {
  for (const std::string spec : {"../../etc", "/etc", "0000", "zz", "..", "abcd/../../"}) {
    try {
      const auto p = resolve_run(tmp_.path(), spec);
      ADD_FAILURE() << spec << " resolved to " << p;
    } catch (const RunDirError& e) {
      EXPECT_NE(std::string(e.what()).find("no run matches"), std::string::npos) << e.what();
    }
  }
}

TEST(RunDir, LatestWithoutRunsIsAnError) {
  TempDir tmp;
  EXPECT_THROW(resolve_run(tmp.path(), "latest"), RunDirError);
}

}  // namespace
}  // namespace capsule
