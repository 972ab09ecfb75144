#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <gtest/gtest.h>

#include "decoder_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::testing {
namespace {

constexpr uint64_t kPage = 4096;

TEST(FileDecode, OpenatReadOnlyHasNoMode) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "/etc/passwd");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("openat", {static_cast<uint64_t>(AT_FDCWD), path,
                                                           O_RDONLY | O_CLOEXEC, 0}), 3);
  EXPECT_EQ(ev.name, "openat");
  EXPECT_EQ(ev.nr, 257);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], symbol_from_names("AT_FDCWD").named("dirfd"));
  EXPECT_EQ(ev.args[1], Arg::str("/etc/passwd").named("pathname"));
  EXPECT_EQ(ev.args[2], symbol_from_names("O_RDONLY|O_CLOEXEC").named("flags"));
  EXPECT_TRUE(ev.has_ret);
  EXPECT_EQ(ev.ret, 3);
  EXPECT_EQ(ev.err, 0);
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);
}

TEST(FileDecode, OpenatCreateShowsModeAndErrno) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "out.txt");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("openat", {7, path, O_WRONLY | O_CREAT | O_TRUNC,
                                                           0644}), -EACCES);
  ASSERT_EQ(ev.args.size(), 4u);
  EXPECT_EQ(ev.args[0], Arg::fd(7).named("dirfd"));
  EXPECT_EQ(ev.args[2], symbol_from_names("O_WRONLY|O_CREAT|O_TRUNC").named("flags"));
  EXPECT_EQ(ev.args[3], Arg::octal(0644).named("mode"));
  EXPECT_EQ(ev.ret, -1);
  EXPECT_EQ(ev.err, EACCES);
  EXPECT_EQ(ev.ret_kind, RetKind::Int);
}

TEST(FileDecode, NullAndUnreadablePaths) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("unlink", {0}), -EFAULT);
  EXPECT_EQ(ev.args.at(0), Arg::null().named("pathname"));
  ev = run_call(dec, mem, raw_call("unlink", {0xdead0000}), -EFAULT);
  EXPECT_EQ(ev.args.at(0), Arg::hex(0xdead0000).named("pathname"));
}

TEST(FileDecode, PathsAreNotCutAtStringLimit) {
  // The limit is for data buffers; a cut path would name another file (strace prints them whole).
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "/abcdefghij");
  SyscallDecoder dec(DecodeOptions{.string_limit = 4, .array_limit = 10});
  SyscallEvent ev = run_call(dec, mem, raw_call("chdir", {path}), 0);
  EXPECT_EQ(ev.args.at(0), Arg::str("/abcdefghij", false).named("path"));
  // A data buffer of the same call family still stops at the limit.
  const uint64_t data = mem.map_cstr(0x20000, "0123456789");
  ev = run_call(dec, mem, raw_call("write", {1, data, 10}), 10);
  EXPECT_EQ(ev.args.at(1), Arg::str("0123", true).named("buf"));
}

TEST(FileDecode, StringEndingJustBeforeAnUnmappedPage) {
  // The string sits in the last 6 bytes of a page and nothing is mapped after it: a single
  // string_limit-sized read would fail, a page-chunked one must not.
  FakeMemory mem;
  const uint64_t addr = mem.map(3 * kPage - 6, std::string("/tmp/\0", 6));
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("rmdir", {addr}), 0);
  EXPECT_EQ(ev.args.at(0), Arg::str("/tmp/").named("pathname"));
}

TEST(FileDecode, StringCrossingAPageBoundary) {
  FakeMemory mem;
  // Two mapped pages, the string split across them.
  const uint64_t start = 5 * kPage - 4;
  mem.map(start, "/hom");
  mem.map(5 * kPage, std::string("e/user\0", 7));
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("chdir", {start}), 0);
  EXPECT_EQ(ev.args.at(0), Arg::str("/home/user").named("path"));
}

