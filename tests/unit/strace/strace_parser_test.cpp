// Whole lines as real strace writes them (copied from the fixtures), checked field by field.
#include <gtest/gtest.h>

#include <algorithm>

#include "decode/names.h"
#include "decode/signatures.h"
#include "strace_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::strace_test {
namespace {

Arg string_array(std::vector<std::string> items) {
  Arg a;
  a.kind = ArgKind::Array;
  for (auto& s : items) a.items.push_back(Arg::str(std::move(s)));
  return a;
}

TEST(StraceParser, OpenatWithFlagsAndAnnotatedFdReturn) {
  const SyscallEvent ev = parse_one(
      R"(10185 17:42:54.505111 openat(AT_FDCWD</tmp/w>, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>)");
  EXPECT_EQ(ev.type, EventType::Syscall);
  EXPECT_EQ(ev.name, "openat");
  EXPECT_EQ(ev.nr, 257);
  EXPECT_EQ(ev.pid, 10185);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], symbol_from_names("AT_FDCWD").named("dirfd"));
  EXPECT_EQ(ev.args[1], Arg::str("/etc/ld.so.cache").named("pathname"));
  EXPECT_EQ(ev.args[2], symbol_from_names("O_RDONLY|O_CLOEXEC").named("flags"));
  EXPECT_TRUE(ev.has_ret);
  EXPECT_EQ(ev.ret, 3);
  EXPECT_EQ(ev.err, 0);
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);
  const std::vector<FdRef> refs = {{-100, "/tmp/w"}, {3, "/etc/ld.so.cache", /*result=*/true}};
  EXPECT_EQ(ev.fd_refs, refs);
}

// strace marks an fd whose file is gone after its annotation; the ref keeps it as /proc does.
TEST(StraceParser, DeletedMarkAfterAnAnnotation) {
  const SyscallEvent made = parse_one(R"(5937  memfd_create("x", 0)              = 3</memfd:x>(deleted))");
  EXPECT_EQ(made.ret, 3);
  const std::vector<FdRef> made_refs = {{3, "/memfd:x (deleted)", /*result=*/true}};
  EXPECT_EQ(made.fd_refs, made_refs);
  const SyscallEvent closed = parse_one(R"(5937  close(3</memfd:x>(deleted))       = 0)");
  ASSERT_EQ(closed.args.size(), 1u);
  EXPECT_EQ(closed.fd_refs, (std::vector<FdRef>{{3, "/memfd:x (deleted)"}}));
  EXPECT_EQ(closed.ret, 0);
}

TEST(StraceParser, ExecveArgvAndEnvpArrays) {
  const SyscallEvent ev = parse_one(
      R"(10189 17:42:54.602255 execve("/usr/bin/sh", ["sh", "-c", "ls /etc | wc -l"], ["PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C"]) = 0)");
  EXPECT_EQ(ev.nr, 59);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::str("/usr/bin/sh").named("pathname"));
  EXPECT_EQ(ev.args[1], string_array({"sh", "-c", "ls /etc | wc -l"}).named("argv"));
  EXPECT_EQ(ev.args[2], string_array({"PATH=/usr/bin:/bin", "HOME=/tmp", "LANG=C"}).named("envp"));
  EXPECT_EQ(ev.ret, 0);
}

TEST(StraceParser, ExecveWithElidedEnvironment) {
  const SyscallEvent ev =
      parse_one(R"(1 0.1 execve("/bin/true", ["true"], 0x7ffc6a5cb0a8 /* 3 vars */) = 0)");
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[2], Arg::hex(0x7ffc6a5cb0a8).named("envp"));
}

TEST(StraceParser, ConnectRefusedWithSockaddr) {
  const SyscallEvent ev = parse_one(
      R"(5886  17:36:52.217317 connect(3<TCP:[10225]>, {sa_family=AF_INET, sin_port=htons(1), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused))");
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::fd(3).named("sockfd"));
  Arg addr;
  addr.kind = ArgKind::Struct;
  addr.items = {symbol_from_names("AF_INET").named("sa_family"), Arg::integer(1).named("sin_port"),
                Arg::str("127.0.0.1").named("sin_addr")};
  EXPECT_EQ(ev.args[1], std::move(addr).named("addr"));
  EXPECT_EQ(ev.args[2].name, "addrlen");
  EXPECT_EQ(ev.args[2].num, 16);
  EXPECT_TRUE(ev.has_ret);
  EXPECT_EQ(ev.ret, -1);
  EXPECT_EQ(ev.err, errno_value("ECONNREFUSED"));
  EXPECT_NE(ev.err, 0);
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{3, "TCP:[10225]"}}));
}

