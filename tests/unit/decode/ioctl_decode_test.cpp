// ioctl's terminal and file requests as strace 6.1 writes them (tests/helpers/corpus/pty_ioctl.c's
// and pipes.c's lines).
#include <gtest/gtest.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <cerrno>
#include <string>

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

// The kernel's struct termios (not glibc's): pty_ioctl.c's TCGETS and its raw-mode TCSETS.
TEST(IoctlDecode, TermiosAsStraceWritesIt) {
  FakeMemory mem;
  struct {
    uint32_t iflag, oflag, cflag, lflag;
    uint8_t line;
    uint8_t cc[19];
  } t{ICRNL | IXON, OPOST | ONLCR, B38400 | CS8 | CREAD,
      ISIG | ICANON | ECHO | ECHOE | ECHOK | IEXTEN | ECHOCTL | ECHOKE, 0,
      {3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0, 0, 0}};
  const uint64_t cooked = mem.map_object(0x10000, t);
  const std::string cc =
      "c_line=N_TTY, c_cc=[[VINTR]=0x3, [VQUIT]=0x1c, [VERASE]=0x7f, [VKILL]=0x15, [VEOF]=0x4, [VTIME]=0, "
      "[VMIN]=0x1, [VSWTC]=0, [VSTART]=0x11, [VSTOP]=0x13, [VSUSP]=0x1a, [VEOL]=0, [VREPRINT]=0x12, "
      "[VDISCARD]=0xf, [VWERASE]=0x17, [VLNEXT]=0x16, [VEOL2]=0, [17]=0, [18]=0]}";
  EXPECT_EQ(strace_spelling(decode_call(mem, "ioctl", {4, TCGETS, cooked})),
            "ioctl(4, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
            "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|ECHOE|ECHOK|IEXTEN|ECHOCTL|ECHOKE, " + cc + ") = 0");
  t.iflag = 0;  // cfmakeraw: an empty word is written as nothing
  t.oflag = ONLCR;
  t.lflag = ECHOE | ECHOK | ECHOCTL | ECHOKE;
  const uint64_t raw = mem.map_object(0x11000, t);
  EXPECT_EQ(strace_spelling(decode_call(mem, "ioctl", {4, TCSETS, raw})),
            "ioctl(4, SNDCTL_TMR_START or TCSETS, {c_iflag=, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|ONLCR, "
            "c_cflag=B38400|CS8|CREAD, c_lflag=ECHOE|ECHOK|ECHOCTL|ECHOKE, " + cc + ") = 0");
  EXPECT_EQ(strace_spelling(decode_call(mem, "ioctl", {0, TCGETS, raw}, -ENOTTY)),
            "ioctl(0, TCGETS, 0x11000) = -1 ENOTTY (Inappropriate ioctl for device)");
}

// TCSETS shares its number with OSS's SNDCTL_TMR_START: strace names both, and import reads the
// pair back as that one request.
TEST(IoctlDecode, SharedRequestNumbersNameBoth) {
  FakeMemory mem;
  // Unreadable memory: the pointer, and the request named as strace names it.
  const SyscallEvent ev = decode_call(mem, "ioctl", {4, TCSETSW, 0x12000}, -EFAULT);
  expect_strace_spelling(ev, "ioctl(4, SNDCTL_TMR_STOP or TCSETSW, 0x12000) = -1 EFAULT (Bad address)");
  EXPECT_EQ(imported_event("ioctl(4, SNDCTL_TMR_START or TCSETS, 0x12000) = 0").args[1].num, TCSETS);
}

// A request no table names: its encoded fields, as strace 6.1 writes them (a probe's and
// tests/helpers/corpus/pty_ioctl.c's lines); import reads them back to the request.
TEST(IoctlDecode, UnknownRequestsByTheirFields) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "ioctl", {0, _IOR(0x54, 0xff, int), 0}, -ENOTTY),
                         "ioctl(0, _IOC(_IOC_READ, 0x54, 0xff, 0x4), 0) = -1 ENOTTY (Inappropriate ioctl for device)");
  expect_strace_spelling(decode_call(mem, "ioctl", {0, _IOWR('x', 3, long), 0}, -ENOTTY),
                         "ioctl(0, _IOC(_IOC_READ|_IOC_WRITE, 0x78, 0x3, 0x8), 0) = -1 ENOTTY (Inappropriate ioctl for device)");
  expect_strace_spelling(decode_call(mem, "ioctl", {0, _IOW(0x54, 0xfe, char[300]), 0}, -ENOTTY),
                         "ioctl(0, _IOC(_IOC_WRITE, 0x54, 0xfe, 0x12c), 0) = -1 ENOTTY (Inappropriate ioctl for device)");
  expect_strace_spelling(decode_call(mem, "ioctl", {4, 0x54ff, 0}, -ENOTTY),
                         "ioctl(4, _IOC(_IOC_NONE, 0x54, 0xff, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)");
  EXPECT_EQ(imported_event("ioctl(4, _IOC(_IOC_NONE, 0xde, 0xad, 0), 0) = -1 ENOTTY (Inappropriate ioctl for device)").args[1].num, 0xdead);
}

}  // namespace
}  // namespace capsule::testing
