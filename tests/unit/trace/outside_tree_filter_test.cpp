// The eBPF backend's notifying filter (trace/ebpf/outside_tree_guard.h), run in user space as the
// kernel runs it: exactly the calls the outside-tree check can refuse leave the kernel, in every
// ABI, and the common ones (a read-only open, a signal-0 probe, PTRACE_TRACEME) never do.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/ptrace.h>

#include <csignal>
#include <string>

#include "policy/bpf_eval.h"
#include "trace/containment.h"
#include "trace/ebpf/outside_tree_guard.h"

namespace capsule {
namespace {

class OutsideTreeFilter : public ::testing::Test {
 protected:
  // SECCOMP_RET_USER_NOTIF or SECCOMP_RET_ALLOW for the call `name` of ABI `arch`.
  uint32_t action(const char* name, std::initializer_list<uint64_t> args, uint32_t arch = AUDIT_ARCH_X86_64) const {
    SeccompData d;
    d.arch = arch;
    const uint32_t scmp_arch = arch == AUDIT_ARCH_I386 ? SCMP_ARCH_X86 : SCMP_ARCH_X86_64;
    d.nr = seccomp_syscall_resolve_name_arch(scmp_arch, name);
    int i = 0;
    for (uint64_t a : args) d.args[i++] = a;
    return evaluate_filter(program_.insns, d) & SECCOMP_RET_ACTION_FULL;
  }
  static constexpr uint32_t kNotify = SECCOMP_RET_USER_NOTIF;
  static constexpr uint32_t kAllow = SECCOMP_RET_ALLOW;
  const BpfProgram program_ = build_outside_tree_filter();
};

TEST_F(OutsideTreeFilter, SignalsOtherThanZeroAreNotifiedProbesAreNot) {
  EXPECT_EQ(action("kill", {1234, SIGKILL}), kNotify);
  EXPECT_EQ(action("kill", {1234, 0}), kAllow);
  EXPECT_EQ(action("kill", {0, SIGTERM}), kNotify);
  EXPECT_EQ(action("tkill", {1234, SIGSTOP}), kNotify);
  EXPECT_EQ(action("tgkill", {1, 1234, SIGSTOP}), kNotify);
  EXPECT_EQ(action("tgkill", {1, 1234, 0}), kAllow);
  EXPECT_EQ(action("rt_sigqueueinfo", {1, SIGUSR1, 0}), kNotify);
  EXPECT_EQ(action("rt_tgsigqueueinfo", {1, 2, SIGUSR1, 0}), kNotify);
  EXPECT_EQ(action("pidfd_send_signal", {3, SIGKILL, 0, 0}), kNotify);
  EXPECT_EQ(action("pidfd_send_signal", {3, 0, 0, 0}), kAllow);
  // An int signal with high bits set is still notified: the check reads it as the kernel does.
  EXPECT_EQ(action("kill", {1234, (1ull << 32) | SIGKILL}), kNotify);
}

TEST_F(OutsideTreeFilter, PtraceButTracemeAndCrossProcessMemoryAreNotified) {
  EXPECT_EQ(action("ptrace", {PTRACE_TRACEME, 0}), kAllow);
  EXPECT_EQ(action("ptrace", {PTRACE_SEIZE, 1}), kNotify);
  EXPECT_EQ(action("process_vm_readv", {1, 0, 0, 0, 0, 0}), kNotify);
  EXPECT_EQ(action("process_vm_writev", {1, 0, 0, 0, 0, 0}), kNotify);
  EXPECT_EQ(action("pidfd_getfd", {3, 0, 0}), kNotify);
}

TEST_F(OutsideTreeFilter, OnlyOpensThatAskForWriteAccessAreNotified) {
  EXPECT_EQ(action("openat", {static_cast<uint64_t>(AT_FDCWD), 0, O_RDONLY | O_CLOEXEC}), kAllow);
  EXPECT_EQ(action("openat", {static_cast<uint64_t>(AT_FDCWD), 0, O_RDONLY | O_CREAT | O_DIRECTORY}), kAllow);
  EXPECT_EQ(action("openat", {static_cast<uint64_t>(AT_FDCWD), 0, O_WRONLY | O_CREAT | O_TRUNC}), kNotify);
  EXPECT_EQ(action("openat", {static_cast<uint64_t>(AT_FDCWD), 0, O_RDWR}), kNotify);
  EXPECT_EQ(action("openat", {static_cast<uint64_t>(AT_FDCWD), 0, O_ACCMODE}), kNotify);
  EXPECT_EQ(action("open", {0, O_RDONLY}), kAllow);
  EXPECT_EQ(action("open", {0, O_WRONLY}), kNotify);
  EXPECT_EQ(action("creat", {0, 0644}), kNotify);
  EXPECT_EQ(action("openat2", {0, 0, 0, 24}), kNotify);  // its flags are in memory
}

TEST_F(OutsideTreeFilter, OtherCallsAndOtherAbisAsTheCheckSeesThem) {
  EXPECT_EQ(action("read", {0, 0, 0}), kAllow);
  EXPECT_EQ(action("write", {1, 0, 0}), kAllow);
  EXPECT_EQ(action("clone", {0, 0, 0, 0, 0}), kAllow);
  // i386 through int 0x80: the same calls, their own numbers.
  EXPECT_EQ(action("kill", {1234, SIGKILL}, AUDIT_ARCH_I386), kNotify);
  EXPECT_EQ(action("kill", {1234, 0}, AUDIT_ARCH_I386), kAllow);
  EXPECT_EQ(action("open", {0, O_WRONLY}, AUDIT_ARCH_I386), kNotify);
  EXPECT_EQ(action("open", {0, O_RDONLY}, AUDIT_ARCH_I386), kAllow);
}

// Every call the check lists is in the filter: the list is the one fact both read.
TEST_F(OutsideTreeFilter, EveryListedCallIsNotifiedInSomeForm) {
  for (const OutsideTreeCall& c : outside_tree_calls()) {
    uint64_t args[6] = {1, 1, 1, 1, 1, 1};
    if (c.open_flags >= 0) args[c.open_flags] = O_WRONLY;
    SeccompData d;
    d.arch = AUDIT_ARCH_X86_64;
    d.nr = seccomp_syscall_resolve_name(c.name);
    for (int i = 0; i < 6; ++i) d.args[i] = args[i];
    EXPECT_EQ(evaluate_filter(program_.insns, d) & SECCOMP_RET_ACTION_FULL, kNotify) << c.name;
  }
}

}  // namespace
}  // namespace capsule
