// For a deterministic program, capsule records the same multiset of (syscall, result) as
// `strace -f`. Results that differ between any two runs (addresses, pids) are normalised.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>

#include "harness.h"

namespace capsule::test {
namespace {

using Multiset = std::map<std::string, int>;

// Syscalls whose success value is a pid/tid, which differs from run to run.
bool returns_pid(const std::string& name) {
  return name == "clone" || name == "clone3" || name == "fork" || name == "vfork" || name == "wait4" ||
         name == "getpid" || name == "gettid" || name == "getppid" || name == "set_tid_address";
}

std::string key(const std::string& name, const std::string& ret) {
  std::string r = ret;
  if (r.rfind("0x", 0) == 0) r = "ADDR";
  else if (returns_pid(name) && r != "-1" && r != "0" && r != "?") r = "PID";
  return name + " = " + r;
}

Multiset from_strace(const std::filesystem::path& dir) {
  Multiset m;
  // With -ff each process has its own file, so no call is split into unfinished/resumed halves.
  const std::regex line(R"(^([a-z0-9_]+)\(.*\) += (-?[0-9]+|0x[0-9a-f]+|\?)(<.*>)?( [A-Z].*)?$)");
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("trace.", 0) != 0) continue;
    for (const auto& l : read_lines(e.path())) {
      std::smatch sm;
      if (std::regex_match(l, sm, line)) ++m[key(sm[1], sm[2])];
    }
  }
  return m;
}

Multiset from_capsule(const std::filesystem::path& run) {
  Multiset m;
  for (const auto& e : read_jsonl(run / "events.jsonl")) {
    if (!e.contains("syscall")) continue;
    std::string ret = "?";
    if (e.contains("ret") && !e["ret"].is_null()) {
      ret = e["ret"].is_string() ? e["ret"].get<std::string>() : std::to_string(e["ret"].get<long long>());
    }
    const std::string name = e["syscall"];
    if (name == "mmap" || name == "brk" || name == "mremap") {
      if (ret != "-1") ret = "0x";  // addresses differ between runs
    }
    ++m[key(name, ret)];
  }
  return m;
}

TEST(CrossCheck, SameSyscallsAsStrace) {
  TempDir tmp;
  const auto strace = run_program({"strace", "-f", "-ff", "-qq", "-o", (tmp.path() / "trace").string(),
                                   helper("deterministic"), tmp.path().string()});
  ASSERT_EQ(strace.exit_code, 0) << strace.err;
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("deterministic"), tmp.path().string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  Multiset want = from_strace(tmp.path());
  Multiset got = from_capsule(latest_run(home.path()));
  // strace's own mmap rets are printed as hex: same normalisation.
  Multiset want_norm;
  for (const auto& [k, n] : want) {
    std::string kk = k;
    for (const char* addr_call : {"mmap = ", "brk = ", "mremap = "}) {
      if (kk.rfind(addr_call, 0) == 0 && kk.find("-1") == std::string::npos) kk = std::string(addr_call) + "ADDR";
    }
    want_norm[kk] += n;
  }
  Multiset got_norm;
  for (const auto& [k, n] : got) {
    std::string kk = k;
    for (const char* addr_call : {"mmap = ", "brk = ", "mremap = "}) {
      if (kk.rfind(addr_call, 0) == 0 && kk.find("-1") == std::string::npos) kk = std::string(addr_call) + "ADDR";
    }
    got_norm[kk] += n;
  }
  ASSERT_FALSE(want_norm.empty());
  EXPECT_EQ(got_norm, want_norm);
}

