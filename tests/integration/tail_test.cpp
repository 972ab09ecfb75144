// capsule tail on real runs: started before a run it prints exactly that run's records and
// exits by itself with --exit-on-end; records arrive within 100 ms of their syscall; bad
// streams and runs are usage errors that list what exists; Ctrl-C is a clean exit.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <map>
#include <sstream>

#include "background_process.h"
#include "harness.h"

namespace capsule::test {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> tail_cmd(const TempDir& home, std::vector<std::string> args) {
  std::vector<std::string> cmd{capsule_bin(), "tail", "--home", home.path().string()};
  cmd.insert(cmd.end(), args.begin(), args.end());
  return cmd;
}

// Waits for tail's first stderr line: it is printed once tail watches the home for runs.
void expect_waiting(BackgroundProcess& tail) {
  const auto line = tail.next_err_line(10s);
  ASSERT_TRUE(line.has_value()) << "tail printed nothing on stderr";
  EXPECT_NE(line->text.find("waiting for a run"), std::string::npos) << line->text;
}

TEST(Tail, StartedBeforeTheRunPrintsExactlyItsEventsAndExits) {
  TempDir home;
  BackgroundProcess tail(tail_cmd(home, {"events", "--exit-on-end", "--json"}));
  expect_waiting(tail);
  ASSERT_EQ(capsule_run(home.path(), {helper("known_sequence"), (home.path() / "out.txt").string()}).exit_code, 0);
  const auto code = tail.wait_exit(10s);
  ASSERT_TRUE(code.has_value()) << "tail did not exit at the end of the run";
  EXPECT_EQ(*code, 0) << tail.rest_of_err();
  const std::string events = slurp(latest_run(home.path()) / "events.jsonl");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(tail.rest_of_out(), events);
  EXPECT_NE(tail.rest_of_err().find("following run"), std::string::npos) << tail.rest_of_err();
}

// The live view: each record is on tail's stdout while the program still sleeps before its next
// tick (1 s later), not at the end of the run. The latency goal itself (≤ 100 ms; the writer
// flushes within ~7 ms and tail is woken by inotify) is a timing goal, measured by bench/run.py's
// latency run, not asserted here: on a loaded machine a test bound that tight fails by chance.
TEST(Tail, RecordArrivesBeforeTheProgramsNextCall) {
  TempDir home;
  BackgroundProcess tail(tail_cmd(home, {"events", "--exit-on-end", "--json"}));
  expect_waiting(tail);
  BackgroundProcess run({capsule_bin(), "run", "-q", "--home", home.path().string(), "--", helper("slow_ticker"), "3"});
  int ticks = 0;
  int64_t worst_us = 0;
  while (auto line = tail.next_out_line(15s)) {
    const auto record = nlohmann::json::parse(line->text);
    if (record.value("syscall", "") != "getppid") continue;
    const int64_t latency = line->arrived_us - parse_iso_us(record.at("ts").get<std::string>());
    worst_us = std::max(worst_us, latency);
    EXPECT_LT(latency, 900000) << "record " << line->text;
    if (++ticks == 3) break;
  }
  EXPECT_EQ(ticks, 3);
  EXPECT_EQ(run.wait_exit(10s), 0);
  EXPECT_EQ(tail.wait_exit(10s), 0);
  RecordProperty("worst_latency_us", std::to_string(worst_us));
  std::printf("worst tail latency: %lld us\n", static_cast<long long>(worst_us));
}

TEST(Tail, NoFollowPrintsTheSyscallsLogAndExits) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "cat /nonexistent 2>/dev/null; true"}).exit_code, 0);
  const auto o = run_program(tail_cmd(home, {"syscalls", "--no-follow"}));
  EXPECT_EQ(o.exit_code, 0) << o.err;
  // Not a terminal: no colour, the strace lines as they are.
  EXPECT_EQ(o.out, slurp(latest_run(home.path()) / "syscalls.log"));
}

TEST(Tail, HumanFormIsOneAlignedLineARecord) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "cat /nonexistent 2>/dev/null; true"}).exit_code, 0);
  const auto o = run_program(tail_cmd(home, {"events", "--no-follow"}), {"NO_COLOR="});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const auto events = read_lines(latest_run(home.path()) / "events.jsonl");
  std::istringstream lines(o.out);
  std::string line;
  size_t n = 0;
  bool saw_failure = false;
  while (std::getline(lines, line)) {
    ++n;
    EXPECT_EQ(line.find('\x1b'), std::string::npos);
    if (line.find("openat") != std::string::npos && line.find("/nonexistent") != std::string::npos) {
      EXPECT_NE(line.find("-1 ENOENT"), std::string::npos) << line;
      saw_failure = true;
    }
  }
  EXPECT_EQ(n, events.size());
  EXPECT_TRUE(saw_failure) << o.out;
}

