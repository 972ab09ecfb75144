// For a deterministic program, capsule records the same multiset of (syscall, result) as
// `strace -f`. Results that differ between any two runs (addresses, pids) are normalised.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
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
// (without pid, time and capsule's fd annotation). Both pad short lines before " = " to column 40
// of the whole line, prefix included, and only capsule's lines have a prefix here: the padding
// is left out of both. strace_flags: e.g. -v (its date comments after times are kept: capsule
// writes them too; strace runs with TZ=UTC, as capsule writes UTC).
std::pair<std::vector<std::string>, std::vector<std::string>> lines_of_both(const std::vector<std::string>& argv,
                                                                            const std::string& calls,
                                                                            const std::string& strace_flag = "-qq") {
  TempDir tmp, home;
  const auto out = tmp.path() / "trace";
  std::vector<std::string> strace_argv{"env", "TZ=UTC", "strace", "-qq", strace_flag, "-e", "trace=" + calls, "-o", out.string()};
  strace_argv.insert(strace_argv.end(), argv.begin(), argv.end());
  const auto strace = run_program(strace_argv);
  EXPECT_EQ(strace.exit_code, 0) << strace.err;
  const auto o = capsule_run(home.path(), argv);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  const std::regex padding(R"( +(= [^=]*)$)");
  std::vector<std::string> want;
  // Stack and mmap addresses differ from run to run (ASLR).
  // Shared libraries and stacks under ASLR: 0x7e… as well as 0x7f… (seen on this machine).
  const std::regex address(R"(0x7[ef][0-9a-f]{10})");
  const auto normal = [&](const std::string& l) { return std::regex_replace(l, address, "0x7f…"); };
  for (const auto& l : read_lines(out)) {
    want.push_back(normal(std::regex_replace(l, padding, " $1")));
  }
  const std::regex prefix(R"(^\d+ \d\d:\d\d:\d\d\.\d+ )");
  // -yy's fd notes, wherever an fd is: a path (with a device's "<char 1:3>") or "kind:[…]" after
  // the number or AT_FDCWD, and the mark of a file that is gone ("4</memfd:payload>(deleted)").
  const std::regex fd_note(R"((\d|AT_FDCWD)<(/[^<>]*(<(char|block) \d+:\d+>)?|[A-Za-z][A-Za-z0-9_-]*:\[[^\]]*\])>(\(deleted\))?)");
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
      if (line.starts_with(n)) got.push_back(normal(std::regex_replace(line, padding, " $1")));
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
  // sysfs has no birth time: its statx lacks STATX_BTIME, and strace leaves stx_btime out.
  const auto [want, got] = lines_of_both({helper("stat_paths"), (dir.path() / "f").string(), sticky.string(),
                                          "/dev/null", (dir.path() / "missing").string(), "/sys/kernel"},
                                         "newfstatat,statx", "-v");
  ASSERT_GE(want.size(), 10u);  // the dynamic loader's own fstats of the libraries come first
  EXPECT_NE(std::find_if(got.begin(), got.end(), [](const std::string& l) {
              return l.starts_with("statx(AT_FDCWD, \"/sys/kernel\"") && l.find("stx_btime") == std::string::npos &&
                     l.find("stx_mtime={") != std::string::npos && l.find("+0000 */") != std::string::npos;
            }),
            got.end());
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

// Directory listings as strace -v writes them: getdents64's and the old getdents' records (its
// d_name before d_type), every file type, the end of the listing ([]), a failed call's pointer.
TEST(CrossCheck, DirectoryEntriesAsStraceVerbose) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  std::filesystem::create_directory(dir.path() / "sub");
  std::filesystem::create_symlink("file", dir.path() / "link");
  ASSERT_EQ(::mkfifo((dir.path() / "fifo").c_str(), 0600), 0);
  const auto [want, got] = lines_of_both({helper("dirents"), dir.path().string()}, "getdents64,getdents", "-v");
  ASSERT_EQ(want.size(), 5u);
  EXPECT_NE(want[0].find("d_type=DT_FIFO, d_name=\"fifo\"}"), std::string::npos) << want[0];
  EXPECT_EQ(got, want);
}

