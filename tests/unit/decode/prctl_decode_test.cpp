// prctl as strace 6.1 writes it: only the arguments an option takes, its second by the option.
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/prctl.h>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

std::string prctl_line(FakeMemory& mem, std::initializer_list<uint64_t> args, int64_t rval = 0) {
  const SyscallDecoder dec;
  const SyscallEvent ev = run_call(dec, mem, raw_call("prctl", args), rval);
  return strace_spelling(ev);
}

TEST(PrctlDecode, EachOptionShowsTheArgumentsItTakes) {
  FakeMemory mem;
  const uint64_t name = mem.map_cstr(0x10000, "corpus-prctl");
  const uint64_t sig = mem.map_object<int32_t>(0x11000, SIGTERM);
  const uint64_t one = mem.map_object<int32_t>(0x12000, 1);
  EXPECT_EQ(prctl_line(mem, {PR_SET_NAME, name, 0, 0, 0}), "prctl(PR_SET_NAME, \"corpus-prctl\") = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_NAME, name, 0, 0, 0}), "prctl(PR_GET_NAME, \"corpus-prctl\") = 0");
  EXPECT_EQ(prctl_line(mem, {PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0}), "prctl(PR_SET_PDEATHSIG, SIGTERM) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_PDEATHSIG, sig, 0, 0, 0}), "prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_DUMPABLE, 0, 0, 0, 0}, 1), "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)");
  EXPECT_EQ(prctl_line(mem, {PR_SET_DUMPABLE, 1, 0, 0, 0}), "prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0}), "prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0}), "prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0}, 1), "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1");
  EXPECT_EQ(prctl_line(mem, {PR_SET_TIMERSLACK, 100000, 0, 0, 0}), "prctl(PR_SET_TIMERSLACK, 100000) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_TIMERSLACK, 0, 0, 0, 0}, 50000), "prctl(PR_GET_TIMERSLACK) = 50000");
  EXPECT_EQ(prctl_line(mem, {PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0}), "prctl(PR_SET_CHILD_SUBREAPER, 1) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_CHILD_SUBREAPER, one, 0, 0, 0}), "prctl(PR_GET_CHILD_SUBREAPER, [1]) = 0");
  EXPECT_EQ(prctl_line(mem, {PR_GET_KEEPCAPS, 0, 0, 0, 0}), "prctl(PR_GET_KEEPCAPS) = 0");
  // An option strace does not know: the four other words in hex (the option's own spelling,
  // "0x270f /* PR_??? */", is the unknown-constant form, not prctl's).
  EXPECT_TRUE(prctl_line(mem, {9999, 1, 2, 3, 4}, -22).ends_with(", 0x1, 0x2, 0x3, 0x4) = -1 EINVAL (Invalid argument)"));
  // A failed call wrote nothing: the pointer.
  EXPECT_EQ(prctl_line(mem, {PR_GET_PDEATHSIG, 0x13000, 0, 0, 0}, -14),
            "prctl(PR_GET_PDEATHSIG, 0x13000) = -1 EFAULT (Bad address)");
}

// The names strace writes after some results (syscall_table.def's return types): the native
// decoder's event renders them, and `capsule import` reads the line back to the same number,
// which renders to the same line again.
TEST(PrctlDecode, NamedResultsRoundTripThroughTheStraceParser) {
  struct Case {
    const char* name;
    std::initializer_list<uint64_t> args;
    int64_t rval;
    const char* text;
  };
  const Case cases[] = {
      {"prctl", {PR_GET_DUMPABLE, 0, 0, 0, 0}, 1, "prctl(PR_GET_DUMPABLE) = 1 (SUID_DUMP_USER)"},
      {"prctl", {PR_MCE_KILL_GET, 0, 0, 0, 0}, 2, "prctl(PR_MCE_KILL_GET, 0, 0, 0, 0) = 2 (PR_MCE_KILL_DEFAULT)"},
      {"prctl", {PR_GET_SPECULATION_CTRL, 0, 0, 0, 0}, 2,
       "prctl(PR_GET_SPECULATION_CTRL, 0) = 0x2 (PR_SPEC_ENABLE)"},
      {"sched_getscheduler", {0}, 0, "sched_getscheduler(0) = 0 (SCHED_OTHER)"},
      {"ioprio_get", {1, 0}, 16388, "ioprio_get(IOPRIO_WHO_PROCESS, 0) = 16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))"},
  };
  FakeMemory mem;
  const SyscallDecoder dec;
  for (const Case& c : cases) {
    const SyscallEvent ev = run_call(dec, mem, raw_call(c.name, c.args), c.rval);
    expect_strace_spelling(ev, c.text);
    const SyscallEvent back = imported_event(c.text);
    EXPECT_EQ(back.ret, c.rval) << c.text;
    EXPECT_EQ(strace_spelling(back), c.text);
  }
}

TEST(PrctlDecode, TheStraceParserReadsTheSameArguments) {
  FakeMemory mem;
  const uint64_t name = mem.map_cstr(0x10000, "corpus-prctl");
  const uint64_t sig = mem.map_object<int32_t>(0x11000, SIGTERM);
  const uint64_t one = mem.map_object<int32_t>(0x12000, 1);
  const SyscallDecoder dec;
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_SET_NAME, name, 0, 0, 0}), 0),
                         "prctl(PR_SET_NAME, \"corpus-prctl\") = 0");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_GET_PDEATHSIG, sig, 0, 0, 0}), 0),
                         "prctl(PR_GET_PDEATHSIG, [SIGTERM]) = 0");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_SET_DUMPABLE, 1, 0, 0, 0}), 0),
                         "prctl(PR_SET_DUMPABLE, SUID_DUMP_USER) = 0");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0}), 1),
                         "prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) = 1");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_SET_TIMERSLACK, 100000, 0, 0, 0}), 0),
                         "prctl(PR_SET_TIMERSLACK, 100000) = 0");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_GET_CHILD_SUBREAPER, one, 0, 0, 0}), 0),
                         "prctl(PR_GET_CHILD_SUBREAPER, [1]) = 0");
  expect_strace_spelling(run_call(dec, mem, raw_call("prctl", {PR_GET_KEEPCAPS, 0, 0, 0, 0}), 0),
                         "prctl(PR_GET_KEEPCAPS) = 0");
}

}  // namespace
}  // namespace capsule::testing
