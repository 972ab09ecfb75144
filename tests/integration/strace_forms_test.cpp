// Lines whose form strace decides beyond the arguments, as strace writes them, on both backends:
// each signal's siginfo with si_code by name and the fields that code fills, the group-stop's own
// line, clone(child_stack=…, flags=…, child_tidptr=…), the mask rt_sigreturn restores, poll's
// revents after its return value, CPU affinity masks, a dup2 onto a closed fd, an fd passed with
// SCM_RIGHTS.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "ebpf_available.h"
#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

// The lines of a log that start with one of `starts` after the pid and time, pids (which differ
// between runs) as P, addresses as A, inode numbers as I and a child's CPU ticks as T, sorted: processes interleave
// differently from run to run.
std::vector<std::string> lines_starting(const fs::path& log, const std::vector<std::string>& starts) {
  static const std::regex prefix(R"(^(\[pid +\d+\] )?(\d+ +)?\d\d:\d\d:\d\d\.\d+ )");
  static const std::regex pid(R"((si_pid=|^clone\(.* = )\d+)");
  static const std::regex address(R"(0x[0-9a-f]{6,})");
  static const std::regex inode(R"(:\[\d+(->\d+)?\])");
  static const std::regex padding(R"(\) +(= [^=]*)$)");  // " = " at column 40: pids differ in width
  static const std::regex ticks(R"((si_[us]time=)\d+( /\* [0-9.]+ s \*/)?)");
  std::vector<std::string> out;
  for (const auto& l : read_lines(log)) {
    const std::string line =
        std::regex_replace(std::regex_replace(std::regex_replace(l, prefix, ""), padding, ") $1"), inode, ":[I]");
    if (std::none_of(starts.begin(), starts.end(), [&](const std::string& s) { return line.starts_with(s); })) continue;
    out.push_back(std::regex_replace(std::regex_replace(std::regex_replace(line, pid, "$1P"), address, "A"), ticks, "$1T"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// strace's lines of argv that start with one of `starts`; checks that each backend writes the same
// (every tracing backend here and the strace backend, or only `backends` when given).
std::vector<std::string> expect_same_lines_everywhere(const std::vector<std::string>& argv,
                                                      const std::vector<std::string>& starts,
                                                      std::vector<std::string> backends = {}) {
  TempDir tmp;
  // -ff: one file per process, so that no call is split into <unfinished ...> and <... resumed>.
  std::vector<std::string> strace_argv{"strace", "-ff", "-tt", "-yy", "-qq", "-o", (tmp.path() / "trace").string()};
  strace_argv.insert(strace_argv.end(), argv.begin(), argv.end());
  EXPECT_EQ(run_program(strace_argv).exit_code, 0);
  std::vector<std::string> want;
  for (const auto& e : fs::directory_iterator(tmp.path())) {
    const auto lines = lines_starting(e.path(), starts);
    want.insert(want.end(), lines.begin(), lines.end());
  }
  std::sort(want.begin(), want.end());
  if (backends.empty()) {
    backends = tracing_backends();
    backends.emplace_back("strace");
  }
  for (const std::string& backend : backends) {
    TempDir home;
    EXPECT_EQ(capsule_run(home.path(), argv, {"--backend", backend}).exit_code, 0);
    EXPECT_EQ(lines_starting(latest_run(home.path()) / "syscalls.log", starts), want) << backend << " backend";
  }
  return want;
}

TEST(StraceForms, SiginfoGroupStopCloneAndSigreturn) {
  const auto want = expect_same_lines_everywhere({helper("signal_info")}, {"---", "clone(", "rt_sigreturn("});
  // What the helper makes happen, as strace writes it.
  for (const char* line : {
           "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=P, si_uid=0} ---",
           "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_TKILL, si_pid=P, si_uid=0} ---",
           "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=P, si_uid=0, si_int=42, si_ptr=0x2a} ---",
           "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x8} ---",
           "--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---",
           "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=P, si_uid=0, si_status=3, si_utime=T, si_stime=T} ---",
           "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=P, si_uid=0, si_status=SIGKILL, si_utime=T, si_stime=T} ---",
           "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_STOPPED, si_pid=P, si_uid=0, si_status=SIGSTOP, si_utime=T, si_stime=T} ---",
           "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_CONTINUED, si_pid=P, si_uid=0, si_status=SIGCONT, si_utime=T, si_stime=T} ---",
           "rt_sigreturn({mask=[CHLD]}) = -1 EINTR (Interrupted system call)",
           "--- stopped by SIGSTOP ---",
           "rt_sigreturn({mask=[]}) = 0",
           "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=A) = P",
       }) {
    EXPECT_NE(std::find(want.begin(), want.end(), line), want.end()) << "strace writes no " << line;
  }
}

TEST(StraceForms, PollRevents) {
  const auto want = expect_same_lines_everywhere({helper("poll_fds")}, {"poll(", "ppoll("});
  ASSERT_EQ(want.size(), 3u);
  const auto has = [&](const std::string& part) {
    return std::any_of(want.begin(), want.end(), [&](const std::string& l) { return l.find(part) != std::string::npos; });
  };
  EXPECT_TRUE(has(", events=POLLIN|POLLPRI}, {fd=-1}, {fd=")) << want[0];
  EXPECT_TRUE(has(", revents=POLLIN}, {fd=")) << want[0];
  EXPECT_TRUE(has(", 1, 0) = 0 (Timeout)")) << want[0];
  EXPECT_TRUE(has(", 1, NULL, NULL, 8) = 1 ([{fd=")) << want[0];
}

// dup2 onto a closed fd: the argument was no file at the call, so strace shows it bare and names only
// the result (capsule used to show the result's name on the argument too).
TEST(StraceForms, DupOntoAClosedFdNamesOnlyTheResult) {
  const auto want =
      expect_same_lines_everywhere({"/usr/bin/python3", "-c", "import os; os.close(1); os.dup2(2, 1)"}, {"dup2(2"});
  ASSERT_EQ(want.size(), 1u);
  EXPECT_TRUE(std::regex_match(want[0], std::regex(R"(dup2\(2<.+>, 1\) = 1<.+>)"))) << want[0];
}

// An fd passed over a Unix socket with SCM_RIGHTS: the control message as strace writes it on both
// sides, the received fd named where it arrives, and by the call that reads through it (the
// enricher's fd table took it from recvmsg).
TEST(StraceForms, FdPassedWithScmRightsIsNamedWhereItArrives) {
  // The fd numbers depend on what the test runner left open.
  const auto want = expect_same_lines_everywhere({helper("pass_fd")}, {"sendmsg(", "recvmsg(", "lseek("});
  const std::regex received(R"(^recvmsg\(.*msg_control=\[\{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[(\d+)</etc/hostname>\]\}\].* = 1$)");
  std::string fd;
  for (const auto& l : want) {
    std::smatch m;
    if (std::regex_match(l, m, received)) fd = m[1];
  }
  ASSERT_FALSE(fd.empty()) << ::testing::PrintToString(want);
  EXPECT_NE(std::find_if(want.begin(), want.end(), [&](const std::string& l) { return l.starts_with("lseek(" + fd + "</etc/hostname>, 0, SEEK_END) = "); }),
            want.end())
      << ::testing::PrintToString(want);
}

// CPU affinity masks as the CPUs in them: taskset's sched_setaffinity, nproc's sched_getaffinity.
TEST(StraceForms, AffinityMasks) {
  const auto want = expect_same_lines_everywhere({"taskset", "-c", "0", "nproc"}, {"sched_getaffinity(", "sched_setaffinity("});
  EXPECT_NE(std::find(want.begin(), want.end(), "sched_setaffinity(0, 32, [0]) = 0"), want.end());
  EXPECT_NE(std::find(want.begin(), want.end(), "sched_getaffinity(0, 128, [0]) = 32"), want.end());
}

}  // namespace
}  // namespace capsule::test