TEST(Tail, CorruptAndTornLinesNeverCrash) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}, {"--compress", "none"}).exit_code, 0);  // lines appended as text
  const auto events = latest_run(home.path()) / "events.jsonl";
  {
    std::ofstream out(events, std::ios::binary | std::ios::app);
    out << "{\"seq\":999,\"garbage\n{\"seq\":1000,\"ts\":\"2026";  // a corrupt line, then a torn one
  }
  const auto human = run_program(tail_cmd(home, {"events", "--no-follow", "--run", "latest"}));
  EXPECT_EQ(human.exit_code, 0) << human.err;
  EXPECT_TRUE(human.out.ends_with("<unparsable record>\n<unparsable record>\n")) << human.out;
  const auto as_json = run_program(tail_cmd(home, {"events", "--no-follow", "--json"}));
  EXPECT_EQ(as_json.exit_code, 0) << as_json.err;
  EXPECT_EQ(as_json.out, slurp(events) + "\n");  // as stored; the torn line ends with tail's newline
}

TEST(Tail, UnknownStreamIsUsageErrorListingStreams) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto o = run_program(tail_cmd(home, {"bogus", "--run", "latest", "--no-follow"}));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find("it has: syscalls, events, enriched"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("known streams: syscalls, events, enriched, actions, risks"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty());
  // Following the newest run: the same check against the known names.
  const auto follow = run_program(tail_cmd(home, {"bogus"}));
  EXPECT_EQ(follow.exit_code, 2);
  EXPECT_NE(follow.err.find("known streams:"), std::string::npos) << follow.err;
  const auto path_like = run_program(tail_cmd(home, {"../manifest", "--no-follow"}));
  EXPECT_EQ(path_like.exit_code, 2);
}

TEST(Tail, UnknownRunIsUsageErrorListingRuns) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const std::string id = latest_run(home.path()).filename().string().substr(24);
  const auto o = run_program(tail_cmd(home, {"events", "--run", "ffffffff-0000", "--no-follow"}));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err.rfind("capsule: no run matches 'ffffffff-0000'", 0), 0u) << o.err;
  EXPECT_NE(o.err.find("runs: " + id), std::string::npos) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

TEST(Tail, RunByPrefixAndDefaultStream) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto run = latest_run(home.path());
  const std::string prefix = run.filename().string().substr(24, 8);
  const auto o = run_program(tail_cmd(home, {"--run", prefix, "--no-follow", "--json"}));
  EXPECT_EQ(o.exit_code, 0) << o.err;
  // The default stream is actions.
  ASSERT_TRUE(std::filesystem::exists(run / "actions.jsonl"));
  EXPECT_EQ(o.out, slurp(run / "actions.jsonl"));
}

TEST(Tail, FollowsEachNewRun) {
  TempDir home;
  BackgroundProcess tail(tail_cmd(home, {"events", "--json"}));
  expect_waiting(tail);
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "true"}).exit_code, 0);
  size_t expected = 0;
  for (const auto& e : std::filesystem::directory_iterator(home.path() / "logs")) {
    expected += read_lines(e.path() / "events.jsonl").size();
  }
  size_t got = 0;
  while (got < expected && tail.next_out_line(5s)) ++got;
  EXPECT_EQ(got, expected);
  tail.send_signal(SIGINT);
  EXPECT_EQ(tail.wait_exit(5s), 0);
  const std::string err = tail.rest_of_err();
  size_t following = 0;
  for (size_t pos = 0; (pos = err.find("following run", pos)) != std::string::npos; ++pos) ++following;
  EXPECT_EQ(following, 2u) << err;
}

