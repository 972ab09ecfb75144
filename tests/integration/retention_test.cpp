// Keeping a home small (#21): capsule prune and retention.conf, verify's view of pruned runs,
// runs' size/findings/denied columns, and run --summary-json.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

size_t run_count(const fs::path& home) {
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(home / "logs")) n += e.is_directory() ? 1 : 0;
  return n;
}

void three_runs(const fs::path& home) {
  for (int i = 0; i < 3; ++i) ASSERT_EQ(capsule_run(home, {"/bin/true"}).exit_code, 0);
}

TEST(Retention, PruneKeepsTheNewestAndVerifySaysPruned) {
  TempDir home;
  three_runs(home.path());
  const fs::path newest = latest_run(home.path());
  const Outcome dry = run_program({capsule_bin(), "prune", "--home", home.path().string(), "--keep", "1", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("would prune 2 runs"), std::string::npos) << dry.out;
  EXPECT_EQ(run_count(home.path()), 3u);

  const Outcome o = run_program({capsule_bin(), "prune", "--home", home.path().string(), "--keep", "1"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.out.find("pruned 2 runs"), std::string::npos) << o.out;
  EXPECT_EQ(run_count(home.path()), 1u);
  EXPECT_TRUE(fs::exists(newest));
  EXPECT_EQ(read_lines(home.path() / "pruned.log").size(), 2u);
  EXPECT_EQ(read_lines(home.path() / "heads.log").size(), 3u);  // anchors are never pruned

  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--all", "--anchor",
                                 (home.path() / "heads.log").string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  size_t pruned = 0;
  for (size_t at = v.out.find("pruned at"); at != std::string::npos; at = v.out.find("pruned at", at + 1)) ++pruned;
  EXPECT_EQ(pruned, 2u) << v.out;

  // A run deleted behind capsule's back is still reported as missing.
  fs::remove_all(newest);
  const Outcome gone = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--all", "--anchor",
                                    (home.path() / "heads.log").string()});
  EXPECT_EQ(gone.exit_code, 1) << gone.out << gone.err;
  EXPECT_NE(gone.err.find("missing (deleted)"), std::string::npos) << gone.err;
}

TEST(Retention, ForgedPrunedLinesAreNotBelieved) {
  TempDir home;
  three_runs(home.path());
  const std::string id = latest_manifest(home.path()).at("run_id");
  spit(home.path() / "pruned.log", "{\"run\":\"" + id + "\",\"pruned_at_us\":1,\"bytes\":1,\"reason\":\"x\",\"sig\":\"" +
                                        std::string(128, '0') + "\"}\n");
  fs::remove_all(latest_run(home.path()));
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--all", "--anchor",
                                 (home.path() / "heads.log").string()});
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
}

TEST(Retention, ConfigIsAppliedWhenARunStarts) {
  TempDir home;
  three_runs(home.path());
  spit(home.path() / "retention.conf", "keep = 1\n");
  const Outcome o = capsule_run(home.path(), {"/bin/true"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("pruned 2 old runs"), std::string::npos) << o.err;
  EXPECT_EQ(run_count(home.path()), 2u);  // the one kept, and this run

  spit(home.path() / "retention.conf", "keep = lots\n");
  const Outcome bad = capsule_run(home.path(), {"/bin/true"});
  EXPECT_EQ(bad.exit_code, 0) << bad.err;  // a bad config never stops a recording
  EXPECT_NE(bad.err.find("retention.conf:1: keep wants a whole number"), std::string::npos) << bad.err;
  const Outcome cmd = run_program({capsule_bin(), "prune", "--home", home.path().string()});
  EXPECT_EQ(cmd.exit_code, 2) << cmd.err;
}

TEST(Retention, RunsShowsSizeFindingsAndDenied) {
  TempDir home;
  three_runs(home.path());
  const Outcome j = run_program({capsule_bin(), "runs", "--home", home.path().string(), "--json", "-n", "2"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const auto rows = nlohmann::json::parse(j.out);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0].at("bytes").get<uint64_t>(), 1000u);
  EXPECT_EQ(rows[0].at("findings"), 0);
  EXPECT_EQ(rows[0].at("denied"), 0);
  const Outcome t = run_program({capsule_bin(), "runs", "--home", home.path().string()});
  EXPECT_NE(t.out.find("FINDINGS  DENIED       SIZE"), std::string::npos) << t.out;
}

TEST(Retention, SummaryJsonForScripts) {
  TempDir home;
  const fs::path file = home.path() / "summary.json";
  const Outcome o = capsule_run(home.path(), {"sh", "-c", "cat /etc/shadow >/dev/null; exit 3"},
                                {"--summary-json", file.string()});
  ASSERT_EQ(o.exit_code, 3) << o.err;
  const auto s = nlohmann::json::parse(slurp(file));
  const auto m = latest_manifest(home.path());
  EXPECT_EQ(s.at("run_id"), m.at("run_id"));
  EXPECT_EQ(s.at("log_dir"), latest_run(home.path()).string());
  EXPECT_EQ(s.at("exit_code"), 3);
  EXPECT_EQ(s.at("syscalls"), m.at("syscalls"));
  EXPECT_EQ(s.at("records").at("risks").get<size_t>(), read_jsonl(latest_run(home.path()) / "risks.jsonl").size());
  EXPECT_GE(s.at("findings").at("total").get<int>(), 1);
  bool shadow = false;
  for (const auto& f : s.at("findings").at("first")) shadow |= f.at("rule") == "shadow-read";
  EXPECT_TRUE(shadow) << s.dump();
  EXPECT_EQ(s.at("denied"), 0);
  EXPECT_EQ(s.at("sealed"), true);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace
}  // namespace capsule::test
