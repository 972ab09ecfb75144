// actions.jsonl on real programs: what cat, an interleaving reader, a failed connect and a
// child's exit become; that every event is in exactly one action; that verify holds the file to
// it; and that an action reaches the disk within its window (+50 ms) of its last syscall.
#include <gtest/gtest.h>

#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

using nlohmann::json;

std::vector<json> with(const std::vector<json>& actions, const std::string& kind, const std::string& target) {
  std::vector<json> out;
  for (const auto& a : actions) {
    if (a["kind"] == kind && a["target"] == target) out.push_back(a);
  }
  return out;
}

std::vector<uint64_t> seqs_of(const json& a) {
  if (a.contains("seqs")) return a["seqs"].get<std::vector<uint64_t>>();
  std::vector<uint64_t> out;
  for (uint64_t s = a["first_seq"]; s <= a["last_seq"].get<uint64_t>(); ++s) out.push_back(s);
  return out;
}

// Every event of events.jsonl is in exactly one action, and the counts add up.
void expect_every_event_in_one_action(const std::filesystem::path& run) {
  const auto events = read_jsonl(run / "events.jsonl");
  const auto actions = read_jsonl(run / "actions.jsonl");
  uint64_t sum = 0;
  std::set<uint64_t> seen;
  for (const auto& a : actions) {
    sum += a["events"].get<uint64_t>();
    const auto seqs = seqs_of(a);
    EXPECT_EQ(seqs.size(), a["events"].get<uint64_t>()) << a.dump();
    for (uint64_t s : seqs) EXPECT_TRUE(seen.insert(s).second) << "seq " << s << " in two actions";
  }
  EXPECT_EQ(sum, events.size());
  EXPECT_EQ(seen.size(), events.size());
}

int verify(const std::filesystem::path& home, const std::filesystem::path& run, std::string* text = nullptr) {
  const auto o = run_program({capsule_bin(), "verify", "--home", home.string(), "--run", run.string()});
  if (text != nullptr) *text = o.out + o.err;
  return o.exit_code;
}

// "2026-11-23T17:30:00.123456Z" → µs since the epoch.
int64_t iso_us(const std::string& s) {
  std::tm tm{};
  int us = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &us) != 7) {
    return -1;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000000 + us;
}

TEST(Actions, CatOfOneMiBIsOneOpenOneReadOneWriteAndAClosePerFd) {
  TempDir home;
  const auto file = home.path() / "one_mib.bin";
  {
    std::ofstream out(file, std::ios::binary);
    std::string block(4096, '\0');
    for (int i = 0; i < 256; ++i) {
      for (size_t j = 0; j < block.size(); ++j) block[j] = static_cast<char>((i * 31 + j) & 0xff);
      out << block;
    }
  }
  const auto o = capsule_run(home.path(), {"cat", file.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  ASSERT_EQ(o.out.size(), 1048576u);  // cat's stdout is the harness's pipe
  const auto run = latest_run(home.path());
  const auto actions = read_jsonl(run / "actions.jsonl");

  const auto opens = with(actions, "Open", file.string());
  ASSERT_EQ(opens.size(), 1u);
  EXPECT_EQ(opens[0]["events"], 1);
  const auto reads = with(actions, "Read", file.string());
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0]["bytes"], 1048576);
  EXPECT_EQ(reads[0]["failed"], 0);
  EXPECT_EQ(reads[0]["exe"], opens[0]["exe"]);
  EXPECT_NE(reads[0]["exe"].get<std::string>().find("cat"), std::string::npos);
  const int cat_pid = reads[0]["pid"];

  std::vector<json> writes;
  std::map<std::string, int> closes;  // target → Close actions
  for (const auto& a : actions) {
    if (a["pid"] != cat_pid) continue;
    if (a["kind"] == "Write") writes.push_back(a);
    if (a["kind"] == "Close") closes[a["target"]] += 1;
  }
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(writes[0]["bytes"], 1048576);
  EXPECT_EQ(writes[0]["target"].get<std::string>().rfind("pipe:[", 0), 0u) << writes[0].dump();
  EXPECT_EQ(closes[file.string()], 1);
  EXPECT_EQ(closes[writes[0]["target"]], 1);  // stdout: one Close for the fd
  for (const auto& [target, n] : closes) EXPECT_EQ(n, 1) << target;

  expect_every_event_in_one_action(run);
  EXPECT_EQ(verify(home.path(), run), 0);
}

