// personality, membarrier, adjtimex/clock_adjtime and fcntl's struct f_owner_ex, with the return
// values strace decorates, as strace 6.1 writes them (tests/helpers/corpus/prctl.c, rare_time.c
// and fds.c's lines).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <linux/membarrier.h>
#include <sys/personality.h>
#include <sys/timex.h>

#include <cerrno>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

TEST(PersonaTimexDecode, PersonaAndTheOldOneAfterTheReturn) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "personality", {0xffffffff}, 0), "personality(0xffffffff) = 0 (PER_LINUX)");
  expect_strace_spelling(decode_call(mem, "personality", {uint64_t{PER_LINUX} | ADDR_NO_RANDOMIZE}, 0),
                         "personality(PER_LINUX|ADDR_NO_RANDOMIZE) = 0 (PER_LINUX)");
  expect_strace_spelling(decode_call(mem, "personality", {PER_LINUX}, 0x4460000),
                         "personality(PER_LINUX) = 0x4460000 "
                         "(PER_LINUX|UNAME26|ADDR_NO_RANDOMIZE|READ_IMPLIES_EXEC|STICKY_TIMEOUTS)");
  expect_strace_spelling(decode_call(mem, "personality", {uint64_t{PER_LINUX32} | ADDR_LIMIT_3GB}, PER_BSD),
                         "personality(PER_LINUX32|ADDR_LIMIT_3GB) = 0x6 (PER_BSD)");
}

TEST(PersonaTimexDecode, MembarrierCommandsCpuIdOnlyWithItsFlag) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "membarrier", {MEMBARRIER_CMD_QUERY, 0, 0}, 0x3ff),
                         "membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x3ff (MEMBARRIER_CMD_GLOBAL|"
                         "MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|"
                         "MEMBARRIER_CMD_PRIVATE_EXPEDITED|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|"
                         "MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|"
                         "MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ|0x200)");
  expect_strace_spelling(decode_call(mem, "membarrier", {MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 7}, 0),
                         "membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0) = 0");
  expect_strace_spelling(decode_call(mem, "membarrier", {MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_FLAG_CPU, 5}, -EINVAL),
                         "membarrier(MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_FLAG_CPU, 5) = -1 EINVAL (Invalid argument)");
}

TEST(PersonaTimexDecode, TimexFilledAndTheClockStateAfterTheReturn) {
  FakeMemory mem;
  struct timex t{};
  t.maxerror = 16000000;
  t.esterror = 16000000;
  t.status = STA_UNSYNC | STA_NANO;
  t.constant = 2;
  t.precision = 1;
  t.tolerance = 32768000;
  t.time.tv_sec = 1796541529;
  t.time.tv_usec = 982476000;
  t.tick = 10000;
  const uint64_t addr = mem.map_object(0x10000, t);
  const std::string body = "{modes=0, offset=0, freq=0, maxerror=16000000, esterror=16000000, status=STA_UNSYNC|STA_NANO, "
                           "constant=2, precision=1, tolerance=32768000, time={tv_sec=1796541529, tv_usec=982476000}, "
                           "tick=10000, ppsfreq=0, jitter=0, shift=0, stabil=0, jitcnt=0, calcnt=0, errcnt=0, stbcnt=0, tai=0}";
  expect_strace_spelling(decode_call(mem, "adjtimex", {addr}, TIME_ERROR), "adjtimex(" + body + ") = 5 (TIME_ERROR)");
  expect_strace_spelling(decode_call(mem, "clock_adjtime", {CLOCK_REALTIME, addr}, TIME_OK),
                         "clock_adjtime(CLOCK_REALTIME, " + body + ") = 0 (TIME_OK)");
  expect_strace_spelling(decode_call(mem, "adjtimex", {0x10}, -EFAULT), "adjtimex(0x10)        = -1 EFAULT (Bad address)");
}

TEST(PersonaTimexDecode, FcntlOwnerEx) {
  FakeMemory mem;
  struct f_owner_ex owner{F_OWNER_PID, 4242};
  const uint64_t addr = mem.map_object(0x10000, owner);
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_SETOWN_EX, addr}, 0),
                         "fcntl(3, F_SETOWN_EX, {type=F_OWNER_PID, pid=4242}) = 0");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_GETOWN_EX, addr}, 0),
                         "fcntl(3, F_GETOWN_EX, {type=F_OWNER_PID, pid=4242}) = 0");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_GETOWN_EX, addr}, -EBADF),
                         "fcntl(3, F_GETOWN_EX, 0x10000) = -1 EBADF (Bad file descriptor)");
}

}  // namespace
}  // namespace capsule::testing
