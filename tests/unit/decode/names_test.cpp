#include "decode/names.h"

#include <gtest/gtest.h>

#include <csignal>

#include "event/syscall_event.h"

namespace capsule {
namespace {

TEST(SyscallNames, X86_64ByNumberAndByName) {
  EXPECT_EQ(syscall_name(kArchX86_64, 0), "read");
  EXPECT_EQ(syscall_name(kArchX86_64, 257), "openat");
  EXPECT_EQ(syscall_name(kArchX86_64, 59), "execve");
  EXPECT_EQ(syscall_name(kArchX86_64, 435), "clone3");
  EXPECT_EQ(syscall_number(kArchX86_64, "openat"), 257);
  EXPECT_EQ(syscall_number(kArchX86_64, "exit_group"), 231);
  EXPECT_EQ(syscall_number(kArchX86_64, "no_such_call"), -1);
}

TEST(SyscallNames, I386HasItsOwnTable) {
  EXPECT_EQ(syscall_name(kArchI386, 5), "open");
  EXPECT_EQ(syscall_name(kArchI386, 11), "execve");
  EXPECT_EQ(syscall_number(kArchI386, "exit_group"), 252);
  EXPECT_EQ(syscall_number(kArchI386, "mmap2"), 192);
}

TEST(SyscallNames, UnknownNumbersHaveStableNames) {
  EXPECT_EQ(syscall_name(kArchX86_64, 1000), "syscall_1000");
  EXPECT_EQ(syscall_number(kArchX86_64, "syscall_1000"), 1000);
  EXPECT_EQ(syscall_name(kArchX86_64, -1), "syscall_unknown");
  EXPECT_EQ(syscall_name(kArchX86_64, 5000), "syscall_unknown");
}

TEST(ErrnoNames, GlibcAndKernelInternal) {
  EXPECT_EQ(errno_name(2), "ENOENT");
  EXPECT_EQ(errno_name(11), "EAGAIN");
  EXPECT_EQ(errno_name(512), "ERESTARTSYS");
  EXPECT_EQ(errno_name(513), "ERESTARTNOINTR");
  EXPECT_EQ(errno_name(514), "ERESTARTNOHAND");
  EXPECT_EQ(errno_name(515), "ENOIOCTLCMD");
  EXPECT_EQ(errno_name(516), "ERESTART_RESTARTBLOCK");
  EXPECT_EQ(errno_name(999), "E999");
  EXPECT_EQ(errno_value("ENOENT"), 2);
  EXPECT_EQ(errno_value("ERESTART_RESTARTBLOCK"), 516);
  EXPECT_EQ(errno_value("EWHATEVER"), 0);
}

TEST(ErrnoNames, RoundTripForEveryNamedValue) {
  for (int e = 1; e < 600; ++e) {
    EXPECT_EQ(errno_value(errno_name(e)), e) << errno_name(e);
  }
}

TEST(SignalNames, StandardAndRealtime) {
  EXPECT_EQ(signal_name(9), "SIGKILL");
  EXPECT_EQ(signal_name(15), "SIGTERM");
  EXPECT_EQ(signal_name(17), "SIGCHLD");
  EXPECT_EQ(signal_name(32), "SIGRTMIN");
  EXPECT_EQ(signal_name(35), "SIGRT_3");  // strace's spelling
  EXPECT_EQ(signal_name(64), "SIGRT_32");
  EXPECT_EQ(signal_name(SIGIO), "SIGIO");  // not glibc's POLL
  EXPECT_EQ(signal_value("SIGPOLL"), SIGIO);
  EXPECT_EQ(signal_value("SIGTERM"), 15);
  EXPECT_EQ(signal_value("SIGRTMIN+3"), 35);
  EXPECT_EQ(signal_value("SIGRT_1"), 33);
  EXPECT_EQ(signal_value("SIGRTMAX"), 64);
  EXPECT_EQ(signal_value("SIGIOT"), 6);
  EXPECT_EQ(signal_value("SIGNOPE"), 0);
  for (int s = 1; s <= 64; ++s) EXPECT_EQ(signal_value(signal_name(s)), s) << signal_name(s);
}

}  // namespace
}  // namespace capsule