TEST(StraceParser, ErrnoReturn) {
  const SyscallEvent ev = parse_one(
      R"(10189 17:42:54.602802 access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory))");
  EXPECT_TRUE(ev.has_ret);
  EXPECT_EQ(ev.ret, -1);
  EXPECT_EQ(ev.err, 2);
  EXPECT_EQ(ev.args[1], symbol_from_names("R_OK").named("mode"));
}

TEST(StraceParser, ReadWithEscapedBuffer) {
  const SyscallEvent ev = parse_one(
      R"(1 10:00:00.000000 read(3</lib/libc.so.6>, "\x7f\x45\x4c\x46\x02\x01\n\t\\\"\000", 832) = 832)");
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::fd(3).named("fd"));
  EXPECT_EQ(ev.args[1], Arg::str(std::string("\x7f" "ELF\x02\x01\n\t\\\"\0", 11)).named("buf"));
  EXPECT_EQ(ev.args[2], Arg::uinteger(832).named("count"));
  EXPECT_EQ(ev.ret_kind, RetKind::Int);
}

TEST(StraceParser, HexReturnAndNullArgument) {
  const SyscallEvent ev = parse_one("1 10:00:00.000000 brk(NULL) = 0x557d2b062000");
  EXPECT_EQ(ev.args[0], Arg::null().named("addr"));
  EXPECT_EQ(ev.ret, 0x557d2b062000);
  EXPECT_EQ(ev.ret_kind, RetKind::Hex);
}

// strace's decorations of values are read back into the plain values they stand for (capsule's
// writer re-creates them): the padding before " = ", a time's date comment, decoded returns.
TEST(StraceParser, DecorationsReadBackIntoPlainValues) {
  SyscallEvent ev = parse_one(
      R"(7 10:00:00.000000 newfstatat(3</f>, "", {st_size=3, st_atime=1796449644 /* 2026-12-05T05:47:24.307527411+0000 */, st_atime_nsec=307527411}, AT_EMPTY_PATH) = 0)");
  ASSERT_EQ(ev.args.size(), 4u);
  ASSERT_EQ(ev.args[2].items.size(), 3u);
  EXPECT_EQ(ev.args[2].items[1].num, 1796449644);
  EXPECT_EQ(ev.args[2].items[1].name, "st_atime");
  EXPECT_EQ(ev.args[2].items[2].num, 307527411);

  ev = parse_one(R"(7 10:00:00.000000 umask(027)              = 022)");
  EXPECT_EQ(ev.args[0], Arg::octal(027).named("mask"));
  EXPECT_EQ(ev.ret, 022);
  EXPECT_EQ(ev.ret_kind, RetKind::Int);

  // F_GETFL's result is hex with its flags; the annotation's '<' '>' are octal escapes.
  ev = parse_one(R"(7 10:00:00.000000 fcntl(3</d/a\74b\0767>, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE))");
  EXPECT_EQ(ev.ret, 0x8002);
  EXPECT_EQ(ev.ret_kind, RetKind::Int);  // as the native decoder: the writer spells it from the table
  const std::vector<FdRef> refs = {{3, "/d/a<b>7"}};
  EXPECT_EQ(ev.fd_refs, refs);
  ev = parse_one(R"(7 10:00:00.000000 fcntl(3</d/x>, F_GETFD) = 0x1 (flags FD_CLOEXEC))");
  EXPECT_EQ(ev.ret, 1);
  EXPECT_EQ(ev.ret_kind, RetKind::Int);

  // ids: unsigned, (uid_t)-1 as -1.
  ev = parse_one(R"(7 10:00:00.000000 chown("x", 4294901760, -1) = 0)");
  EXPECT_EQ(ev.args[1], Arg::uinteger(4294901760).named("owner"));
  EXPECT_EQ(ev.args[2], Arg::integer(-1).named("group"));
}

