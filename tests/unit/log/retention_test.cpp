#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

#include "log/rundir/retention.h"

namespace capsule {
namespace {

constexpr int64_t kDay = int64_t{86400} * 1000000;

// Newest first, as list_runs gives them: run i started i days before now, 100 bytes each.
std::vector<RunOnDisk> runs(size_t n) {
  std::vector<RunOnDisk> out;
  for (size_t i = 0; i < n; ++i) out.push_back({"/h/logs/" + std::to_string(i), "r" + std::to_string(i), 100 * kDay - static_cast<int64_t>(i) * kDay, 100, false});
  return out;
}

std::string ids(const std::vector<PruneChoice>& c) {
  std::string s;
  for (const auto& x : c) s += x.run.run_id + " ";
  return s;
}

TEST(Retention, KeepNewest) {
  RetentionLimits l;
  l.keep = 2;
  EXPECT_EQ(ids(plan_prune(runs(5), l, 100 * kDay)), "r2 r3 r4 ");
}

TEST(Retention, OlderThan) {
  RetentionLimits l;
  l.older_than_days = 2.5;
  EXPECT_EQ(ids(plan_prune(runs(5), l, 100 * kDay)), "r3 r4 ");
}

TEST(Retention, MaxSizeRemovesOldestFirst) {
  RetentionLimits l;
  l.max_bytes = 250;
  EXPECT_EQ(ids(plan_prune(runs(5), l, 100 * kDay)), "r4 r3 r2 ");
}

TEST(Retention, RecordingRunsAreNeverRemovedNorCounted) {
  auto r = runs(4);
  r[0].recording = true;
  r[3].recording = true;
  RetentionLimits l;
  l.keep = 1;
  EXPECT_EQ(ids(plan_prune(r, l, 100 * kDay)), "r2 ");
  RetentionLimits s;
  s.max_bytes = 0;
  EXPECT_EQ(ids(plan_prune(r, s, 100 * kDay)), "r2 r1 ");
}

TEST(Retention, Sizes) {
  EXPECT_EQ(parse_size("4096"), 4096u);
  EXPECT_EQ(parse_size("500M"), 500u << 20);
  EXPECT_EQ(parse_size("2G"), 2ull << 30);
  EXPECT_EQ(parse_size("1.5GiB"), 3ull << 29);
  EXPECT_EQ(parse_size("10 KB"), 10u << 10);
  EXPECT_FALSE(parse_size("lots"));
  EXPECT_FALSE(parse_size("5X"));
  EXPECT_FALSE(parse_size(""));
  EXPECT_EQ(size_text(87), "87 B");
  EXPECT_EQ(size_text(3ull << 29), "1.5 GiB");
}

TEST(Retention, ConfigFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("retention-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EXPECT_FALSE(read_retention_config(dir).any());
  std::ofstream(dir / "retention.conf") << "# limits\nkeep = 20\nolder-than-days = 30  # a month\nmax-size = 2G\n";
  const RetentionLimits l = read_retention_config(dir);
  EXPECT_EQ(l.keep, 20u);
  EXPECT_EQ(l.older_than_days, 30.0);
  EXPECT_EQ(l.max_bytes, 2ull << 30);
  std::ofstream(dir / "retention.conf") << "keep = 20\nkeep-forever = yes\n";
  try {
    read_retention_config(dir);
    ADD_FAILURE() << "no error";
  } catch (const RetentionError& e) {
    EXPECT_NE(std::string(e.what()).find("retention.conf:2: unknown setting \"keep-forever\""), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Retention, Durations) {
  using D = std::optional<std::optional<int64_t>>;
  EXPECT_EQ(parse_duration_us("1h"), D(int64_t{3600} * 1000000));
  EXPECT_EQ(parse_duration_us("30m"), D(int64_t{1800} * 1000000));
  EXPECT_EQ(parse_duration_us("2d"), D(2 * kDay));
  EXPECT_EQ(parse_duration_us("1.5s"), D(int64_t{1500000}));
  EXPECT_EQ(parse_duration_us("0"), D(int64_t{0}));
  EXPECT_EQ(parse_duration_us("never"), D(std::optional<int64_t>()));
  for (const char* bad : {"", "h", "1", "1w", "-1h", "1 h", "soon", "1e9d"}) EXPECT_FALSE(parse_duration_us(bad)) << bad;
  EXPECT_EQ(duration_setting_text(int64_t{3600} * 1000000), "1h");
  EXPECT_EQ(duration_setting_text(int64_t{90} * 1000000), "90s");
  EXPECT_EQ(duration_setting_text(2 * kDay), "2d");
}

// compress-after defaults to an hour; compress to nothing (plain runs).
TEST(Retention, CompactionSettings) {
  const auto dir = std::filesystem::temp_directory_path() / ("retention-z-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  RetentionLimits l = read_retention_config(dir);
  EXPECT_EQ(l.compress_after_us, kDefaultCompressAfterUs);
  EXPECT_FALSE(l.compress);
  std::ofstream(dir / "retention.conf") << "compress-after = 30m\ncompress = zstd-all:3\n";
  l = read_retention_config(dir);
  EXPECT_EQ(l.compress_after_us, int64_t{1800} * 1000000);
  ASSERT_TRUE(l.compress);
  EXPECT_EQ(compression_text(*l.compress), "zstd-all:3");
  EXPECT_FALSE(l.any()) << "compaction is not a limit to prune by";
  std::ofstream(dir / "retention.conf") << "compress-after = never\n";
  EXPECT_FALSE(read_retention_config(dir).compress_after_us);
  std::ofstream(dir / "retention.conf") << "compress = gzip\n";
  EXPECT_THROW(read_retention_config(dir), RetentionError);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace capsule
