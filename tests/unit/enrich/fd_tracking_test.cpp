// fd tracking: what ev.fd_refs says before and after each call, like strace -yy.
#include <cerrno>

#include <gtest/gtest.h>

#include "enrich/enricher.h"
#include "event_builder.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

using test::EventBuilder;

class FdTracking : public ::testing::Test {
 protected:
  void SetUp() override { enricher.seed(test::sample_snapshot(100)); }
  SyscallEvent run(SyscallEvent ev) {
    ev.seq = seq++;
    enricher.process(ev);
    return ev;
  }
  Enricher enricher;
  uint64_t seq = 0;
};

TEST_F(FdTracking, SeededFdsAreAnnotated) {
  auto ev = run(EventBuilder(100, "write").fd("fd", 1).str("buf", "hi").num("count", 2).ret(2));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

TEST_F(FdTracking, UnknownFdGetsNoRef) {
  auto ev = run(EventBuilder(100, "read").fd("fd", 9).ret(0));
  EXPECT_TRUE(ev.fd_refs.empty());
}

TEST_F(FdTracking, OpenatRelativeToCwdThenReadThenClose) {
  auto open = run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "../x/./f.txt")
                      .sym("flags", "O_RDONLY|O_CLOEXEC").ret_fd(3));
  // AT_FDCWD stood for the cwd: its ref comes after the descriptors' (strace -yy's AT_FDCWD</home/u>).
  EXPECT_EQ(open.fd_refs, (std::vector<FdRef>{{3, "/home/x/f.txt", true}, {kAtFdcwdRef, "/home/u"}}));

  auto read = run(EventBuilder(100, "read").fd("fd", 3).ret(10));
  EXPECT_EQ(read.fd_refs, (std::vector<FdRef>{{3, "/home/x/f.txt"}}));

  // close gets the ref from before the call; afterwards the fd is gone.
  auto close = run(EventBuilder(100, "close").fd("fd", 3).ret(0));
  EXPECT_EQ(close.fd_refs, (std::vector<FdRef>{{3, "/home/x/f.txt"}}));
  auto after = run(EventBuilder(100, "read").fd("fd", 3).fail(EBADF));
  EXPECT_TRUE(after.fd_refs.empty());
}

TEST_F(FdTracking, OpenatRelativeToDirfd) {
  run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "/etc")
          .sym("flags", "O_RDONLY|O_DIRECTORY").ret_fd(4));
  auto ev = run(EventBuilder(100, "openat").fd("dirfd", 4).str("pathname", "passwd")
                    .sym("flags", "O_RDONLY").ret_fd(6));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{4, "/etc"}, {6, "/etc/passwd", true}}));
}

TEST_F(FdTracking, FailedOpenChangesNothing) {
  auto ev = run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "/nope")
                    .sym("flags", "O_RDONLY").fail(ENOENT));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{kAtFdcwdRef, "/home/u"}}));  // the cwd, as strace shows it
  auto w = run(EventBuilder(100, "write").fd("fd", 1).ret(1));
  EXPECT_EQ(w.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

TEST_F(FdTracking, DupFamilyCopiesTheRef) {
  run(EventBuilder(100, "open").str("pathname", "/tmp/log").sym("flags", "O_WRONLY|O_CREAT")
          .arg(Arg::octal(0644).named("mode")).ret_fd(3));
  auto dup = run(EventBuilder(100, "dup").fd("oldfd", 3).ret_fd(7));
  EXPECT_EQ(dup.fd_refs, (std::vector<FdRef>{{3, "/tmp/log"}, {7, "/tmp/log", true}}));

  // dup2 onto stdout: the arg shows what 1 was before, the return what it is after (a result ref:
  // an argument of the same number does not show it).
  auto dup2 = run(EventBuilder(100, "dup2").fd("oldfd", 3).fd("newfd", 1).ret_fd(1));
  EXPECT_EQ(dup2.fd_refs,
            (std::vector<FdRef>{{3, "/tmp/log"}, {1, "/dev/pts/0"}, {1, "/tmp/log", true}}));
  auto w = run(EventBuilder(100, "write").fd("fd", 1).ret(1));
  EXPECT_EQ(w.fd_refs, (std::vector<FdRef>{{1, "/tmp/log"}}));

  auto fc = run(EventBuilder(100, "fcntl").fd("fd", 3).sym("cmd", "F_DUPFD_CLOEXEC").num("arg", 10)
                    .ret_fd(10));
  EXPECT_EQ(fc.fd_refs, (std::vector<FdRef>{{3, "/tmp/log"}, {10, "/tmp/log", true}}));
}

TEST_F(FdTracking, PipeFdsAreAnnotatedAfterTheCall) {
  auto ev = run(EventBuilder(100, "pipe2").arg(test::fd_array("pipefd", 3, 4))
                    .sym("flags", "O_CLOEXEC").ret(0));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{3, "pipe:[]"}, {4, "pipe:[]"}}));
}