TEST(FileDecode, ReadShowsReturnedBytesAtExit) {
  FakeMemory mem;
  // Appended, not rvalue + rvalue: GCC 12 at -O2 warns falsely (-Warray-bounds) inside
  // basic_string's operator+ of two temporaries.
  std::string bytes("hello\nworld", 11);
  bytes.append(100, 'x');
  const uint64_t buf = mem.map(0x30000, bytes);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("read", {3, buf, 4096}), 11);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::fd(3).named("fd"));
  EXPECT_EQ(ev.args[1], Arg::str("hello\nworld").named("buf"));
  EXPECT_EQ(ev.args[2], Arg::uinteger(4096).named("count"));
  EXPECT_EQ(ev.ret, 11);

  // A failed read shows the buffer's address.
  ev = run_call(dec, mem, raw_call("read", {3, buf, 4096}), -EAGAIN);
  EXPECT_EQ(ev.args[1], Arg::hex(buf).named("buf"));
  EXPECT_EQ(ev.err, EAGAIN);
}

TEST(FileDecode, WriteTruncatesAtStringLimit) {
  FakeMemory mem;
  const uint64_t buf = mem.map(0x30000, std::string(50, 'a'));
  SyscallDecoder dec(DecodeOptions{.string_limit = 8, .array_limit = 10});
  SyscallEvent ev = run_call(dec, mem, raw_call("write", {1, buf, 50}), 50);
  EXPECT_EQ(ev.args[1], Arg::str("aaaaaaaa", true).named("buf"));
  ev = run_call(dec, mem, raw_call("write", {1, buf, 8}), 8);
  EXPECT_EQ(ev.args[1], Arg::str("aaaaaaaa", false).named("buf"));
}

TEST(FileDecode, WritevIovecs) {
  FakeMemory mem;
  const uint64_t a = mem.map(0x40000, "abc");
  const uint64_t b = mem.map(0x41000, "defgh");
  const uint64_t iov = mem.map_words<uint64_t>(0x42000, {a, 3, b, 5});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("writev", {1, iov, 2}), 8);
  const Arg& arr = ev.args.at(1);
  EXPECT_EQ(arr.name, "iov");
  ASSERT_EQ(arr.kind, ArgKind::Array);
  ASSERT_EQ(arr.items.size(), 2u);
  EXPECT_EQ(field(arr.items[1], "iov_base"), Arg::str("defgh").named("iov_base"));
  EXPECT_EQ(field(arr.items[1], "iov_len"), Arg::integer(5).named("iov_len"));
}

TEST(FileDecode, FcntlArgumentDependsOnCommand) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("fcntl", {3, F_GETFL, 0xdead}), O_RDWR);
  ASSERT_EQ(ev.args.size(), 2u);
  EXPECT_EQ(ev.args[1], symbol_from_names("F_GETFL").named("cmd"));
  EXPECT_EQ(ev.ret_kind, RetKind::Int);

  ev = run_call(dec, mem, raw_call("fcntl", {3, F_SETFD, FD_CLOEXEC}), 0);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[2], symbol_from_names("FD_CLOEXEC").named("arg"));

  ev = run_call(dec, mem, raw_call("fcntl", {3, F_DUPFD_CLOEXEC, 10}), 10);
  EXPECT_EQ(ev.args[2], Arg::integer(10).named("arg"));
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);
}

TEST(FileDecode, Pipe2FdsAreAnOutput) {
  FakeMemory mem;
  int32_t fds[2] = {3, 4};
  const uint64_t p = mem.map_object(0x50000, fds);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("pipe2", {p, O_CLOEXEC | O_NONBLOCK}), 0);
  ASSERT_EQ(ev.args.size(), 2u);
  Arg expected;
  expected.kind = ArgKind::Array;
  expected.items = {Arg::fd(3), Arg::fd(4)};
  EXPECT_EQ(ev.args[0], std::move(expected).named("pipefd"));
  EXPECT_EQ(ev.args[1], symbol_from_names("O_NONBLOCK|O_CLOEXEC").named("flags"));
  // On failure nothing was written.
  ev = run_call(dec, mem, raw_call("pipe2", {p, 0}), -EMFILE);
  EXPECT_EQ(ev.args[0], Arg::hex(p).named("pipefd"));
  EXPECT_EQ(ev.args[1], symbol_from_names("0").named("flags"));
}