// Two runs recorded at once (each helper waits, after its first read, until the other has made
// its first): tail follows both to their ends, every read of each on a line that starts with
// its run's id, instead of moving to the newer run and dropping the rest of the first (#25).
TEST(Tail, FollowsRunsRecordedAtOnceEachLineWithItsRun) {
  TempDir home;
  TempDir work;
  const std::map<std::string, int> reads{{"gated_a.txt", 4}, {"gated_b.txt", 5}};
  for (const auto& [file, n] : reads) spit(work.path() / file, file + "\n");
  BackgroundProcess tail(tail_cmd(home, {"events", "--kind", "read", "--path", "*/gated_?.txt>*", "--width", "0",
                                         "--exit-on-end"}));
  expect_waiting(tail);
  const auto mark = [&](const char* name) { return (work.path() / name).string(); };
  const auto run = [&](const std::string& file, const char* mine, const char* other) {
    return std::vector<std::string>{capsule_bin(), "run", "-q", "--home", home.path().string(), "--",
                                    helper("gated_reads"), (work.path() / file).string(),
                                    std::to_string(reads.at(file)), mark(mine), mark(other)};
  };
  BackgroundProcess run_a(run("gated_a.txt", "a.mark", "b.mark"));
  BackgroundProcess run_b(run("gated_b.txt", "b.mark", "a.mark"));
  EXPECT_EQ(run_a.wait_exit(60s), 0) << run_a.rest_of_err();
  EXPECT_EQ(run_b.wait_exit(60s), 0) << run_b.rest_of_err();
  const auto code = tail.wait_exit(20s);
  ASSERT_TRUE(code.has_value()) << "tail did not exit once both runs had ended";
  EXPECT_EQ(*code, 0);

  std::map<std::string, std::string> run_of_file;  // "gated_a.txt" → its run's id
  for (const auto& e : std::filesystem::directory_iterator(home.path() / "logs")) {
    const auto manifest = nlohmann::json::parse(slurp(e.path() / "manifest.json"));
    for (const auto& [file, n] : reads) {
      if (manifest.value("command", "").find(file) != std::string::npos) {
        run_of_file[file] = manifest.value("run_id", "");
      }
    }
  }
  ASSERT_EQ(run_of_file.size(), 2u);
  std::map<std::string, int> shown;  // "<run id prefix> <file>" → lines
  std::istringstream out(tail.rest_of_out());
  size_t lines = 0;
  for (std::string line; std::getline(out, line); ++lines) {
    for (const auto& [file, id] : run_of_file) {
      if (line.find("/" + file + ">") != std::string::npos) ++shown[line.substr(0, 9) + file];
    }
  }
  for (const auto& [file, id] : run_of_file) {
    EXPECT_EQ(shown[id.substr(0, 8) + " " + file], reads.at(file)) << file << " in run " << id << ":\n"
                                                                   << tail.rest_of_out();
  }
  EXPECT_EQ(lines, 9u) << tail.rest_of_out();
  const std::string err = tail.rest_of_err();
  for (const auto& [file, id] : run_of_file) EXPECT_NE(err.find("following run " + id), std::string::npos) << err;
}

// A run whose capsule is killed never completes its manifest: tail learns it from the
// capsule's pidfd and ends anyway, saying so.
TEST(Tail, ExitOnEndWhenTheCapsuleIsKilled) {
  TempDir home;
  BackgroundProcess run({capsule_bin(), "run", "-q", "--home", home.path().string(), "--", "sleep", "30"});
  // Started after the run: tail picks up the run being recorded.
  std::optional<TimedLine> first;
  for (int i = 0; i < 100 && !first; ++i) {
    BackgroundProcess probe(tail_cmd(home, {"events", "--exit-on-end", "--json"}));
    const auto err = probe.next_err_line(5s);
    ASSERT_TRUE(err.has_value());
    if (err->text.find("following run") == std::string::npos) continue;  // not started yet
    first = probe.next_out_line(5s);
    ASSERT_TRUE(first.has_value());
    EXPECT_NE(first->text.find("\"syscall\":\"execve\""), std::string::npos) << first->text;
    run.send_signal(SIGKILL);
    const int64_t killed_at = wall_clock_us();
    EXPECT_EQ(probe.wait_exit(5s), 0);
    EXPECT_LT(wall_clock_us() - killed_at, 2000000);
    EXPECT_NE(probe.rest_of_err().find("ended unsealed"), std::string::npos) << probe.rest_of_err();
  }
  EXPECT_TRUE(first.has_value());
}

TEST(Tail, SigintAndSigtermExitZero) {
  for (const int sig : {SIGINT, SIGTERM}) {
    TempDir home;
    BackgroundProcess tail(tail_cmd(home, {}));
    expect_waiting(tail);
    tail.send_signal(sig);
    EXPECT_EQ(tail.wait_exit(5s), 0) << "signal " << sig;
  }
}

}  // namespace
}  // namespace capsule::test