TEST(Actions, InterleavedReadsOfTwoFilesAreTwoActions) {
  TempDir home;
  const auto a = home.path() / "a.txt";
  const auto b = home.path() / "b.txt";
  std::ofstream(a) << std::string(3000, 'a');
  std::ofstream(b) << std::string(5000, 'b');
  const auto o = capsule_run(home.path(), {helper("interleaved_reads"), a.string(), b.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::istringstream facts(o.out);
  std::map<std::string, std::pair<int, int>> expected;  // path → (bytes, calls)
  std::string word, path;
  int bytes = 0, calls = 0;
  while (facts >> word >> path >> bytes >> calls) expected[path] = {bytes, calls};
  ASSERT_EQ(expected.size(), 2u) << o.out;

  const auto run = latest_run(home.path());
  const auto actions = read_jsonl(run / "actions.jsonl");
  for (const auto& [file, facts_of] : expected) {
    const auto reads = with(actions, "Read", file);
    ASSERT_EQ(reads.size(), 1u) << file;
    EXPECT_EQ(reads[0]["bytes"], facts_of.first) << file;
    EXPECT_EQ(reads[0]["events"], facts_of.second) << file;
    ASSERT_TRUE(reads[0].contains("seqs")) << "interleaved reads leave gaps: " << reads[0].dump();
  }
  EXPECT_EQ(expected[a.string()], std::make_pair(3000, 4));
  EXPECT_EQ(expected[b.string()], std::make_pair(5000, 6));
  expect_every_event_in_one_action(run);
  EXPECT_EQ(verify(home.path(), run), 0);
}

TEST(Actions, FailedConnectAndAChildsExitAreTheirOwnActions) {
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("known_sequence"), (home.path() / "out.txt").string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  int port = -1, child = -1, child_code = -1;
  std::istringstream facts(o.out);
  for (std::string word; facts >> word;) {
    std::string rest;
    if (word == "connect") facts >> rest >> port >> rest;
    if (word == "child") facts >> child >> child_code;
  }
  ASSERT_GT(port, 0) << o.out;
  ASSERT_GT(child, 0) << o.out;

  const auto run = latest_run(home.path());
  const auto actions = read_jsonl(run / "actions.jsonl");
  const auto connects = with(actions, "Connect", "127.0.0.1:" + std::to_string(port));
  ASSERT_EQ(connects.size(), 1u);
  EXPECT_EQ(connects[0]["events"], 1);
  EXPECT_EQ(connects[0]["failed"], 1);
  EXPECT_EQ(connects[0]["errors"], json({{"ECONNREFUSED", 1}}));

  std::vector<json> exits;
  for (const auto& a : actions) {
    if (a["kind"] == "Exit" && a["pid"] == child && a["target"] == "exited " + std::to_string(child_code)) {
      exits.push_back(a);
    }
  }
  ASSERT_EQ(exits.size(), 1u);
  EXPECT_EQ(exits[0]["events"], 1);
  expect_every_event_in_one_action(run);
  EXPECT_EQ(verify(home.path(), run), 0);
}

TEST(Actions, VerifyFailsWhenALineOfActionsIsDeleted) {
  TempDir home;
  // Plain files: a line is deleted as text.
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "cat /etc/hostname /etc/passwd >/dev/null"}, {"--compress", "none"})
                .exit_code, 0);
  const auto run = latest_run(home.path());
  ASSERT_EQ(verify(home.path(), run), 0);
  auto lines = read_lines(run / "actions.jsonl");
  ASSERT_GT(lines.size(), 3u);
  lines.erase(lines.begin() + static_cast<long>(lines.size() / 2));
  {
    std::ofstream out(run / "actions.jsonl", std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << '\n';
  }
  std::string text;
  EXPECT_EQ(verify(home.path(), run, &text), 1);
  EXPECT_NE(text.find("actions do not account for every event"), std::string::npos) << text;
}

TEST(Actions, AnActionIsOnDiskWithinItsWindowOfItsLastSyscall) {
  TempDir home;
  const auto file = home.path() / "burst.out";
  // The helper reads actions.jsonl as it grows: plain text.
  const auto o = run_program({capsule_bin(), "run", "--compress", "none", "--", helper("write_burst_then_wait"), file.string()},
                             {"CAPSULE_HOME=" + home.path().string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::istringstream out(o.out);
  int64_t seen = -1, woke = -1;
  int writes = 0, bytes = 0;
  json action;
  for (std::string word; out >> word;) {
    if (word == "burst") out >> writes >> bytes;
    if (word == "seen") out >> seen;
    if (word == "woke") out >> woke;
    if (word == "line") {
      std::string rest;
      std::getline(out, rest);
      action = json::parse(rest);
    }
  }
  ASSERT_GT(seen, 0) << "the burst's action never appeared while the program slept:\n" << o.out;
  EXPECT_EQ(action["events"], writes);
  EXPECT_EQ(action["bytes"], bytes);
  const int64_t end = iso_us(action["end"]);
  // The upper bound is loose on purpose: this checks that the timer (not the process waking up)
  // writes the action; how soon is a latency goal measured by the benchmark, not asserted here on a
  // shared machine (under ASan it runs late by tens of ms).
  constexpr int64_t kWindowUs = 100'000, kSlackUs = 400'000;
  EXPECT_LE(seen - end, kWindowUs + kSlackUs) << "written " << (seen - end) / 1000 << " ms after its last syscall";
  EXPECT_GE(seen - end, kWindowUs) << "written before its window had passed";
  EXPECT_LT(seen, woke) << "written only when the process woke up, not by the timer";
  expect_every_event_in_one_action(latest_run(home.path()));
}

TEST(Actions, WindowMsZeroStillAccountsForEveryEvent) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "ls / >/dev/null; true"}, {"--window-ms", "0"}).exit_code, 0);
  const auto run = latest_run(home.path());
  expect_every_event_in_one_action(run);
  EXPECT_EQ(verify(home.path(), run), 0);
}

}  // namespace
}  // namespace capsule::test