TEST_F(FdTracking, SocketRefsFollowBindConnectAccept) {
  auto s = run(EventBuilder(100, "socket").sym("domain", "AF_INET")
                   .sym("type", "SOCK_STREAM|SOCK_CLOEXEC").num("protocol", 0).ret_fd(3));
  EXPECT_EQ(s.fd_refs, (std::vector<FdRef>{{3, "TCP:[]", true}}));
  auto b = run(EventBuilder(100, "bind").fd("sockfd", 3)
                   .arg(test::inet_addr("addr", "127.0.0.1", 40000)).num("addrlen", 16).ret(0));
  EXPECT_EQ(b.fd_refs, (std::vector<FdRef>{{3, "TCP:[]"}}));
  auto c = run(EventBuilder(100, "connect").fd("sockfd", 3)
                   .arg(test::inet_addr("addr", "127.0.0.1", 8080)).num("addrlen", 16)
                   .fail(EINPROGRESS));
  EXPECT_EQ(c.fd_refs, (std::vector<FdRef>{{3, "TCP:[127.0.0.1:40000]"}}));
  auto w = run(EventBuilder(100, "write").fd("fd", 3).ret(1));
  EXPECT_EQ(w.fd_refs, (std::vector<FdRef>{{3, "TCP:[127.0.0.1:40000->127.0.0.1:8080]"}}));

  run(EventBuilder(100, "socket").sym("domain", "AF_INET").sym("type", "SOCK_STREAM")
          .num("protocol", 0).ret_fd(5));
  run(EventBuilder(100, "bind").fd("sockfd", 5).arg(test::inet_addr("addr", "0.0.0.0", 8080))
          .num("addrlen", 16).ret(0));
  auto a = run(EventBuilder(100, "accept4").fd("sockfd", 5)
                   .arg(test::inet_addr("addr", "10.0.0.2", 5555)).num("addrlen", 16)
                   .sym("flags", "SOCK_CLOEXEC").ret_fd(6));
  EXPECT_EQ(a.fd_refs, (std::vector<FdRef>{{5, "TCP:[0.0.0.0:8080]"},
                                           {6, "TCP:[0.0.0.0:8080->10.0.0.2:5555]", true}}));
}

// Without the kernel's name (the eBPF backend), a unix socket is labelled with the kernel's
// protocol name for its type, as strace -yy shows it: a stream one is UNIX-STREAM.
TEST_F(FdTracking, UnixSocketsAreLabelledByTheirType) {
  auto s = run(EventBuilder(100, "socket").sym("domain", "AF_UNIX")
                   .sym("type", "SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK").num("protocol", 0).ret_fd(3));
  EXPECT_EQ(s.fd_refs, (std::vector<FdRef>{{3, "UNIX-STREAM:[]", true}}));
  auto d = run(EventBuilder(100, "socket").sym("domain", "AF_UNIX").sym("type", "SOCK_DGRAM").num("protocol", 0).ret_fd(4));
  EXPECT_EQ(d.fd_refs, (std::vector<FdRef>{{4, "UNIX:[]", true}}));
}

TEST_F(FdTracking, AnonymousFds) {
  auto e = run(EventBuilder(100, "eventfd2").num("initval", 0).sym("flags", "EFD_CLOEXEC").ret_fd(3));
  EXPECT_EQ(e.fd_refs, (std::vector<FdRef>{{3, "anon_inode:[eventfd]", true}}));
  auto m = run(EventBuilder(100, "memfd_create").str("name", "jit").sym("flags", "MFD_CLOEXEC").ret_fd(4));
  EXPECT_EQ(m.fd_refs, (std::vector<FdRef>{{4, "/memfd:jit (deleted)", true}}));
  auto p = run(EventBuilder(100, "epoll_create1").sym("flags", "EPOLL_CLOEXEC").ret_fd(5));
  EXPECT_EQ(p.fd_refs, (std::vector<FdRef>{{5, "anon_inode:[eventpoll]", true}}));
}

