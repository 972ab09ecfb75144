// What fds and directories are, as strace -yy annotates them in syscalls.log, on both backends:
// the native one (the enricher's tables) and --backend strace (strace's own annotations).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "ebpf_available.h"
#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

// The lines of a log without strace's "[pid N] " / capsule's "PID " and the time, an fd result
// as "= FD<…>" (the lowest free fd depends on what the test runner left open).
std::vector<std::string> bare_lines(const fs::path& log) {
  static const std::regex prefix(R"(^(\[pid +\d+\] )?(\d+ +)?\d\d:\d\d:\d\d\.\d+ )");
  static const std::regex fd_result(R"(\) = \d+<)");
  std::vector<std::string> out;
  for (const auto& l : read_lines(log)) out.push_back(std::regex_replace(std::regex_replace(l, prefix, ""), fd_result, ") = FD<"));
  return out;
}

// Whether lines hold want; on failure the lines of the same call print, to show the difference.
::testing::AssertionResult has_line(const std::vector<std::string>& lines, const std::string& want) {
  if (std::find(lines.begin(), lines.end(), want) != lines.end()) return ::testing::AssertionSuccess();
  auto failure = ::testing::AssertionFailure();
  const std::string call = want.substr(0, want.find('('));
  for (const auto& l : lines) {
    if (l.starts_with(call)) failure << "\n  " << l;
  }
  return failure;
}

// Runs argv under strace -yy and under capsule on both backends; checks that strace writes
// `want` and that each backend's syscalls.log does too. Returns the native run's directory.
fs::path expect_line_everywhere(const std::vector<std::string>& argv, const std::string& want, TempDir& native_home) {
  TempDir tmp;
  const fs::path trace = tmp.path() / "trace";
  std::vector<std::string> strace_argv{"strace", "-f", "-tt", "-yy", "-qq", "-o", trace.string()};
  strace_argv.insert(strace_argv.end(), argv.begin(), argv.end());
  EXPECT_EQ(run_program(strace_argv).exit_code, 0);
  EXPECT_TRUE(has_line(bare_lines(trace), want)) << "strace itself writes: " << want;

  TempDir strace_home;
  for (TempDir* home : {&native_home, &strace_home}) {
    const bool native = home == &native_home;
    const auto flags = native ? std::vector<std::string>{} : std::vector<std::string>{"--backend", "strace"};
    EXPECT_EQ(capsule_run(home->path(), argv, flags).exit_code, 0);
    const fs::path run = latest_run(home->path());
    EXPECT_TRUE(has_line(bare_lines(run / "syscalls.log"), want)) << (native ? "native" : "strace") << " backend lacks " << want;
    // AT_FDCWD's directory is no fd: events.jsonl's fds name only descriptors.
    for (const auto& e : read_jsonl(run / "events.jsonl")) {
      EXPECT_FALSE(e.contains("fds") && e["fds"].contains("-100")) << e.dump();
    }
  }
  return latest_run(native_home.path());
}

// cat opens its file relative to the cwd the shell moved to: "AT_FDCWD</dir>", as strace -yy.
TEST(FdAnnotation, AtFdcwdShowsTheWorkingDirectory) {
  TempDir dir, home;
  const fs::path work = fs::canonical(dir.path());  // the kernel's name for it
  std::ofstream(work / "f") << "x";
  expect_line_everywhere({"sh", "-c", "cd " + work.string() + " && cat f"},
                         "openat(AT_FDCWD<" + work.string() + ">, \"f\", O_RDONLY) = FD<" + (work / "f").string() + ">",
                         home);
}

// An fd is the file the kernel opened: through a symlink, the link's target (strace reads
// /proc/PID/fd/N). The rules still see the path as the program wrote it.
TEST(FdAnnotation, OpenedFdIsTheKernelsPath) {
  TempDir dir, home;
  const fs::path work = fs::canonical(dir.path());
  std::ofstream(work / "f") << "x";
  fs::create_symlink(work / "f", work / "l");
  const fs::path run = expect_line_everywhere(
      {"cat", (work / "l").string()},
      "openat(AT_FDCWD<" + fs::current_path().string() + ">, \"" + (work / "l").string() + "\", O_RDONLY) = FD<" +
          (work / "f").string() + ">",
      home);
  bool seen = false;
  for (const auto& e : read_jsonl(run / "enriched.jsonl")) {
    if (e.value("syscall", "") != "openat" || !e.contains("fds")) continue;
    if (e["fds"][0].value("path", "") != (work / "f").string()) continue;
    seen = true;
    bool written = false;
    for (const auto& r : e["resources"]) written = written || r.value("path", "") == (work / "l").string();
    EXPECT_TRUE(written) << e.dump();
  }
  EXPECT_TRUE(seen);
}