// A name strace writes after a return value reads back to the number, which the writer spells
// again from the syscall table (tests/unit/decode/prctl_decode_test.cpp: the round trip).
TEST(StraceParser, NamedReturnsReadBackIntoTheirNumbers) {
  struct Case {
    const char* line;
    int64_t ret;
  };
  const Case cases[] = {
      {"sched_getscheduler(0) = 0 (SCHED_OTHER)", 0},
      {"prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)", 1},
      {"prctl(PR_MCE_KILL_GET, 0, 0, 0, 0) = 2 (PR_MCE_KILL_DEFAULT)", 2},
      {"prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS) = 0x2 (PR_SPEC_ENABLE)", 2},
      {"ioprio_get(IOPRIO_WHO_PROCESS, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))", 16388},
      {"fcntl(3</m>, F_GET_SEALS) = 0x2 (seals F_SEAL_SHRINK)", 2},
      {"fcntl(3</m>, F_GETLEASE) = 0x2 (F_UNLCK)", 2},
      {"fcntl(3</m>, F_GETSIG) = 12 (SIGUSR2)", 12},
      {"rt_sigtimedwait([USR2], NULL, {tv_sec=1, tv_nsec=0}, 8) = 12 (SIGUSR2)", 12},
  };
  for (const Case& c : cases) {
    const SyscallEvent ev = parse_one(std::string("7 10:00:00.000000 ") + c.line);
    EXPECT_EQ(ev.ret, c.ret) << c.line;
    EXPECT_EQ(ev.ret_kind, RetKind::Int) << c.line;
  }
}

TEST(StraceParser, UnfinishedAndResumedJoinAcrossOtherPids) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "5880  17:36:52.132106 wait4(5881,  <unfinished ...>",
      "5881  17:36:52.140000 getpid() = 5881",
      "5881  17:36:52.166434 +++ exited with 0 +++",
      "5880  17:36:52.166442 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 5881",
  });
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 3u);
  const SyscallEvent& wait = r.events[2];
  EXPECT_EQ(wait.name, "wait4");
  EXPECT_EQ(wait.pid, 5880);
  ASSERT_EQ(wait.args.size(), 4u);
  EXPECT_EQ(wait.args[0], Arg::integer(5881).named("pid"));
  EXPECT_EQ(wait.args[1].name, "wstatus");
  EXPECT_EQ(wait.args[1].kind, ArgKind::Array);
  EXPECT_EQ(wait.args[3], Arg::null().named("rusage"));
  EXPECT_EQ(wait.ret, 5881);
  EXPECT_EQ(wait.ts_us, kBaseDayUs + (17 * 3600 + 36 * 60 + 52) * 1'000'000LL + 132106);
  EXPECT_EQ(wait.end_us, kBaseDayUs + (17 * 3600 + 36 * 60 + 52) * 1'000'000LL + 166442);
}

TEST(StraceParser, ResumedArgumentsAfterAComma) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "7 1.0 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|SIGCHLD <unfinished ...>",
      "7 1.0 <... clone resumed>, child_tidptr=0x7ff6f3b45a10) = 5870",
  });
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 1u);
  const SyscallEvent& ev = r.events[0];
  ASSERT_EQ(ev.args.size(), 3u);  // reordered to the prototype: flags, stack, ..., child_tid
  EXPECT_EQ(ev.args[0], symbol_from_names("CLONE_CHILD_CLEARTID|SIGCHLD").named("flags"));
  EXPECT_EQ(ev.args[1], Arg::null().named("stack"));
  EXPECT_EQ(ev.args[2], Arg::hex(0x7ff6f3b45a10).named("child_tid"));
  EXPECT_EQ(ev.ret, 5870);
}

TEST(StraceParser, SigchldSignal) {
  const SyscallEvent ev = parse_one(
      "5880  17:36:52.166462 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=5881, "
      "si_uid=0, si_status=0, si_utime=0, si_stime=1 /* 0.01 s */} ---");
  EXPECT_EQ(ev.type, EventType::Signal);
  EXPECT_EQ(ev.signo, signal_value("SIGCHLD"));
  EXPECT_EQ(ev.pid, 5880);
  ASSERT_EQ(ev.args.size(), 1u);
  const Arg& info = ev.args[0];
  EXPECT_EQ(info.kind, ArgKind::Struct);
  ASSERT_EQ(info.items.size(), 7u);
  EXPECT_EQ(info.items[0], symbol_from_names("SIGCHLD").named("si_signo"));
  EXPECT_EQ(info.items[1], symbol_from_names("CLD_EXITED").named("si_code"));
  EXPECT_EQ(info.items[2], Arg::integer(5881).named("si_pid"));
  EXPECT_EQ(info.items[6], Arg::integer(1).named("si_stime"));
}

