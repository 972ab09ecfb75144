// ioctl's terminal and file requests as strace 6.1 writes them (tests/helpers/corpus/pty_ioctl.c's
// and pipes.c's lines).
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

TEST(IoctlDecode, IntsAndWinsizeByRequest) {
  FakeMemory mem;
  const uint64_t one = mem.map_object<int32_t>(0x10000, 1);
  const uint64_t zero = mem.map_object<int32_t>(0x11000, 0);
  const winsize ws{24, 80, 0, 0};
  const uint64_t size = mem.map_object(0x12000, ws);
  expect_strace_spelling(decode_call(mem, "ioctl", {7, FIONREAD, one}), "ioctl(7, FIONREAD, [1]) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {3, TIOCSPTLCK, zero}), "ioctl(3, TIOCSPTLCK, [0]) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {3, TIOCGPTN, zero}), "ioctl(3, TIOCGPTN, [0]) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {3, TIOCOUTQ, zero}), "ioctl(3, TIOCOUTQ, [0]) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {3, TIOCSWINSZ, size}),
                         "ioctl(3, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {4, TIOCGWINSZ, size}),
                         "ioctl(4, TIOCGWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {4, TCFLSH, TCIFLUSH}), "ioctl(4, TCFLSH, TCIFLUSH) = 0");
  expect_strace_spelling(decode_call(mem, "ioctl", {4, FIOCLEX, 0}), "ioctl(4, FIOCLEX)     = 0");
  // What a failed call would have written stays a pointer.
  expect_strace_spelling(decode_call(mem, "ioctl", {0, TIOCGWINSZ, size}, -ENOTTY),
                         "ioctl(0, TIOCGWINSZ, 0x12000) = -1 ENOTTY (Inappropriate ioctl for device)");
}

// TCSETS shares its number with OSS's SNDCTL_TMR_START: strace names both, and import reads the
// pair back as that one request.
TEST(IoctlDecode, SharedRequestNumbersNameBoth) {
  FakeMemory mem;
  const SyscallEvent ev = decode_call(mem, "ioctl", {4, TCSETS, 0x12000});
  EXPECT_EQ(strace_spelling(ev), "ioctl(4, SNDCTL_TMR_START or TCSETS, 0x12000) = 0");
  expect_strace_spelling(ev, "ioctl(4, SNDCTL_TMR_START or TCSETS, 0x12000) = 0");
  EXPECT_EQ(imported_event("ioctl(4, SNDCTL_TMR_START or TCSETS, 0x12000) = 0").args[1].num, TCSETS);
}

}  // namespace
}  // namespace capsule::testing
