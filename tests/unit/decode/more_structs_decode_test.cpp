// struct sched_attr, SO_LINGER's and SO_PEERCRED's structs, kcmp's type and fds,
// process_vm_readv's iovecs, remap_file_pages's flags, mknod's mode and dev, arch_prctl's base and
// mincore's pages, as strace 6.1 writes them (tests/helpers/corpus/sched.c, sockopt.c, pidfd.c,
// rare_io.c, files_names.c, prctl.c and mmap.c's lines).
#include <gtest/gtest.h>
#include <asm/prctl.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <linux/kcmp.h>
#include <sys/stat.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include <cerrno>
#include <ctime>

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

// FUTEX_WAKE_OP's encoded operation and futex_waitv's waiters (tests/helpers/corpus/futex.c's
// lines and a probe's, strace 6.1): unknown fields in hex with strace's "/* X_??? */".
TEST(MoreStructsDecode, FutexWakeOpAndWaiters) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "futex", {0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x1004,
                                                    FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_GT, 0)}, 0),
                         "futex(0x1000, FUTEX_WAKE_OP_PRIVATE, 1, 1, 0x1004, FUTEX_OP_ADD<<28|0x1<<12|FUTEX_OP_CMP_GT<<24|0) = 0");
  expect_strace_spelling(decode_call(mem, "futex", {0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004,
                                                    FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 1)}, 0),
                         "futex(0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_EQ<<24|0x1) = 0");
  EXPECT_EQ(strace_spelling(decode_call(mem, "futex", {0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004,
                                                       static_cast<uint64_t>(FUTEX_OP(FUTEX_OP_OR, 0xfff, 9, 5)) | (1u << 31)}, -ENOSYS)),
            "futex(0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004, FUTEX_OP_OPARG_SHIFT<<28|FUTEX_OP_OR<<28|0xfff<<12|"
            "0x9<<24 /* FUTEX_OP_CMP_??? */|0x5) = -1 ENOSYS (Function not implemented)");
  EXPECT_EQ(strace_spelling(decode_call(mem, "futex", {0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004, FUTEX_OP(7, 0xfff, FUTEX_OP_CMP_GE, 5)}, -ENOSYS)),
            "futex(0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004, 0x7<<28 /* FUTEX_OP_??? */|0xfff<<12|FUTEX_OP_CMP_GE<<24|0x5) = -1 ENOSYS (Function not implemented)");
  EXPECT_EQ(imported_event("futex(0x1000, FUTEX_WAKE_OP, 1, 1, 0x1004, 0x7<<28 /* FUTEX_OP_??? */|0xfff<<12|FUTEX_OP_CMP_GE<<24|0x5) = 0").args[5].num,
            FUTEX_OP(7, 0xfff, FUTEX_OP_CMP_GE, 5));
  const uint64_t waiters = mem.map_words<uint64_t>(0x20000, {1, 0x1000, 2 | 128, 0, 0x1004, 3});
  const uint64_t ts = mem.map_words<int64_t>(0x21000, {0, 1000});
  expect_strace_spelling(decode_call(mem, "futex_waitv", {waiters, 2, 0, ts, CLOCK_MONOTONIC}, -EINVAL),
                         "futex_waitv([{val=0x1, uaddr=0x1000, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, {val=0, uaddr=0x1004, "
                         "flags=FUTEX_32|0x1}], 2, 0, {tv_sec=0, tv_nsec=1000}, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)");
}

// mmap's huge page size: after the flags, as a shift (strace 6.1, tests/helpers/corpus/mmap.c).
TEST(MoreStructsDecode, MmapHugePageSize) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "mmap", {0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | (2u << MAP_HUGE_SHIFT),
                                                   static_cast<uint64_t>(-1), 0}, 0x7f0000000000),
                         "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|2<<MAP_HUGE_SHIFT, -1, 0) = 0x7f0000000000");
  expect_strace_spelling(decode_call(mem, "mmap", {0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | (21u << MAP_HUGE_SHIFT),
                                                   static_cast<uint64_t>(-1), 0}, -ENOMEM),
                         "mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|21<<MAP_HUGE_SHIFT, -1, 0) = -1 ENOMEM (Cannot allocate memory)");
}

// NUMA node masks (tests/helpers/corpus/rare_mem.c's lines, strace 6.1): each word padded to 16
// characters, a zero word without its 0x; as many words as hold maxnode bits; get_mempolicy's
// mode and mask read back after the call (the pointers when it failed).
TEST(MoreStructsDecode, NodeMasksAndTheMempolicyMode) {
  FakeMemory mem;
  const uint64_t one = mem.map_words<uint64_t>(0x10000, {1, 0x8000000000000000});
  expect_strace_spelling(decode_call(mem, "migrate_pages", {0, 64, one, one}, 0),
                         "migrate_pages(0, 64, [0x00000000000001], [0x00000000000001]) = 0");
  // maxnode less one bits: 65 is one word, 129 two; 1 none (the pointer), 0 none ([]).
  expect_strace_spelling(decode_call(mem, "migrate_pages", {0, 65, one, 0}, 0), "migrate_pages(0, 65, [0x00000000000001], NULL) = 0");
  expect_strace_spelling(decode_call(mem, "set_mempolicy", {2, one, 129}, 0),
                         "set_mempolicy(MPOL_BIND, [0x00000000000001, 0x8000000000000000], 129) = 0");
  expect_strace_spelling(decode_call(mem, "set_mempolicy", {2, one, 1}, -EINVAL),
                         "set_mempolicy(MPOL_BIND, 0x10000, 1) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "set_mempolicy", {0, one, 0}, -EINVAL),
                         "set_mempolicy(MPOL_DEFAULT, [], 0) = -1 EINVAL (Invalid argument)");
  const uint64_t mode = mem.map_words<int32_t>(0x11000, {0});
  const uint64_t zero = mem.map_words<uint64_t>(0x12000, {0});
  expect_strace_spelling(decode_call(mem, "get_mempolicy", {mode, zero, 64, 0, 0}, 0),
                         "get_mempolicy([MPOL_DEFAULT], [0000000000000000], 64, NULL, 0) = 0");
  expect_strace_spelling(decode_call(mem, "get_mempolicy", {mode, zero, 64, 0, 0}, -EINVAL),
                         "get_mempolicy(0x11000, 0x12000, 64, NULL, 0) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "set_mempolicy", {0, 0, 0}, 0), "set_mempolicy(MPOL_DEFAULT, NULL, 0) = 0");
  expect_strace_spelling(decode_call(mem, "mbind", {0x500000000, 4096, 0, 0, 0, 0}, 0),
                         "mbind(0x500000000, 4096, MPOL_DEFAULT, NULL, 0, 0) = 0");
}

}  // namespace
}  // namespace capsule::testing