// The lines of `calls` that strace writes for argv, and those capsule writes in syscalls.log
// (without pid, time and capsule's fd annotation). strace pads short lines before " = ".
// strace_flags: e.g. -v; strace -v's comments after times (" /* 2026-… */") are left out, as
// capsule leaves them out.
std::pair<std::vector<std::string>, std::vector<std::string>> lines_of_both(const std::vector<std::string>& argv,
                                                                            const std::string& calls,
                                                                            const std::string& strace_flag = "-qq") {
  TempDir tmp, home;
  const auto out = tmp.path() / "trace";
  std::vector<std::string> strace_argv{"strace", "-qq", strace_flag, "-e", "trace=" + calls, "-o", out.string()};
  strace_argv.insert(strace_argv.end(), argv.begin(), argv.end());
  const auto strace = run_program(strace_argv);
  EXPECT_EQ(strace.exit_code, 0) << strace.err;
  const auto o = capsule_run(home.path(), argv);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const std::regex padding(R"( +(= [^=]*)$)");
  std::vector<std::string> want;
  const std::regex comment(R"( /\* [^*]* \*/)");
  // Stack and mmap addresses differ from run to run (ASLR).
  const std::regex address(R"(0x7f[0-9a-f]{10})");
  const auto normal = [&](const std::string& l) { return std::regex_replace(l, address, "0x7f…"); };
  for (const auto& l : read_lines(out)) {
    want.push_back(normal(std::regex_replace(std::regex_replace(l, comment, ""), padding, " $1")));
  }
  const std::regex prefix(R"(^\d+ \d\d:\d\d:\d\d\.\d+ )");
  // -yy's fd notes, wherever an fd is: a path (with a device's "<char 1:3>") or "kind:[…]" after
  // the number or AT_FDCWD, and the mark of a file that is gone ("4</memfd:payload>(deleted)").
  const std::regex fd_note(R"((\d|AT_FDCWD)<(/[^<>]*(<(char|block) \d+:\d+>)?|[A-Za-z_]+:\[[^\]]*\])>(\(deleted\))?)");
  std::vector<std::string> names;
  for (size_t at = 0; at <= calls.size();) {
    const size_t comma = std::min(calls.find(',', at), calls.size());
    names.push_back(calls.substr(at, comma - at) + "(");
    at = comma + 1;
  }
  std::vector<std::string> got;
  for (const auto& l : read_lines(latest_run(home.path()) / "syscalls.log")) {
    const std::string line = std::regex_replace(std::regex_replace(l, prefix, ""), fd_note, "$1");
    for (const auto& n : names) {
      if (line.starts_with(n)) got.push_back(normal(line));
    }
  }
  return {want, got};
}

// The structs of capget, capset and openat2 are written as strace writes them.
TEST(CrossCheck, CapabilityAndOpenHowStructsAsStrace) {
  const auto [want, got] = lines_of_both({helper("drop_caps"), "/etc/hostname"}, "capget,capset,openat2");
  ASSERT_EQ(want.size(), 3u);
  EXPECT_EQ(got, want);
}

// struct stat and struct statx as strace -v writes them: a file, a directory with its sticky bit,
// a character device (st_rdev instead of st_size), a missing path (the pointer). All in a directory of the test's
// own but /dev/null, so that no other test changes their times between the two runs.
TEST(CrossCheck, StatStructAsStraceVerbose) {
  TempDir dir;
  std::ofstream(dir.path() / "f") << "twelve bytes";
  const auto sticky = dir.path() / "sticky";
  std::filesystem::create_directory(sticky);
  std::filesystem::permissions(sticky, std::filesystem::perms::all | std::filesystem::perms::sticky_bit);
  const auto [want, got] = lines_of_both({helper("stat_paths"), (dir.path() / "f").string(), sticky.string(),
                                          "/dev/null", (dir.path() / "missing").string()},
                                         "newfstatat,statx", "-v");
  ASSERT_GE(want.size(), 8u);  // the dynamic loader's own fstats of the libraries come first
  EXPECT_EQ(got, want);
}

// struct rlimit as strace writes it: RLIM64_INFINITY, whole KiB as "N*1024", a failed call's
// pointer (the dynamic loader's prlimit64 of the stack limit comes first).
TEST(CrossCheck, ResourceLimitsAsStrace) {
  const auto [want, got] = lines_of_both({helper("rlimits")}, "getrlimit,setrlimit,prlimit64");
  ASSERT_GE(want.size(), 5u);
  EXPECT_EQ(got, want);
}

// Signal sets and struct sigaction as strace writes them: space-separated sets, the complement
// form, real-time names, SA_ flags in strace's order (handler and restorer addresses apart).
TEST(CrossCheck, SignalSetsAndActionsAsStrace) {
  const auto [want, got] = lines_of_both({helper("signal_actions")}, "rt_sigaction,rt_sigprocmask");
  ASSERT_GE(want.size(), 5u);
  const std::regex code(R"(0x5[0-9a-f]{11})");  // the PIE's handler address differs per run too
  std::vector<std::string> w, g;
  for (const auto& l : want) w.push_back(std::regex_replace(l, code, "0x5…"));
  for (const auto& l : got) g.push_back(std::regex_replace(l, code, "0x5…"));
  EXPECT_EQ(g, w);
}

// Flags and commands from the tables (memfd_create, madvise, getrandom) as strace names them.
TEST(CrossCheck, NamedConstantsAsStrace) {
  const auto [want, got] = lines_of_both({helper("named_constants")}, "memfd_create,madvise,getrandom");
  ASSERT_EQ(want.size(), 3u);
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace capsule::test
