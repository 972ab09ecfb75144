// The pool of loaded eBPF kernel sides (src/trace/ebpf/kernel_side_pool.h): a run leaves its
// loaded programs and maps pinned for the next, which takes them instead of loading, resets every
// map, and records the same calls. Each test keeps its pool on a BPF file system of its own.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ebpf_available.h"
#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

class EbpfPool : public ::testing::Test {
 protected:
  void SetUp() override {
    SKIP_WITHOUT_EBPF();
    mount_ = tmp_.path() / "bpf";
    fs::create_directories(mount_);
    ASSERT_EQ(::mount("bpf", mount_.c_str(), "bpf", 0, "mode=0700"), 0) << "mount bpffs: " << std::strerror(errno);
    mounted_ = true;
    pool_ = mount_ / "pool";
  }
  void TearDown() override {
    if (mounted_) ::umount2(mount_.c_str(), MNT_DETACH);
  }

  // capsule run --backend ebpf with this test's pool; its manifest's extra.ebpf.
  nlohmann::json run(const fs::path& home, const std::vector<std::string>& argv, const std::string& pool_setting) {
    std::vector<std::string> cmd{capsule_bin(), "run", "-q", "--home", home.string(), "--backend", "ebpf", "--"};
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    const Outcome o = run_program(cmd, {"CAPSULE_EBPF_POOL=" + pool_setting});
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return latest_manifest(home)["extra"]["ebpf"];
  }

  std::vector<fs::path> entries() const {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(pool_, ec)) out.push_back(e.path());
    return out;
  }

  TempDir tmp_;
  fs::path mount_, pool_;
  bool mounted_ = false;
};

// Each thread's calls in order, as "name" or "name errno", sorted: what must not change whether
// the programs were loaded or taken from the pool. By thread, not by process: the calls of two
// threads of one process interleave as the scheduler ran them (a new thread's first calls beside
// its creator's next ones), which differed between two runs under load.
std::vector<std::vector<std::string>> call_sequences(const fs::path& run_dir) {
  std::map<int64_t, std::vector<std::string>> by_tid;
  for (const auto& e : read_jsonl(run_dir / "events.jsonl")) {
    if (!e.contains("syscall")) continue;  // signal and exit records
    by_tid[e.value("tid", int64_t{0})].push_back(e.value("syscall", "") + " " + e.value("errno", ""));
  }
  std::vector<std::vector<std::string>> out;
  for (auto& [tid, calls] : by_tid) out.push_back(std::move(calls));
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(EbpfPool, TheNextRunTakesTheLoadedProgramsAndRecordsTheSameCalls) {
  TempDir home, work;
  const std::vector<std::string> argv{helper("known_sequence"), (work.path() / "out.txt").string()};
  EXPECT_EQ(run(home.path(), argv, pool_.string())["programs"], "loaded");
  ASSERT_EQ(entries().size(), 1u);  // left for the next run
  EXPECT_TRUE(fs::exists(entries()[0] / "prog-on_sys_enter"));
  EXPECT_TRUE(fs::exists(entries()[0] / "map-events"));
  const nlohmann::json second = run(home.path(), argv, pool_.string());
  EXPECT_EQ(second["programs"], "pool");
  EXPECT_EQ(second["lost"], 0);
  EXPECT_EQ(entries().size(), 1u);  // given back again

  std::vector<fs::path> runs;
  for (const auto& e : fs::directory_iterator(home.path() / "logs")) runs.push_back(e.path());
  std::sort(runs.begin(), runs.end());
  ASSERT_EQ(runs.size(), 2u);
  const auto loaded = call_sequences(runs[0]);
  const auto pooled = call_sequences(runs[1]);
  ASSERT_FALSE(loaded.empty());
  EXPECT_EQ(loaded, pooled);
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

// Whatever an idle entry holds (a previous run's leftovers, or writes by anyone who can open the
// pool) is reset before the next run: a pid put into the traced map is not recorded, a lost count
// is not reported.
TEST_F(EbpfPool, WhatAnIdleEntryHoldsDoesNotReachTheNextRun) {
  TempDir home;
  run(home.path(), {"/bin/true"}, pool_.string());
  ASSERT_EQ(entries().size(), 1u);
  const fs::path entry = entries()[0];
  auto bpftool = [](const std::vector<std::string>& args) {
    std::vector<std::string> cmd{"bpftool"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    const Outcome o = run_program(cmd);
    EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  };
  // pid 1 traced; 5 records lost on every CPU.
  bpftool({"map", "update", "pinned", (entry / "map-traced").string(), "key", "1", "0", "0", "0", "value", "1"});
  bpftool({"map", "update", "pinned", (entry / "map-lost").string(), "key", "0", "0", "0", "0", "value", "5", "0", "0",
           "0", "0", "0", "0", "0"});
  const nlohmann::json ebpf = run(home.path(), {"/bin/sh", "-c", "echo hi; sleep 0.2"}, pool_.string());
  EXPECT_EQ(ebpf["programs"], "pool");
  EXPECT_EQ(ebpf["lost"], 0);
  const nlohmann::json m = latest_manifest(home.path());
  EXPECT_FALSE(m["extra"].contains("incomplete")) << m.dump();
  for (const auto& e : read_jsonl(latest_run(home.path()) / "events.jsonl")) {
    EXPECT_NE(e.value("pid", int64_t{0}), 1) << e.dump();
  }
}

// An entry that is not whole (a pin removed) is not used: the run loads its own.
TEST_F(EbpfPool, AnEntryMissingAnObjectIsNotUsed) {
  TempDir home;
  run(home.path(), {"/bin/true"}, pool_.string());
  ASSERT_EQ(entries().size(), 1u);
  fs::remove(entries()[0] / "prog-on_sys_exit");
  EXPECT_EQ(run(home.path(), {"/bin/true"}, pool_.string())["programs"], "loaded");
  EXPECT_EQ(run(home.path(), {"/bin/true"}, pool_.string())["programs"], "pool");  // the good one it left
}

TEST_F(EbpfPool, OffLoadsEveryRunAndKeepsNothing) {
  TempDir home;
  EXPECT_EQ(run(home.path(), {"/bin/true"}, "off")["programs"], "loaded");
  EXPECT_EQ(run(home.path(), {"/bin/true"}, "off")["programs"], "loaded");
  EXPECT_FALSE(fs::exists(pool_));
}

}  // namespace
}  // namespace capsule::test
