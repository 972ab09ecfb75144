// `capsule run --trace SPEC`: the log holds the selected calls and the context-changing ones, no
// others; the program behaves as without capsule; the manifest says the log is partial on purpose.
// Both backends: capsule's seccomp pre-filter and strace's --seccomp-bpf.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

using nlohmann::json;

struct Traced {
  Outcome outcome;
  std::filesystem::path run;
  std::vector<json> events;
  json manifest;
};

Traced trace(const TempDir& home, const std::vector<std::string>& flags) {
  Traced t;
  t.outcome = capsule_run(home.path(), {helper("known_sequence"), (home.path() / "out.txt").string()}, flags);
  t.run = latest_run(home.path());
  t.events = read_jsonl(t.run / "events.jsonl");
  std::ifstream in(t.run / "manifest.json");
  t.manifest = json::parse(in);
  return t;
}

std::multiset<std::string> names(const std::vector<json>& events) {
  std::multiset<std::string> out;
  for (const auto& e : events) {
    if (e.value("type", "syscall") == "syscall") out.insert(e.value("syscall", ""));
  }
  return out;
}

// known_sequence's "connect <fd> <port> <errno>" line.
std::string connect_errno(const std::string& out) {
  std::istringstream in(out);
  std::string word, fd, port, err;
  while (in >> word) {
    if (word == "connect") in >> fd >> port >> err;
  }
  return err;
}

class TraceSelectionRun : public ::testing::TestWithParam<const char*> {
 protected:
  std::vector<std::string> flags(const std::string& spec) { return {"--backend", GetParam(), "--trace", spec}; }
  TempDir home_;
};

TEST_P(TraceSelectionRun, NetworkKeepsSocketCallsAndContextAndDropsTheRest) {
  const Traced t = trace(home_, flags("network"));
  ASSERT_EQ(t.outcome.exit_code, 0) << t.outcome.err;
  EXPECT_EQ(connect_errno(t.outcome.out), "ECONNREFUSED");  // the program ran as it does untraced
  const auto n = names(t.events);
  EXPECT_EQ(n.count("connect"), 1u);
  EXPECT_GE(n.count("socket"), 2u);
  EXPECT_EQ(n.count("bind"), 1u);
  EXPECT_EQ(n.count("getsockname"), 1u);
  // Context: the exec, the fork, the file it opened and closed.
  EXPECT_GE(n.count("execve"), 1u);
  EXPECT_GE(n.count("clone") + n.count("fork"), 1u);
  EXPECT_GE(n.count("openat"), 1u);
  EXPECT_GE(n.count("close"), 1u);
  // Not selected: its writes, its thread's getpid, memory calls.
  for (const char* absent : {"write", "getpid", "gettid", "mmap", "brk", "read", "newfstatat", "wait4"}) {
    EXPECT_EQ(n.count(absent), 0u) << absent;
  }
  for (const auto& e : t.events) {
    if (e.value("syscall", "") == "connect") {
      EXPECT_EQ(e["errno"], "ECONNREFUSED");
    }
  }
  // The same socket calls and exit records (main thread, its second thread, the child) as a full trace.
  TempDir full_home;
  const Traced full = trace(full_home, {"--backend", GetParam()});
  ASSERT_EQ(full.outcome.exit_code, 0) << full.outcome.err;
  const auto all = names(full.events);
  for (const char* call : {"connect", "socket", "bind", "getsockname", "execve", "openat", "close"}) {
    EXPECT_EQ(n.count(call), all.count(call)) << call;
  }
  const auto exits = [](const std::vector<json>& events) {
    int count = 0;
    for (const auto& e : events) count += e.value("type", "") == "exit";
    return count;
  };
  EXPECT_EQ(exits(t.events), 3);
  EXPECT_EQ(exits(t.events), exits(full.events));
  EXPECT_LT(n.size(), all.size());
  ASSERT_TRUE(t.manifest["extra"].contains("trace_selection")) << t.manifest.dump();
  const json& sel = t.manifest["extra"]["trace_selection"];
  EXPECT_EQ(sel["spec"], "network");
  EXPECT_FALSE(sel["negated"].get<bool>());
  EXPECT_EQ(t.manifest["syscalls"].get<uint64_t>(), n.size());  // the count is of what was recorded
  EXPECT_NE(t.outcome.err.find(" syscalls (only --trace network) \u00b7 "), std::string::npos) << t.outcome.err;
  const auto verify = run_program({capsule_bin(), "verify", "--home", home_.path().string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_P(TraceSelectionRun, ASingleNameRecordsEveryCallOfIt) {
  const Traced t = trace(home_, flags("getpid"));
  ASSERT_EQ(t.outcome.exit_code, 0) << t.outcome.err;
  std::istringstream in(t.outcome.out);
  std::string word;
  long tid = -1, pid = -1;
  while (in >> word) {
    if (word == "thread") in >> tid >> pid;
  }
  ASSERT_GT(tid, 0);
  int from_thread = 0;
  for (const auto& e : t.events) {
    if (e.value("syscall", "") == "getpid" && e["tid"] == tid) {
      ++from_thread;
      EXPECT_EQ(e["ret"], pid);
    }
  }
  EXPECT_EQ(from_thread, 1);
  EXPECT_EQ(names(t.events).count("connect"), 0u);
}

TEST_P(TraceSelectionRun, AllButDescKeepsWhatDescDoesNotName) {
  const Traced t = trace(home_, flags("!desc"));
  ASSERT_EQ(t.outcome.exit_code, 0) << t.outcome.err;
  const auto n = names(t.events);
  EXPECT_EQ(n.count("write"), 0u);
  EXPECT_EQ(n.count("connect"), 0u);  // connect takes an fd: desc
  EXPECT_GE(n.count("getpid"), 1u);
  EXPECT_GE(n.count("openat"), 1u);   // context
  EXPECT_TRUE(t.manifest["extra"]["trace_selection"]["negated"].get<bool>());
}

TEST(TraceSelectionCli, AProfileRefusesAPartialRun) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}, {"--trace", "network"}).exit_code, 0);
  const auto o = run_program({capsule_bin(), "profile", "--home", home.path().string(), "-o",
                              (home.path() / "p.json").string()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("recorded only --trace network: a profile needs every call"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(home.path() / "p.json"));
}

INSTANTIATE_TEST_SUITE_P(Backends, TraceSelectionRun, ::testing::Values("ptrace", "strace"));

TEST(TraceSelectionCli, UnknownNamesAreUsageErrors) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"true"}, {"--trace", "network,bogus"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: --trace: unknown syscall or class 'bogus'\n");
  EXPECT_FALSE(std::filesystem::exists(home.path() / "logs") &&
               !std::filesystem::is_empty(home.path() / "logs"));  // nothing ran
}

TEST(TraceSelectionCli, WithAPolicyEveryCallStopsAndTheSelectionStillHolds) {
  TempDir home;
  // A policy allowing everything: the selection must then be made by the tracer.
  const auto policy = home.path() / "allow.json";
  std::ofstream(policy) << R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[]})";
  const Traced t = trace(home, {"--policy", policy.string(), "--trace", "network"});
  ASSERT_EQ(t.outcome.exit_code, 0) << t.outcome.err;
  const auto n = names(t.events);
  EXPECT_EQ(n.count("connect"), 1u);
  EXPECT_EQ(n.count("write"), 0u);
  EXPECT_NE(t.manifest["extra"]["trace_selection"]["mode"].get<std::string>().find("every call stops"),
            std::string::npos);
}

}  // namespace
}  // namespace capsule::test
