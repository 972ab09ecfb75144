// select's and pselect6's fd sets (as the call read them at entry), pselect6's sigmask pair, and
// the ready sets and time left strace writes after the return value, as strace 6.1 writes them
// (tests/helpers/corpus/poll_select.c's lines).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/select.h>

#include <cerrno>
#include <functional>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

uint64_t map_fd_set(FakeMemory& mem, uint64_t addr, std::initializer_list<int> fds) {
  fd_set set;
  FD_ZERO(&set);
  for (int fd : fds) FD_SET(fd, &set);
  return mem.map_object(addr, set);
}

// Entry with the sets as given, then the exit after `ready` rewrote them.
SyscallEvent select_call(FakeMemory& mem, const RawSyscall& call, int64_t rval, const std::function<void()>& ready) {
  const SyscallDecoder dec;
  SyscallEvent ev;
  const bool done = dec.decode_entry(call, mem, ev);
  EXPECT_TRUE(done);  // the sets are read before the kernel rewrites them
  ready();
  dec.decode_exit(call, rval, rval < 0, done, mem, ev);
  return ev;
}

TEST(SelectDecode, SetsAtEntryReadySetsAndTimeLeftAfterTheReturn) {
  FakeMemory mem;
  const uint64_t r = map_fd_set(mem, 0x10000, {3, 5});
  const uint64_t w = map_fd_set(mem, 0x11000, {4});
  const uint64_t ts = mem.map_words<int64_t>(0x12000, {1, 0});
  const SyscallEvent ev = select_call(mem, raw_call("pselect6", {6, r, w, 0, ts, 0}), 2, [&] {
    map_fd_set(mem, r, {3});
    map_fd_set(mem, w, {4});
    mem.map_words<int64_t>(ts, {0, 999997186});
  });
  expect_strace_spelling(ev, "pselect6(6, [3 5], [4], NULL, {tv_sec=1, tv_nsec=0}, NULL) = 2 (in [3], out [4], "
                             "left {tv_sec=0, tv_nsec=999997186})");
}

TEST(SelectDecode, ExceptSetSigmaskAndNoTimeout) {
  FakeMemory mem;
  const uint64_t r = map_fd_set(mem, 0x10000, {3, 5});
  const uint64_t e = map_fd_set(mem, 0x11000, {5});
  const uint64_t mask = mem.map_words<uint64_t>(0x12000, {1u << (SIGUSR1 - 1)});
  const uint64_t pair = mem.map_words<uint64_t>(0x13000, {mask, 8});
  SyscallEvent ev = select_call(mem, raw_call("pselect6", {6, r, 0, e, 0, pair}), 1, [&] {
    map_fd_set(mem, r, {3});
    map_fd_set(mem, e, {});
  });
  expect_strace_spelling(ev, "pselect6(6, [3 5], NULL, [5], NULL, {sigmask=[USR1], sigsetsize=8}) = 1 (in [3])");
  const uint64_t null_mask = mem.map_words<uint64_t>(0x14000, {0, 8});
  ev = select_call(mem, raw_call("pselect6", {6, r, 0, 0, 0, null_mask}), 1, [] {});
  expect_strace_spelling(ev, "pselect6(6, [3], NULL, NULL, NULL, {sigmask=NULL, sigsetsize=8}) = 1 (in [3])");
}

TEST(SelectDecode, TimeoutFaultAndTimevals) {
  FakeMemory mem;
  const uint64_t r = map_fd_set(mem, 0x10000, {5});
  const uint64_t ts = mem.map_words<int64_t>(0x12000, {0, 1000000});
  SyscallEvent ev = select_call(mem, raw_call("pselect6", {6, r, 0, 0, ts, 0}), 0, [&] { map_fd_set(mem, r, {}); });
  expect_strace_spelling(ev, "pselect6(6, [5], NULL, NULL, {tv_sec=0, tv_nsec=1000000}, NULL) = 0 (Timeout)");
  ev = select_call(mem, raw_call("pselect6", {6, 0x8, 0, 0, 0, 0}), -EFAULT, [] {});
  expect_strace_spelling(ev, "pselect6(6, 0x8, NULL, NULL, NULL, NULL) = -1 EFAULT (Bad address)");
  // select itself: the timeout is a timeval.
  const uint64_t w = map_fd_set(mem, 0x13000, {1});
  const uint64_t tv = mem.map_words<int64_t>(0x14000, {2, 500});
  ev = select_call(mem, raw_call("select", {2, 0, w, 0, tv}), 1, [&] { mem.map_words<int64_t>(tv, {1, 999}); });
  expect_strace_spelling(ev, "select(2, NULL, [1], NULL, {tv_sec=2, tv_usec=500}) = 1 (out [1], left {tv_sec=1, tv_usec=999})");
}

}  // namespace
}  // namespace capsule::testing