TEST(FileDecode, Dup2AndStatFamily) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "x");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("dup2", {3, 1}), 1);
  EXPECT_EQ(ev.args[1], Arg::fd(1).named("newfd"));
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);
  ev = run_call(dec, mem, raw_call("newfstatat", {static_cast<uint64_t>(AT_FDCWD), path, 0x7000,
                                                  AT_SYMLINK_NOFOLLOW}), 0);
  ASSERT_EQ(ev.args.size(), 4u);
  EXPECT_EQ(ev.args[2], Arg::hex(0x7000).named("statbuf"));
  EXPECT_EQ(ev.args[3], symbol_from_names("AT_SYMLINK_NOFOLLOW").named("flags"));
  ev = run_call(dec, mem, raw_call("access", {path, R_OK | W_OK}), 0);
  EXPECT_EQ(ev.args[1], symbol_from_names("R_OK|W_OK").named("mode"));
  ev = run_call(dec, mem, raw_call("access", {path, F_OK}), 0);
  EXPECT_EQ(ev.args[1], symbol_from_names("F_OK").named("mode"));
}

TEST(FileDecode, UnknownSyscallShowsSixRawRegisters) {
  FakeMemory mem;
  SyscallDecoder dec;
  RawSyscall call;
  call.nr = 1000;
  call.args[0] = 1;
  call.args[5] = 0xff;
  SyscallEvent ev = run_call(dec, mem, call, -ENOSYS);
  EXPECT_EQ(ev.name, "syscall_1000");
  ASSERT_EQ(ev.args.size(), 6u);
  EXPECT_EQ(ev.args[0], Arg::hex(1).named("arg0"));
  EXPECT_EQ(ev.args[5], Arg::hex(0xff).named("arg5"));
  EXPECT_EQ(ev.err, ENOSYS);
}

// openat2's struct open_how, as strace shows it: mode only when the flags create, the pointer when
// size is below the struct (the kernel refuses it), the known fields when it is above.
TEST(FileDecode, Openat2OpenHow) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "/etc/passwd");
  const uint64_t cloexec[3] = {O_RDONLY | O_CLOEXEC, 0, 0x04};  // RESOLVE_NO_SYMLINKS
  const uint64_t how = mem.map_object(0x20000, cloexec);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("openat2", {static_cast<uint64_t>(AT_FDCWD), path, how, 24}), 3);
  ASSERT_EQ(ev.args.size(), 4u);
  const Arg& s = ev.args[2];
  EXPECT_EQ(s.name, "how");
  ASSERT_EQ(s.kind, ArgKind::Struct);
  ASSERT_EQ(s.items.size(), 2u);
  EXPECT_EQ(s.items[0], symbol_from_names("O_RDONLY|O_CLOEXEC").named("flags"));
  EXPECT_EQ(s.items[1], symbol_from_names("RESOLVE_NO_SYMLINKS").named("resolve"));
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);

  const uint64_t create[3] = {O_WRONLY | O_CREAT, 0644, 0x08 | 0x40};  // BENEATH and an unknown bit
  const uint64_t how2 = mem.map_object(0x30000, create);
  ev = run_call(dec, mem, raw_call("openat2", {static_cast<uint64_t>(AT_FDCWD), path, how2, 32}), -EINVAL);
  ASSERT_EQ(ev.args[2].items.size(), 3u);
  EXPECT_EQ(ev.args[2].items[0], symbol_from_names("O_WRONLY|O_CREAT").named("flags"));
  EXPECT_EQ(ev.args[2].items[1], Arg::octal(0644).named("mode"));
  EXPECT_EQ(ev.args[2].items[2], symbol_from_names("RESOLVE_BENEATH|0x40").named("resolve"));

  ev = run_call(dec, mem, raw_call("openat2", {static_cast<uint64_t>(AT_FDCWD), path, how, 8}), -EINVAL);
  EXPECT_EQ(ev.args[2], Arg::hex(how).named("how"));
  ev = run_call(dec, mem, raw_call("openat2", {static_cast<uint64_t>(AT_FDCWD), path, 0, 24}), -EFAULT);
  EXPECT_EQ(ev.args[2], Arg::null().named("how"));
}