// poll's revents, written after the return value, join their fds' entries, where the native
// decoder keeps them; the fd with nothing ready and the negative fd get none.
TEST(StraceParser, PollReventsJoinTheirEntries) {
  const SyscallEvent ev = parse_one(
      "5880  17:36:52.166462 poll([{fd=3</a>, events=POLLIN}, {fd=-1}, {fd=4</b>, events=POLLIN}, {fd=5</c>, "
      "events=POLLOUT}], 4, 0) = 2 ([{fd=3, revents=POLLIN}, {fd=5, revents=POLLOUT|POLLHUP}])");
  ASSERT_EQ(ev.args.size(), 3u);
  const Arg& fds = ev.args[0];
  EXPECT_EQ(fds.name, "fds");
  ASSERT_EQ(fds.items.size(), 4u);
  ASSERT_EQ(fds.items[0].items.size(), 3u);
  EXPECT_EQ(fds.items[0].items[2], symbol_from_names("POLLIN").named("revents"));
  EXPECT_EQ(fds.items[1].items.size(), 1u);
  EXPECT_EQ(fds.items[2].items.size(), 2u);
  ASSERT_EQ(fds.items[3].items.size(), 3u);
  EXPECT_EQ(fds.items[3].items[2], symbol_from_names("POLLOUT|POLLHUP").named("revents"));
  EXPECT_EQ(ev.ret, 2);
}

// A group-stop is a signal event of its own kind, without a siginfo.
TEST(StraceParser, GroupStop) {
  const SyscallEvent ev = parse_one("5880  17:36:52.166462 --- stopped by SIGSTOP ---");
  EXPECT_EQ(ev.type, EventType::Signal);
  EXPECT_TRUE(ev.stopped);
  EXPECT_EQ(ev.signo, SIGSTOP);
  EXPECT_TRUE(ev.args.empty());
  EXPECT_FALSE(parse_one("5880  17:36:52.166462 --- SIGSTOP {si_signo=SIGSTOP, si_code=SI_USER, si_pid=1, si_uid=0} ---").stopped);
}

TEST(StraceParser, ExitLines) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "1 10:00:00.000000 +++ exited with 3 +++",
      "2 10:00:00.000000 +++ killed by SIGKILL +++",
      "3 10:00:00.000000 +++ killed by SIGSEGV (core dumped) +++",
  });
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].type, EventType::Exit);
  EXPECT_EQ(r.events[0].exit_code, 3);
  EXPECT_FALSE(r.events[0].killed);
  EXPECT_TRUE(r.events[1].killed);
  EXPECT_EQ(r.events[1].signo, 9);
  EXPECT_FALSE(r.events[1].core_dumped);
  EXPECT_EQ(r.events[2].signo, 11);
  EXPECT_TRUE(r.events[2].core_dumped);
}

TEST(StraceParser, NoReturnAndExtraTextAfterReturn) {
  EXPECT_FALSE(parse_one("1 10:00:00.000000 exit_group(0) = ?").has_ret);
  const SyscallEvent sel = parse_one("1 10:00:00.000000 select(1, NULL, NULL, NULL, {tv_sec=0, tv_usec=1}) = 0 (Timeout)");
  EXPECT_TRUE(sel.has_ret);
  EXPECT_EQ(sel.ret, 0);
  const SyscallEvent poll = parse_one("1 10:00:00.000000 poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])");
  EXPECT_EQ(poll.ret, 1);
  EXPECT_EQ(poll.args[0].items[0].items[0], Arg::fd(3).named("fd"));  // an fd, as the native decoder's
  const SyscallEvent ppoll = parse_one("1 10:00:00.000000 ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8)"
                                       " = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=5})");
  ASSERT_EQ(ppoll.args.size(), 6u);
  EXPECT_EQ(ppoll.args[5].name, kPolledLeftArg);
  EXPECT_EQ(ppoll.args[5].items.size(), 2u);
  const SyscallEvent restart = parse_one(
      "1 10:00:00.000000 nanosleep({tv_sec=1, tv_nsec=0}, NULL) = ? ERESTART_RESTARTBLOCK (Interrupted by signal)");
  EXPECT_TRUE(restart.has_ret);
  EXPECT_EQ(restart.ret, -1);
  EXPECT_EQ(restart.err, errno_value("ERESTART_RESTARTBLOCK"));
}

