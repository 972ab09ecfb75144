// `capsule run --backend strace`: strace traces, capsule records. The same deterministic program
// traced by both backends must give the same calls, arguments and results per process.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "background_process.h"
#include "harness.h"


namespace capsule::test {
namespace {

using nlohmann::json;

json manifest_of(const std::filesystem::path& run) {
  std::ifstream in(run / "manifest.json");
  return json::parse(in);
}

// Each process's events, processes in the order they first appear, with every pid of the run
// replaced by its position in that order (pids differ from run to run).
// Signals are kept apart: when a SIGCHLD is delivered relative to the parent's next calls is a
// matter of timing, not of the backend.
struct Normalised {
  std::vector<std::vector<json>> per_process;
  std::vector<std::multiset<std::string>> signals;
};

bool is_address(const json& v) {
  static const std::regex hex("0x[0-9a-f]+");
  return v.is_string() && std::regex_match(v.get<std::string>(), hex);
}

json normalise(const json& v, const std::map<int64_t, int>& pids) {
  if (v.is_number_integer()) {
    auto it = pids.find(v.get<int64_t>());
    return it != pids.end() ? json("PID" + std::to_string(it->second)) : v;
  }
  if (is_address(v)) return "ADDR";
  if (v.is_string()) {  // pipe:[258490] (strace -yy) and pipe:[] (the enricher) are one pipe
    static const std::regex inode(R"(\[\d+\])");
    return std::regex_replace(v.get<std::string>(), inode, "[]");
  }
  if (v.is_object() || v.is_array()) {
    json out = v.is_object() ? json::object() : json::array();
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (v.is_object()) out[it.key()] = normalise(*it, pids);
      else out.push_back(normalise(*it, pids));
    }
    return out;
  }
  return v;
}

Normalised load(const std::filesystem::path& run) {
  const auto events = read_jsonl(run / "events.jsonl");
  std::map<int64_t, int> order;  // pid -> position of its first event
  for (const auto& e : events) order.emplace(e["pid"].get<int64_t>(), static_cast<int>(order.size()));
  Normalised n;
  n.per_process.resize(order.size());
  n.signals.resize(order.size());
  for (const auto& e : events) {
    if (e.value("type", "") == "signal") {
      n.signals[static_cast<size_t>(order[e["pid"].get<int64_t>()])].insert(e["signal"].get<std::string>());
      continue;
    }
    json x = e;
    for (const char* k : {"seq", "ts", "pid", "tid", "chain", "dur_us", "fds", "nr"}) x.erase(k);
    n.per_process[static_cast<size_t>(order[e["pid"].get<int64_t>()])].push_back(normalise(x, order));
  }
  return n;
}

// One argument: strace's value must be the native one, except where strace shows more (a struct
// the native decoder leaves as a pointer) or less (a parameter it omits: "?").
void expect_same_arg(const std::string& call, const std::string& name, const json& native,
                     const json& strace) {
  if (strace == "?") return;
  if (native == "ADDR" && !strace.is_number()) return;  // decoded by strace, a pointer natively
  if (call == "getrandom" && name == "buf") return;     // random bytes
  if (native.is_object() && native.contains("st_ino")) {
    // A struct stat of a file each run makes anew: its inode and times are the run's own.
    json n = native, t = strace;
    for (const char* k : {"st_ino", "st_atime", "st_atime_nsec", "st_mtime", "st_mtime_nsec", "st_ctime",
                          "st_ctime_nsec"}) {
      EXPECT_EQ(n.contains(k), t.contains(k)) << call << " " << name << " " << k;
      n.erase(k);
      t.erase(k);
    }
    EXPECT_EQ(n, t) << call << " " << name;
    return;
  }
  EXPECT_EQ(native, strace) << call << " " << name;
}

void expect_same_event(const json& native, const json& strace) {
  ASSERT_EQ(native.value("type", "syscall"), strace.value("type", "syscall")) << native << "\n" << strace;
  if (!native.contains("syscall")) {  // exit records
    EXPECT_EQ(native, strace);
    return;
  }
  const std::string call = native["syscall"];
  ASSERT_EQ(call, strace["syscall"]);
  // Addresses differ from run to run.
  const bool address = (call == "mmap" || call == "brk" || call == "mremap") && native.value("ret", 0) != -1;
  if (!address) {
    EXPECT_EQ(native.value("ret", json()), strace.value("ret", json())) << call;
  }
  EXPECT_EQ(native.value("errno", ""), strace.value("errno", "")) << call;
  // Every argument strace shows; strace omits some the call ignores (prctl's unused ones).
  for (auto it = strace["args"].begin(); it != strace["args"].end(); ++it) {
    ASSERT_TRUE(native["args"].contains(it.key())) << call << " has no " << it.key() << " natively";
    expect_same_arg(call, it.key(), native["args"][it.key()], *it);
  }
}

TEST(StraceBackend, SameCallsArgumentsAndResultsAsTheNativeBackend) {
  TempDir work, home_native, home_strace;
  const auto n = capsule_run(home_native.path(), {helper("deterministic"), work.path().string()});
  ASSERT_EQ(n.exit_code, 0) << n.err;
  const auto s = capsule_run(home_strace.path(), {helper("deterministic"), work.path().string()},
                             {"--backend", "strace"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  const auto native = load(latest_run(home_native.path()));
  const auto strace = load(latest_run(home_strace.path()));
  ASSERT_EQ(native.per_process.size(), strace.per_process.size());
  for (size_t p = 0; p < native.per_process.size(); ++p) {
    // Signal records: the same signals (siginfo differs: strace names si_code, adds si_utime…).
    EXPECT_EQ(native.signals[p], strace.signals[p]) << "process " << p;
    ASSERT_EQ(native.per_process[p].size(), strace.per_process[p].size()) << "process " << p;
    for (size_t i = 0; i < native.per_process[p].size(); ++i) {
      SCOPED_TRACE("process " + std::to_string(p) + " event " + std::to_string(i));
      expect_same_event(native.per_process[p][i], strace.per_process[p][i]);
    }
  }
}

TEST(StraceBackend, RunIsComplete) {
  TempDir work, home;
  const auto o = capsule_run(home.path(), {helper("deterministic"), work.path().string()}, {"--backend", "strace"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("exited 0"), std::string::npos) << o.err;
  const auto run = latest_run(home.path());
  const json m = manifest_of(run);
  EXPECT_EQ(m["backend"], "strace");
  EXPECT_EQ(m["state"], "complete");
  EXPECT_EQ(m["processes"], 2);
  EXPECT_FALSE(m["extra"].contains("records_unparsed"));
  size_t syscalls = 0;
  for (const auto& e : read_jsonl(run / "events.jsonl")) syscalls += e.contains("syscall") ? 1 : 0;
  EXPECT_EQ(m["syscalls"], syscalls);
  const auto v = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--run", run.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(StraceBackend, ExitCodesAreTheProgramsOwn) {
  TempDir home;
  EXPECT_EQ(capsule_run(home.path(), {"sh", "-c", "exit 0"}, {"--backend", "strace"}).exit_code, 0);
  const auto three = capsule_run(home.path(), {"sh", "-c", "echo out; echo err >&2; exit 3"}, {"--backend", "strace"});
  EXPECT_EQ(three.exit_code, 3);
  EXPECT_EQ(three.out, "out\n");
  EXPECT_EQ(three.err.rfind("err\n", 0), 0u) << three.err;  // strace writes nothing there
  EXPECT_EQ(manifest_of(latest_run(home.path()))["exit_code"], 3);
  const auto missing = capsule_run(home.path(), {"no-such-program-capsule"}, {"--backend", "strace"});
  EXPECT_EQ(missing.exit_code, 127);
  EXPECT_NE(missing.err.find("capsule: no-such-program-capsule: command not found"), std::string::npos) << missing.err;
  EXPECT_EQ(capsule_run(home.path(), {"sh", "-c", "exit 127"}, {"--backend", "strace"}).exit_code, 127);
  const auto killed = capsule_run(home.path(), {"sh", "-c", "kill -TERM $$"}, {"--backend", "strace"});
  EXPECT_EQ(killed.exit_code, 143);
  EXPECT_EQ(manifest_of(latest_run(home.path()))["exit_signal"], 15);
}

TEST(StraceBackend, StraceMissingFromPath) {
  TempDir bin, home;
  // The program is on PATH, strace is not.
  std::filesystem::create_symlink(helper("deterministic"), bin.path() / "deterministic");
  const auto o = run_program({"env", "PATH=" + bin.path().string(), capsule_bin(), "run", "--home",
                              home.path().string(), "--backend", "strace", "--", "deterministic"});
  EXPECT_EQ(o.exit_code, 125);
  EXPECT_NE(o.err.find("capsule: strace not found: install the strace package"), std::string::npos) << o.err;
}

// SIGTERM once the program runs (it says so: a fixed wait is not enough under a sanitizer on a
// loaded machine, where capsule may still be starting, before it can handle any signal).
TEST(StraceBackend, SigtermToCapsuleEndsTheProgram) {
  TempDir home;
  BackgroundProcess capsule({capsule_bin(), "run", "--home", home.path().string(), "--backend", "strace",
                             "--kill-after", "2", "--", "sh", "-c", "echo started; sleep 30; exit 0"});
  const auto started = capsule.next_out_line(std::chrono::seconds(30));
  ASSERT_TRUE(started.has_value()) << capsule.rest_of_err();
  EXPECT_EQ(started->text, "started");
  const auto start = std::chrono::steady_clock::now();
  capsule.send_signal(SIGTERM);
  const auto code = capsule.wait_exit(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 143);  // sh died of the forwarded SIGTERM
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  // Only a capsule that handled the signal seals the run (one killed by it would leave it running).
  const json m = manifest_of(latest_run(home.path()));
  EXPECT_EQ(m["state"], "complete");
  EXPECT_EQ(m["exit_signal"], 15);
}

}  // namespace
}  // namespace capsule::test