// uname's, getrusage's, clock_getres's and statfs's structs, getrusage's who and fadvise64's
// advice by name, failed calls' pointers.
TEST(CrossCheck, SystemInformationAsStraceVerbose) {
  const auto [want, got] = lines_of_both({helper("system_info")}, "uname,getrusage,clock_getres,fadvise64,statfs,fstatfs", "-v");
  ASSERT_EQ(want.size(), 11u);
  EXPECT_EQ(got, want);
}

// socket's protocol by family, socket options by level with their int values.
TEST(CrossCheck, SocketOptionsAsStrace) {
  const auto [want, got] = lines_of_both({helper("socket_options")}, "socket,setsockopt,getsockopt");
  ASSERT_EQ(want.size(), 8u);
  EXPECT_EQ(got, want);
}

// struct epoll_event read by epoll_ctl and filled by epoll_wait.
TEST(CrossCheck, EpollEventsAsStrace) {
  const auto [want, got] = lines_of_both({helper("epoll_events")}, "epoll_ctl,epoll_wait");
  ASSERT_EQ(want.size(), 4u);
  EXPECT_EQ(got, want);
}

// ioctl's requests by name.
TEST(CrossCheck, IoctlRequestsAsStrace) {
  const auto [want, got] = lines_of_both({helper("ioctl_requests")}, "ioctl");
  ASSERT_EQ(want.size(), 3u);
  EXPECT_EQ(got, want);
}

// umask's octal result, fcntl's F_GETFL/F_GETFD flags, and -x's escaping (a string with a byte
// that is neither printable nor white space is hex-escaped whole) as strace writes them.
TEST(CrossCheck, ReturnSpellingsAndStringEscapingAsStrace) {
  TempDir dir;
  const auto [want, got] = lines_of_both({helper("strace_spellings"), dir.path().string()}, "umask,fcntl,write", "-x");
  ASSERT_EQ(want.size(), 9u);
  EXPECT_EQ(got, want);
  EXPECT_EQ(got[0], "umask(027) = 022");
  // (the fd number depends on what the test runner left open)
  EXPECT_TRUE(got[2].ends_with(", F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)")) << got[2];
  EXPECT_TRUE(got[8].ends_with(", \"\\x63\\x61\\x66\\xc3\\xa9\", 5) = 5")) << got[8];
}

// The same run's syscalls.log as written: " = " at column 40 of a short line, and -yy's
// annotation of a path with '<' and '>' in octal (three digits before an octal digit).
TEST(CrossCheck, AlignmentAndAnnotationEscapesAsStrace) {
  TempDir dir, home;
  const auto o = capsule_run(home.path(), {helper("strace_spellings"), dir.path().string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  std::vector<std::string> umask_lines, close_lines;
  for (const auto& l : read_lines(latest_run(home.path()) / "syscalls.log")) {
    if (l.find(" umask(") != std::string::npos) umask_lines.push_back(l);
    if (l.find(" close(") != std::string::npos && l.find("/a\\74b") != std::string::npos) close_lines.push_back(l);
  }
  ASSERT_EQ(umask_lines.size(), 2u);
  EXPECT_EQ(umask_lines[1].find("= 027"), 40u) << umask_lines[1];
  EXPECT_TRUE(umask_lines[1].ends_with("umask(022)" + std::string(40 - umask_lines[1].find("umask(") - 10, ' ') + "= 027"))
      << umask_lines[1];
  ASSERT_EQ(close_lines.size(), 1u);
  EXPECT_TRUE(close_lines[0].ends_with("/a\\74b\\0767>) = 0")) << close_lines[0];
}

// futex with only the arguments its operation uses, as strace's futex.c shows them: FUTEX_WAKE's
// count, a bitset wait's FUTEX_BITSET_MATCH_ANY, a wait's timeout struct, the requeues' val2 and
// second address, FUTEX_UNLOCK_PI's address alone.
TEST(CrossCheck, FutexArgumentsByOperationAsStrace) {
  const auto [want, got] = lines_of_both({helper("futex_ops")}, "futex");
  ASSERT_GE(want.size(), 7u);
  EXPECT_NE(std::find(want.begin(), want.end(), "futex(0x7f…, FUTEX_WAKE_PRIVATE, 2147483647) = 0"), want.end());
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace capsule::test
