// fcntl's struct flock and seals, and the offsets splice, copy_file_range and sendfile move, as
// strace 6.1 writes them (tests/helpers/corpus/fds.c, memfd_tmpfile.c and splice.c's lines).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/fanotify.h>
#include <sys/stat.h>

#include <cerrno>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

TEST(FcntlOffsetsDecode, FlockIsReadAndFilled) {
  FakeMemory mem;
  struct flock set{};
  set.l_type = F_WRLCK;
  set.l_whence = SEEK_SET;
  set.l_len = 10;
  const uint64_t wr = mem.map_object(0x10000, set);
  struct flock got = set;
  got.l_type = F_UNLCK;
  const uint64_t un = mem.map_object(0x11000, got);
  struct flock ofd{};
  ofd.l_type = F_RDLCK;
  ofd.l_whence = SEEK_CUR;
  ofd.l_start = 2;
  ofd.l_len = 3;
  const uint64_t rd = mem.map_object(0x12000, ofd);
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_SETLK, wr}),
                         "fcntl(3, F_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=10}) = 0");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_GETLK, un}),
                         "fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=10, l_pid=0}) = 0");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_OFD_SETLK, rd}),
                         "fcntl(3, F_OFD_SETLK, {l_type=F_RDLCK, l_whence=SEEK_CUR, l_start=2, l_len=3}) = 0");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_GETLK, un}, -EBADF),
                         "fcntl(3, F_GETLK, 0x11000) = -1 EBADF (Bad file descriptor)");
}

TEST(FcntlOffsetsDecode, SealsAreNamed) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "fcntl", {3, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE}),
                         "fcntl(3, F_ADD_SEALS, F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE) = 0");
}

TEST(FcntlOffsetsDecode, OffsetsAsTheCallFoundThem) {
  FakeMemory mem;
  const uint64_t two = mem.map_object<int64_t>(0x10000, 2);
  const uint64_t zero = mem.map_object<int64_t>(0x11000, 0);
  const uint64_t thirty_two = mem.map_object<int64_t>(0x12000, 32);
  const SyscallDecoder dec;
  // Read at entry: the offsets before the call moved them.
  SyscallEvent ev;
  ASSERT_TRUE(dec.decode_entry(raw_call("splice", {3, two, 6, 0, 8, 4 | 1}), mem, ev));
  mem.map_object<int64_t>(0x10000, 10);
  dec.decode_exit(raw_call("splice", {3, two, 6, 0, 8, 4 | 1}), 8, false, true, mem, ev);
  expect_strace_spelling(ev, "splice(3, [2], 6, NULL, 8, SPLICE_F_MOVE|SPLICE_F_MORE) = 8");
  expect_strace_spelling(decode_call(mem, "copy_file_range", {3, zero, 4, thirty_two, 10, 0}, 10),
                         "copy_file_range(3, [0], 4, [32], 10, 0) = 10");
  expect_strace_spelling(decode_call(mem, "copy_file_range", {3, 0, 4, 0, 5, 7}, -EINVAL),
                         "copy_file_range(3, NULL, 4, NULL, 5, 7) = -1 EINVAL (Invalid argument)");
  // sendfile's after the call (strace's "[4] => [10]" is read back as its second value).
  const uint64_t ten = mem.map_object<int64_t>(0x13000, 10);
  EXPECT_EQ(strace_spelling(decode_call(mem, "sendfile", {4, 3, ten, 6}, 6)), "sendfile(4, 3, [10], 6) = 6");
  const SyscallEvent imported = imported_event("sendfile(4, 3, [4] => [10], 6) = 6");
  EXPECT_TRUE(same_value(imported.args[2], decode_call(mem, "sendfile", {4, 3, ten, 6}, 6).args[2]));
}

// utimensat's times: each timespec with its date, UTIME_OMIT by name (files_meta.c's lines).
TEST(FcntlOffsetsDecode, UtimensatTimes) {
  FakeMemory mem;
  const timespec set[2] = {{1000000000, 5}, {0, UTIME_OMIT}};
  const uint64_t times = mem.map_object(0x10000, set);
  const uint64_t name = mem.map_cstr(0x11000, "m");
  expect_strace_spelling(decode_call(mem, "utimensat", {static_cast<uint64_t>(AT_FDCWD), name, times, AT_SYMLINK_NOFOLLOW}),
                         "utimensat(AT_FDCWD, \"m\", [{tv_sec=1000000000, tv_nsec=5} /* 2001-09-09T01:46:40.000000005+0000 */, "
                         "UTIME_OMIT], AT_SYMLINK_NOFOLLOW) = 0");
}

// fanotify_init's class is named even when 0; fanotify_mark's flags and 64-bit mask by name.
TEST(FcntlOffsetsDecode, FanotifyFlagsAndMasks) {
  FakeMemory mem;
  const uint64_t dot = mem.map_cstr(0x10000, ".");
  expect_strace_spelling(decode_call(mem, "fanotify_init", {FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK, O_RDONLY}, 3),
                         "fanotify_init(FAN_CLASS_NOTIF|FAN_CLOEXEC|FAN_NONBLOCK, O_RDONLY) = 3");
  SyscallEvent mark = decode_call(mem, "fanotify_mark",
                                {3, FAN_MARK_ADD, FAN_CLOSE_WRITE | FAN_OPEN | FAN_EVENT_ON_CHILD, 5, dot});
  expect_strace_spelling(mark, "fanotify_mark(3, FAN_MARK_ADD, FAN_CLOSE_WRITE|FAN_OPEN|FAN_EVENT_ON_CHILD, 5, \".\") = 0");
  expect_strace_spelling(decode_call(mem, "fanotify_mark", {3, FAN_MARK_FLUSH, 0, 5, 0}),
                         "fanotify_mark(3, FAN_MARK_FLUSH, 0, 5, NULL) = 0");
}

}  // namespace
}  // namespace capsule::testing