// A pipe's two ends are one pipe:[inode], the kernel's, on both backends; the fds carry it on.
TEST(FdAnnotation, PipeEndsShowTheirInode) {
  const std::regex pipe_line(R"(^pipe2?\(\[\d+<pipe:\[(\d+)\]>, \d+<pipe:\[(\d+)\]>\].*\) = 0$)");
  for (const std::vector<std::string>& flags : {std::vector<std::string>{}, {"--backend", "strace"}}) {
    TempDir home;
    ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "echo x | cat"}, flags).exit_code, 0);
    const auto lines = bare_lines(latest_run(home.path()) / "syscalls.log");
    std::string inode;
    for (const auto& l : lines) {
      std::smatch m;
      if (!std::regex_match(l, m, pipe_line)) continue;
      EXPECT_EQ(m[1], m[2]) << l;
      inode = m[1];
    }
    ASSERT_FALSE(inode.empty()) << (flags.empty() ? "native" : "strace") << ": no pipe line";
    const std::string note = "<pipe:[" + inode + "]>";
    const auto uses = std::count_if(lines.begin(), lines.end(), [&](const std::string& l) {
      return !l.starts_with("pipe") && l.find(note) != std::string::npos;
    });
    EXPECT_GE(uses, 2) << note;  // the shell's dup2s and closes of both ends at least
  }
}

// Sockets as strace -yy names them (it asks sock_diag): unix ones by inode, peer and path, TCP by
// address and the port the kernel chose, an accepted socket with its peer although accept4 was
// given no address, an unbound UDP socket by inode. The helper prints "FD NAME" for each socket,
// the name worked out from its own fstat and getsockname, then calls getsockname(FD).
// only: the names that start with it are checked (all when empty).
void expect_socket_names(const std::string& out, const fs::path& log, const std::string& who,
                         const std::string& only = "") {
  static const std::regex shown(R"(^(\d+) (\S+)$)");
  const auto lines = bare_lines(log);
  size_t n = 0;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (!std::regex_match(l, m, shown)) continue;
    ++n;
    if (!m[2].str().starts_with(only)) continue;
    const std::string want = "getsockname(" + m[1].str() + "<" + m[2].str() + ">, ";
    EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [&](const std::string& x) { return x.starts_with(want); }))
        << who << " lacks " << want;
  }
  EXPECT_EQ(n, 8u) << out;
}

TEST(FdAnnotation, SocketsAreNamedAsStraceNamesThem) {
  TempDir dir, tmp, native_home, strace_home;
  const fs::path trace = tmp.path() / "trace";
  const std::vector<std::string> argv{helper("socket_labels"), dir.path().string()};
  std::vector<std::string> strace_argv{"strace", "-f", "-tt", "-yy", "-qq", "-o", trace.string()};
  strace_argv.insert(strace_argv.end(), argv.begin(), argv.end());
  const auto strace = run_program(strace_argv);
  ASSERT_EQ(strace.exit_code, 0) << strace.err;
  expect_socket_names(strace.out, trace, "strace itself");
  for (TempDir* home : {&native_home, &strace_home}) {
    const bool native = home == &native_home;
    fs::remove(dir.path() / "s");
    const auto flags = native ? std::vector<std::string>{} : std::vector<std::string>{"--backend", "strace"};
    const auto run = capsule_run(home->path(), argv, flags);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    expect_socket_names(run.out, latest_run(home->path()) / "syscalls.log", native ? "native" : "strace backend");
  }
}

// The eBPF backend reads an inet socket's ends in the kernel at the call's exit, as sock_diag
// would give them then (asked later, sock_diag no longer knows a socket closed since).
TEST(FdAnnotation, InetSocketsUnderEbpfAreNamedAsStraceNamesThem) {
  SKIP_WITHOUT_EBPF();
  TempDir dir, home;
  const auto run = capsule_run(home.path(), {helper("socket_labels"), dir.path().string()}, {"--backend", "ebpf"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  expect_socket_names(run.out, latest_run(home.path()) / "syscalls.log", "ebpf", "TCP");
  expect_socket_names(run.out, latest_run(home.path()) / "syscalls.log", "ebpf", "UDP");
  // A unix socketpair's ends, each the other's peer, and an accepted socket with the listener's
  // path, read the same way.
  const std::string log = slurp(latest_run(home.path()) / "syscalls.log");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(\[\d+<UNIX-STREAM:\[(\d+)->(\d+)\]>, \d+<UNIX-STREAM:\[(\d+)->(\d+)\]>\])")))
      << log;
  EXPECT_EQ(m[1], m[4]);
  EXPECT_EQ(m[2], m[3]);
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(accept4\(\d+<UNIX-STREAM:\[\d+,"[^"]+/s"\]>, NULL, NULL, 0\) = \d+<UNIX-STREAM:\[\d+->\d+,"[^"]+/s"\]>)")))
      << log;
}

}  // namespace
}  // namespace capsule::test