// struct stat (x86_64 layout, which glibc's struct stat shares there) as strace -v shows it.
TEST(FileDecode, StatStruct) {
  FakeMemory mem;
  struct stat st {};
  st.st_dev = makedev(0xfe, 0);
  st.st_ino = 794;
  st.st_mode = S_IFREG | S_ISUID | S_ISGID | 0755;
  st.st_nlink = 1;
  st.st_size = 68248;
  st.st_blksize = 4096;
  st.st_blocks = 136;
  st.st_mtim.tv_sec = 1744022326;
  const uint64_t buf = mem.map_object(0x20000, st);
  const uint64_t path = mem.map_cstr(0x10000, "/usr/bin/passwd");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("newfstatat", {static_cast<uint64_t>(AT_FDCWD), path, buf, 0}), 0);
  const Arg& s = ev.args.at(2);
  ASSERT_EQ(s.kind, ArgKind::Struct);
  EXPECT_EQ(field(s, "st_dev"), Arg::raw("makedev(0xfe, 0)").named("st_dev"));
  EXPECT_EQ(field(s, "st_mode"), symbol_from_names("S_IFREG|S_ISUID|S_ISGID|0755").named("st_mode"));
  EXPECT_EQ(field(s, "st_size"), Arg::integer(68248).named("st_size"));
  EXPECT_EQ(field(s, "st_mtime"), Arg::uinteger(1744022326).named("st_mtime"));
  EXPECT_EQ(s.items.size(), 15u);
  // A character device: its number instead of a size.
  st.st_mode = S_IFCHR | 0666;
  st.st_rdev = makedev(1, 3);
  const uint64_t dev = mem.map_object(0x30000, st);
  ev = run_call(dec, mem, raw_call("fstat", {1, dev}), 0);
  EXPECT_EQ(field(ev.args.at(1), "st_mode"), symbol_from_names("S_IFCHR|0666").named("st_mode"));
  EXPECT_EQ(field(ev.args.at(1), "st_rdev"), Arg::raw("makedev(0x1, 0x3)").named("st_rdev"));
  EXPECT_EQ(field(ev.args.at(1), "st_size").kind, ArgKind::Raw);  // "<missing field>"
  // Nothing was written on failure: the pointer.
  ev = run_call(dec, mem, raw_call("fstat", {99, dev}), -EBADF);
  EXPECT_EQ(ev.args.at(1), Arg::hex(dev).named("statbuf"));
}