// A pidfd is pid:N, as strace -yy writes it, until a wait call reaps process N (strace then
// reads no pid for it: anon_inode:[pidfd]); pidfd_getfd's targetfd is named from the table of
// the process the pidfd refers to, and its result is a copy of that fd.
TEST_F(FdTracking, PidfdsNameTheirProcessUntilItIsReaped) {
  run(EventBuilder(100, "pipe2").arg(test::fd_array("pipefd", 3, 4)).num("flags", 0).ret(0));
  run(EventBuilder(100, "clone").sym("flags", "SIGCHLD").ret(101));
  auto open = run(EventBuilder(100, "pidfd_open").arg(Arg::integer(101).named("pid")).num("flags", 0).ret_fd(5));
  EXPECT_EQ(open.fd_refs, (std::vector<FdRef>{{5, "pid:101", true}}));
  SyscallEvent wait = EventBuilder(100, "waitid").sym("idtype", "P_PIDFD").fd("id", 5);
  Arg info;
  info.kind = ArgKind::Struct;
  info.items = {symbol_from_names("SIGCHLD").named("si_signo"), symbol_from_names("CLD_EXITED").named("si_code"),
                Arg::integer(101).named("si_pid")};
  wait.args.push_back(std::move(info).named("infop"));
  wait.args.push_back(symbol_from_names("WEXITED").named("options"));
  wait.has_ret = true;
  wait.ret = 0;
  EXPECT_EQ(run(wait).fd_refs, (std::vector<FdRef>{{5, "pid:101"}}));  // named at the entry
  EXPECT_EQ(run(EventBuilder(100, "pidfd_send_signal").fd("pidfd", 5).sym("sig", "SIGKILL").fail(ESRCH)).fd_refs,
            (std::vector<FdRef>{{5, "anon_inode:[pidfd]"}}));
  // Our own pidfd: pidfd_getfd's copy of our pipe's write end.
  run(EventBuilder(100, "pidfd_open").arg(Arg::integer(100).named("pid")).num("flags", 0).ret_fd(6));
  auto got = run(EventBuilder(100, "pidfd_getfd").fd("pidfd", 6).fd("targetfd", 4).num("flags", 0).ret_fd(7));
  EXPECT_EQ(got.fd_refs, (std::vector<FdRef>{{6, "pid:100"}, {4, "pipe:[]"}, {7, "pipe:[]", true}}));
  // A wait4 that reports a stopped child reaps nothing.
  run(EventBuilder(100, "pidfd_open").arg(Arg::integer(102).named("pid")).num("flags", 0).ret_fd(8));
  Arg stopped;
  stopped.kind = ArgKind::Array;
  stopped.items.push_back(Arg::raw("{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}"));
  run(EventBuilder(100, "wait4").num("pid", 102).arg(std::move(stopped).named("wstatus")).sym("options", "WUNTRACED").ret(102));
  EXPECT_EQ(run(EventBuilder(100, "close").fd("fd", 8).ret(0)).fd_refs, (std::vector<FdRef>{{8, "pid:102"}}));
}

TEST_F(FdTracking, CloseRangeClosesOrMarks) {
  run(EventBuilder(100, "open").str("pathname", "/a").sym("flags", "O_RDONLY").ret_fd(3));
  run(EventBuilder(100, "open").str("pathname", "/b").sym("flags", "O_RDONLY").ret_fd(4));
  run(EventBuilder(100, "close_range").arg(Arg::uinteger(3).named("first"))
          .arg(Arg::uinteger(3).named("last")).num("flags", 0).ret(0));
  EXPECT_TRUE(run(EventBuilder(100, "read").fd("fd", 3).fail(EBADF)).fd_refs.empty());
  run(EventBuilder(100, "close_range").arg(Arg::uinteger(4).named("first"))
          .arg(Arg::uinteger(0xFFFFFFFFu).named("last")).sym("flags", "CLOSE_RANGE_CLOEXEC").ret(0));
  // Still open until exec, which closes it.
  EXPECT_EQ(run(EventBuilder(100, "read").fd("fd", 4).ret(0)).fd_refs,
            (std::vector<FdRef>{{4, "/b"}}));
  run(EventBuilder(100, "execve").str("pathname", "/bin/true").arg(test::str_array("argv", {"true"}))
          .arg(test::str_array("envp", {})).ret(0));
  EXPECT_TRUE(run(EventBuilder(100, "read").fd("fd", 4).fail(EBADF)).fd_refs.empty());
}

