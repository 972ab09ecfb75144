// The signal masks and siginfos of the waiting and queueing calls (signalfd4, epoll_pwait,
// epoll_pwait2's timeout, ppoll, rt_sigqueueinfo, waitid with P_PIDFD), as strace 6.1 writes them
// (tests/helpers/corpus/signalfd.c, epoll.c, poll_select.c, signals_wait.c and pidfd.c's lines).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/wait.h>

#include <cstring>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

uint64_t mask_of(std::initializer_list<int> signals) {
  uint64_t m = 0;
  for (int s : signals) m |= uint64_t{1} << (s - 1);
  return m;
}

TEST(SignalMasksDecode, MasksOfTheWaitingCalls) {
  FakeMemory mem;
  const uint64_t alrm = mem.map_words<uint64_t>(0x10000, {mask_of({SIGALRM})});
  const uint64_t usr1_alrm = mem.map_words<uint64_t>(0x11000, {mask_of({SIGUSR1, SIGALRM})});
  expect_strace_spelling(decode_call(mem, "signalfd4", {static_cast<uint64_t>(-1), alrm, 8, SFD_CLOEXEC}, 3),
                         "signalfd4(-1, [ALRM], 8, SFD_CLOEXEC) = 3");
  expect_strace_spelling(decode_call(mem, "signalfd4", {3, usr1_alrm, 8, 0}, 3), "signalfd4(3, [USR1 ALRM], 8, 0) = 3");
  const uint64_t usr2 = mem.map_words<uint64_t>(0x12000, {mask_of({SIGUSR2})});
  const uint64_t events = mem.map(0x13000, std::string(sizeof(epoll_event), '\0'));
  expect_strace_spelling(decode_call(mem, "epoll_pwait", {6, events, 4, 0, usr2, 8}, 0),
                         "epoll_pwait(6, [], 4, 0, [USR2], 8) = 0");
  const uint64_t zero = mem.map_words<int64_t>(0x14000, {0, 0});
  expect_strace_spelling(decode_call(mem, "epoll_pwait2", {6, events, 4, zero, 0, 8}, 0),
                         "epoll_pwait2(6, [], 4, {tv_sec=0, tv_nsec=0}, NULL, 8) = 0");
  const uint64_t usr1 = mem.map_words<uint64_t>(0x15000, {mask_of({SIGUSR1})});
  expect_strace_spelling(decode_call(mem, "ppoll", {0, 0, zero, usr1, 8}, 0),
                         "ppoll(NULL, 0, {tv_sec=0, tv_nsec=0}, [USR1], 8) = 0 (Timeout)");
}

// ppoll's timeout as it was passed (read at the entry) and, after the revents, what the kernel
// left of it (tests/helpers/corpus/poll_select.c's line, strace 6.1).
TEST(SignalMasksDecode, PpollTimeLeft) {
  FakeMemory mem;
  const uint64_t fds = mem.map_words<int32_t>(0x10000, {3, POLLIN | POLLPRI, 4, POLLOUT});
  const uint64_t tmo = mem.map_words<int64_t>(0x11000, {1, 0});
  const uint64_t usr1 = mem.map_words<uint64_t>(0x12000, {mask_of({SIGUSR1})});
  const SyscallDecoder dec;
  const RawSyscall call = raw_call("ppoll", {fds, 2, tmo, usr1, 8});
  SyscallEvent ev;
  dec.decode_entry(call, mem, ev);
  mem.map_words<int32_t>(0x10000, {3, POLLIN | POLLPRI | (POLLIN << 16), 4, POLLOUT | (POLLOUT << 16)});  // revents
  mem.map_words<int64_t>(0x11000, {0, 999000});
  dec.decode_exit(call, 2, false, false, mem, ev);
  expect_strace_spelling(ev, "ppoll([{fd=3, events=POLLIN|POLLPRI}, {fd=4, events=POLLOUT}], 2, {tv_sec=1, tv_nsec=0}, [USR1], 8) "
                             "= 2 ([{fd=3, revents=POLLIN}, {fd=4, revents=POLLOUT}], left {tv_sec=0, tv_nsec=999000})");
}

TEST(SignalMasksDecode, SiginfoQueuedAndWaitedFor) {
  FakeMemory mem;
  siginfo_t q{};
  q.si_signo = 35;  // the kernel's SIGRTMIN + 3, strace's SIGRT_3
  q.si_code = SI_QUEUE;
  q.si_pid = 12826;
  q.si_uid = 0;
  q.si_value.sival_int = 42;
  const uint64_t info = mem.map_object(0x10000, q);
  expect_strace_spelling(decode_call(mem, "rt_sigqueueinfo", {12826, 35, info}, 0),
                         "rt_sigqueueinfo(12826, SIGRT_3, {si_signo=SIGRT_3, si_code=SI_QUEUE, si_pid=12826, si_uid=0, "
                         "si_int=42, si_ptr=0x2a}) = 0");
  siginfo_t c{};
  c.si_signo = SIGCHLD;
  c.si_code = CLD_EXITED;
  c.si_pid = 12835;
  c.si_status = 5;
  const uint64_t infop = mem.map_object(0x11000, c);
  expect_strace_spelling(decode_call(mem, "waitid", {P_PIDFD, 5, infop, WEXITED, 0}, 0),
                         "waitid(P_PIDFD, 5, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=12835, si_uid=0, si_status=5, "
                         "si_utime=0, si_stime=0}, WEXITED, NULL) = 0");
  expect_strace_spelling(decode_call(mem, "waitid", {P_PID, 12835, infop, WEXITED | WNOHANG, 0}, -ECHILD),
                         "waitid(P_PID, 12835, 0x11000, WNOHANG|WEXITED, NULL) = -1 ECHILD (No child processes)");
}

}  // namespace
}  // namespace capsule::testing