// statx: the sync type is always named first, STATX_ALL names BASIC_STATS and BTIME together, and
// the struct is written as strace -v writes it (stx_mnt_id only when the mask says it is there).
TEST(FileDecode, StatxFlagsMaskAndStruct) {
  FakeMemory mem;
  struct statx stx {};
  stx.stx_mask = STATX_BASIC_STATS | STATX_BTIME;
  stx.stx_mode = S_IFDIR | S_ISVTX | 0777;
  stx.stx_size = 4096;
  stx.stx_attributes = 0x20;  // STATX_ATTR_APPEND
  stx.stx_mtime.tv_sec = 1744022326;
  stx.stx_mtime.tv_nsec = 5;
  stx.stx_dev_major = 254;
  const uint64_t buf = mem.map_object(0x20000, stx);
  const uint64_t path = mem.map_cstr(0x10000, "/tmp");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("statx", {static_cast<uint64_t>(AT_FDCWD), path,
                                                          AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, buf}), 0);
  ASSERT_EQ(ev.args.size(), 5u);
  EXPECT_EQ(ev.args[2], symbol_from_names("AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW").named("flags"));
  EXPECT_EQ(ev.args[3], symbol_from_names("STATX_ALL").named("mask"));
  const Arg& s = ev.args[4];
  ASSERT_EQ(s.kind, ArgKind::Struct);
  EXPECT_EQ(field(s, "stx_mask"), symbol_from_names("STATX_ALL").named("stx_mask"));
  EXPECT_EQ(field(s, "stx_mode"), symbol_from_names("S_IFDIR|S_ISVTX|0777").named("stx_mode"));
  EXPECT_EQ(field(s, "stx_attributes"), symbol_from_names("STATX_ATTR_APPEND").named("stx_attributes"));
  EXPECT_EQ(field(field(s, "stx_mtime"), "tv_sec"), Arg::integer(1744022326).named("tv_sec"));
  EXPECT_EQ(field(field(s, "stx_mtime"), "tv_nsec"), Arg::uinteger(5).named("tv_nsec"));
  EXPECT_EQ(field(s, "stx_dev_major"), Arg::uinteger(254).named("stx_dev_major"));
  EXPECT_EQ(field(s, "stx_mnt_id").kind, ArgKind::Raw);  // not in the mask: not shown
  EXPECT_EQ(s.items.size(), 19u);
  // A field whose bit the kernel left out of stx_mask is left out, as strace does: here sysfs's
  // missing birth time, and a size and times nobody filled.
  stx.stx_mask = STATX_TYPE | STATX_MODE | STATX_NLINK | STATX_ATIME;
  mem.map_object(0x20000, stx);
  ev = run_call(dec, mem, raw_call("statx", {static_cast<uint64_t>(AT_FDCWD), path, 0, STATX_ALL, buf}), 0);
  std::vector<std::string> names;
  for (const Arg& item : ev.args[4].items) names.push_back(item.name);
  const std::vector<std::string> want = {"stx_mask", "stx_blksize", "stx_attributes", "stx_nlink", "stx_mode",
                                         "stx_attributes_mask", "stx_atime", "stx_rdev_major", "stx_rdev_minor",
                                         "stx_dev_major", "stx_dev_minor"};
  EXPECT_EQ(names, want);
  ev = run_call(dec, mem, raw_call("statx", {static_cast<uint64_t>(AT_FDCWD), path, 0x2000, 0, buf}), -ENOENT);
  EXPECT_EQ(ev.args[2], symbol_from_names("AT_STATX_FORCE_SYNC").named("flags"));
  EXPECT_EQ(ev.args[4], Arg::hex(buf).named("statxbuf"));
}

// Modes are the kernel's umode_t (16 bits); uids and gids unsigned, (uid_t)-1 shown as -1.
TEST(FileDecode, ModeAndIdWidthsAsTheKernelSeesThem) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "x");
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("creat", {path, 07600000}), 3);
  EXPECT_EQ(ev.args[1], Arg::octal(0).named("mode"));
  ev = run_call(dec, mem, raw_call("chmod", {path, 0xffffffff00000000 | 0104755}), 0);
  EXPECT_EQ(ev.args[1], Arg::octal(0104755).named("mode"));
  ev = run_call(dec, mem, raw_call("chown", {path, 0xffff0000, 0xffffffff}), 0);
  EXPECT_EQ(ev.args[1], Arg::uinteger(0xffff0000).named("owner"));
  EXPECT_EQ(ev.args[2], Arg::integer(-1).named("group"));
}

}  // namespace
}  // namespace capsule::testing