TEST_F(FdTracking, ReturnedFdOfUnmodelledCallDropsStaleEntry) {
  run(EventBuilder(100, "open").str("pathname", "/a").sym("flags", "O_RDONLY").ret_fd(3));
  run(EventBuilder(100, "close").fd("fd", 3).ret(0));
  run(EventBuilder(100, "open").str("pathname", "/a").sym("flags", "O_RDONLY").ret_fd(3));
  auto ev = run(EventBuilder(100, "fanotify_mark_fd_thing").ret_fd(3));
  EXPECT_TRUE(ev.fd_refs.empty());
}

// poll's fds argument as the strace parser reads it: [{fd=FD, events=POLLOUT}].
Arg pollfd_array(int fd) {
  Arg pollfd;
  pollfd.kind = ArgKind::Struct;
  pollfd.items = {Arg::fd(fd).named("fd"), symbol_from_names("POLLOUT").named("events")};
  Arg fds;
  fds.kind = ArgKind::Array;
  fds.name = "fds";
  fds.items = {pollfd};
  return fds;
}

// An event the signature table does not describe (or whose arguments are not in its order): every
// argument is looked at, items of arrays and structs included.
TEST_F(FdTracking, FdsInsideArraysAndStructsOfAnUndescribedCallAreAnnotated) {
  const Arg fds = pollfd_array(1);
  auto ev = run(EventBuilder(100, "some_new_poll").arg(fds).num("nfds", 1).num("timeout", 0).ret(1));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

// A described call whose pointer argument the strace parser read (poll's pollfd array, here
// without -yy annotations): the fds inside are resolved too.
TEST_F(FdTracking, FdsInsideThePollfdArrayOfPollAreAnnotated) {
  const Arg fds = pollfd_array(1);
  auto ev = run(EventBuilder(100, "poll").arg(fds).num("nfds", 1).num("timeout", 0).ret(1));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

// A described call: only its fd parameters (and pointers that may hold fds) are looked at. poll's
// fds are a pointer from the native decoder; strace -yy's annotations of them are kept as given.
TEST_F(FdTracking, DescribedCallsAreAnnotatedFromTheirFdParameters) {
  auto w = run(EventBuilder(100, "write").fd("fd", 1).str("buf", "hi").num("count", 2).ret(2));
  EXPECT_EQ(w.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
  auto dup = run(EventBuilder(100, "dup2").fd("oldfd", 1).fd("newfd", 7).ret_fd(7));
  EXPECT_EQ(dup.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}, {7, "/dev/pts/0", true}}));
  SyscallEvent poll = EventBuilder(100, "poll").num("fds", 0).num("nfds", 1).num("timeout", 0).ret(1);
  poll.fd_refs = {{1, "/dev/pts/0"}};
  EXPECT_EQ(run(poll).fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

// Arguments not in the signature's order (names elsewhere): every argument is looked at.
TEST_F(FdTracking, ArgumentsOutOfSignatureOrderAreStillFound) {
  auto ev = run(EventBuilder(100, "write").num("count", 2).fd("fd", 1).ret(2));
  EXPECT_EQ(ev.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

TEST_F(FdTracking, StraceAnnotationsAreKeptAndTeachTheTable) {
  SyscallEvent open = EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "f")
                          .sym("flags", "O_RDONLY").ret_fd(3);
  open.fd_refs = {{3, "/real/path/f"}};
  open = run(open);
  EXPECT_EQ(open.fd_refs, (std::vector<FdRef>{{3, "/real/path/f"}}));
  auto read = run(EventBuilder(100, "read").fd("fd", 3).ret(1));
  EXPECT_EQ(read.fd_refs, (std::vector<FdRef>{{3, "/real/path/f"}}));
}

TEST_F(FdTracking, OddArgumentsDoNotCrashNorChangeState) {
  run(EventBuilder(100, "close").ret(0));                       // no args
  run(EventBuilder(100, "dup2").str("oldfd", "x").ret_fd(1));   // wrong kinds
  run(EventBuilder(100, "pipe").num("pipefd", 0).ret(0));
  run(EventBuilder(100, "connect").fd("sockfd", 1).num("addr", 0).ret(0));
  run(EventBuilder(100, "clone3").ret(0));
  run(EventBuilder(100, "execve").ret(-1));
  run(EventBuilder(100, "setresuid").ret(0));
  auto w = run(EventBuilder(100, "write").fd("fd", 1).ret(1));
  EXPECT_EQ(w.fd_refs, (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

}  // namespace
}  // namespace capsule