TEST(StraceParser, StraceNotesAreNotEventsNorErrors) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "strace: Process 123 attached", "strace: Process 123 detached", "",
      "123 10:00:00.000000 restart_syscall(<... resuming interrupted read ...>) = 0"});
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "restart_syscall");
}

TEST(StraceParser, PendingCallsAreFlushedWithoutResult) {
  const ParseResult r = parse_lines(std::vector<std::string_view>{
      "1 10:00:00.000000 read(0,  <unfinished ...>",
      "2 10:00:00.000001 futex(0x7f00, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>",
      "2 10:00:00.000002 +++ killed by SIGKILL +++",
  });
  ASSERT_TRUE(r.errors.empty());
  ASSERT_EQ(r.events.size(), 3u);
  EXPECT_EQ(r.events[0].name, "futex");  // flushed by its process's death, before the exit
  EXPECT_FALSE(r.events[0].has_ret);
  EXPECT_EQ(r.events[1].type, EventType::Exit);
  EXPECT_EQ(r.events[2].name, "read");   // flushed at finish()
  EXPECT_FALSE(r.events[2].has_ret);
  EXPECT_EQ(r.events[2].args[0], Arg::fd(0).named("fd"));
}

TEST(StraceParser, HandwrittenConstructs) {
  const ParseResult r = parse_lines(read_lines(fixture_path("handwritten_constructs.trace")));
  ASSERT_TRUE(r.errors.empty());
  // The multithreaded execve: entered by 4104, superseded the leader 4100, resumed as 4100.
  const auto exec = std::find_if(r.events.begin(), r.events.end(), [](const SyscallEvent& e) {
    return e.name == "execve" && e.tid == 4104;
  });
  ASSERT_NE(exec, r.events.end());
  EXPECT_EQ(exec->pid, 4100);
  EXPECT_TRUE(exec->has_ret);
  EXPECT_EQ(exec->ret, 0);
  // "<... futex resumed> <unfinished ...>) = ?": joined, no result.
  const auto futex = std::find_if(r.events.begin(), r.events.end(),
                                  [](const SyscallEvent& e) { return e.name == "futex"; });
  ASSERT_NE(futex, r.events.end());
  EXPECT_FALSE(futex->has_ret);
  EXPECT_EQ(futex->args.size(), 5u);
  // "<detached ...>" and "????" and an unknown syscall number.
  const auto unknown = std::find_if(r.events.begin(), r.events.end(),
                                    [](const SyscallEvent& e) { return e.name == "syscall_0x1c9"; });
  ASSERT_NE(unknown, r.events.end());
  EXPECT_EQ(unknown->nr, 0x1c9);
  EXPECT_EQ(unknown->err, errno_value("ENOSYS"));
}

TEST(StraceParser, StderrFormWithPidPrefixesAndI386Switch) {
  const ParseResult r = parse_lines(read_lines(fixture_path("handwritten_stderr_ttt.trace")), 5000);
  ASSERT_TRUE(r.errors.empty());
  const auto write = std::find_if(r.events.begin(), r.events.end(),
                                  [](const SyscallEvent& e) { return e.name == "write"; });
  ASSERT_NE(write, r.events.end());
  EXPECT_EQ(write->pid, 5001);
  EXPECT_EQ(write->ret, 3);
  const auto getpid = std::find_if(r.events.begin(), r.events.end(),
                                   [](const SyscallEvent& e) { return e.name == "getpid"; });
  ASSERT_NE(getpid, r.events.end());
  EXPECT_EQ(getpid->pid, 5000);
  EXPECT_EQ(getpid->arch, kArchI386);
  EXPECT_EQ(getpid->nr, 20);  // getpid on i386
}

}  // namespace
}  // namespace capsule::strace_test
