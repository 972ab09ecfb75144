// struct sched_attr, SO_LINGER's and SO_PEERCRED's structs, kcmp's type and fds,
// process_vm_readv's iovecs, remap_file_pages's flags, mknod's mode and dev, arch_prctl's base and
// mincore's pages, as strace 6.1 writes them (tests/helpers/corpus/sched.c, sockopt.c, pidfd.c,
// rare_io.c, files_names.c, prctl.c and mmap.c's lines).
#include <gtest/gtest.h>
#include <asm/prctl.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <cerrno>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

TEST(MoreStructsDecode, SchedAttrUpToItsSize) {
  FakeMemory mem;
  // size, policy, flags, nice, priority, runtime, deadline, period, util_min, util_max.
  const uint64_t attr = mem.map_words<uint32_t>(0x10000, {56, 3, 0, 0, 0, 0, 1400000, 0, 0, 0, 0, 0, 0, 0});
  expect_strace_spelling(decode_call(mem, "sched_getattr", {0, attr, 56, 0}, 0),
                         "sched_getattr(0, {size=56, sched_policy=SCHED_BATCH, sched_flags=0, sched_nice=0, sched_priority=0, "
                         "sched_runtime=1400000, sched_deadline=0, sched_period=0, sched_util_min=0, sched_util_max=0}, 56, 0) = 0");
  const uint64_t v0 = mem.map_words<uint32_t>(0x11000, {48, 0, 1, 0, static_cast<uint32_t>(-2), 0, 0, 0, 0, 0, 0, 0});
  expect_strace_spelling(decode_call(mem, "sched_setattr", {0, v0, 0}, 0),
                         "sched_setattr(0, {size=48, sched_policy=SCHED_OTHER, sched_flags=SCHED_FLAG_RESET_ON_FORK, "
                         "sched_nice=-2, sched_priority=0, sched_runtime=0, sched_deadline=0, sched_period=0}, 0) = 0");
  expect_strace_spelling(decode_call(mem, "sched_getattr", {0, attr, 56, 0}, -EINVAL),
                         "sched_getattr(0, 0x10000, 56, 0) = -1 EINVAL (Invalid argument)");
}

TEST(MoreStructsDecode, LingerAndPeerCredentials) {
  FakeMemory mem;
  const uint64_t l = mem.map_words<int32_t>(0x10000, {1, 5});
  expect_strace_spelling(decode_call(mem, "setsockopt", {3, SOL_SOCKET, SO_LINGER, l, 8}, 0),
                         "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0");
  const uint64_t cred = mem.map_words<int32_t>(0x11000, {14016, 0, 0});
  const uint64_t len = mem.map_words<uint32_t>(0x12000, {12});
  expect_strace_spelling(decode_call(mem, "getsockopt", {5, SOL_SOCKET, SO_PEERCRED, cred, len}, 0),
                         "getsockopt(5, SOL_SOCKET, SO_PEERCRED, {pid=14016, uid=0, gid=0}, [12]) = 0");
}

TEST(MoreStructsDecode, KcmpRemoteIovecsAndRemapFlags) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "kcmp", {14021, 14021, KCMP_FILE, 4, 8}, 0),
                         "kcmp(14021, 14021, KCMP_FILE, 4, 8) = 0");
  expect_strace_spelling(decode_call(mem, "kcmp", {14021, 14022, KCMP_VM, 0, 0}, 1),
                         "kcmp(14021, 14022, KCMP_VM, 0, 0) = 1");
  const uint64_t dst = mem.map(0x10000, "vmread!");
  const uint64_t local = mem.map_words<uint64_t>(0x11000, {dst, 8});
  const uint64_t remote = mem.map_words<uint64_t>(0x12000, {0x7ffc89507350, 8});
  mem.map(dst, std::string("vmread!\0", 8));
  expect_strace_spelling(decode_call(mem, "process_vm_readv", {14021, local, 1, remote, 1, 0}, 8),
                         "process_vm_readv(14021, [{iov_base=\"\\x76\\x6d\\x72\\x65\\x61\\x64\\x21\\x00\", iov_len=8}], 1, "
                         "[{iov_base=0x7ffc89507350, iov_len=8}], 1, 0) = 8");
  expect_strace_spelling(decode_call(mem, "remap_file_pages", {0x400000000, 4096, PROT_NONE, 2, 0}, 0),
                         "remap_file_pages(0x400000000, 4096, PROT_NONE, 2, MAP_FILE) = 0");
}

TEST(MoreStructsDecode, MknodModesArchPrctlBaseAndMincorePages) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "fifo");
  expect_strace_spelling(decode_call(mem, "mknodat", {static_cast<uint64_t>(AT_FDCWD), path, S_IFIFO | 0600, 0}, 0),
                         "mknodat(AT_FDCWD, \"fifo\", S_IFIFO|0600) = 0");
  expect_strace_spelling(decode_call(mem, "mknod", {path, S_IFCHR | 0666, (1u << 8) | 3}, 0),
                         "mknod(\"fifo\", S_IFCHR|0666, makedev(0x1, 0x3)) = 0");
  const uint64_t base = mem.map_words<uint64_t>(0x11000, {0x7f696d154740});
  expect_strace_spelling(decode_call(mem, "arch_prctl", {ARCH_GET_FS, base}, 0), "arch_prctl(ARCH_GET_FS, [0x7f696d154740]) = 0");
  expect_strace_spelling(decode_call(mem, "arch_prctl", {ARCH_SET_FS, 0x7f696d154740}, 0), "arch_prctl(ARCH_SET_FS, 0x7f696d154740) = 0");
  const uint64_t vec = mem.map(0x12000, std::string("\1\0\0\0", 4));
  expect_strace_spelling(decode_call(mem, "mincore", {0x200000000, 16384, vec}, 0), "mincore(0x200000000, 16384, [1, 0, 0, 0]) = 0");
}

}  // namespace
}  // namespace capsule::testing
