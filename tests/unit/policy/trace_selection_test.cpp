// --trace: the selection's classes and names, and the pre-filter built from it, evaluated with the
// user-space BPF interpreter exactly as the kernel would run it.
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/syscall.h>

#include <stdexcept>

#include "policy/bpf_eval.h"
#include "policy/trace_filter.h"
#include "policy/trace_selection.h"

namespace capsule {
namespace {

uint32_t action_for(const BpfProgram& p, uint32_t arch, int nr) {
  SeccompData d;
  d.arch = arch;
  d.nr = nr;
  return evaluate_filter(p.insns, d) & SECCOMP_RET_ACTION_FULL;
}

TEST(TraceSelection, NetworkHoldsTheSocketCallsAndNotReads) {
  const auto sel = TraceSelection::parse("network");
  EXPECT_TRUE(sel.includes("connect"));
  EXPECT_TRUE(sel.includes("sendto"));
  EXPECT_TRUE(sel.includes("recvmsg"));
  EXPECT_FALSE(sel.includes("read"));
  EXPECT_FALSE(sel.includes("newfstatat"));
  EXPECT_FALSE(sel.includes("mmap"));
}

TEST(TraceSelection, FileAndDescFollowTheSignatureTable) {
  const auto file = TraceSelection::parse("%file");  // strace's spelling too
  EXPECT_TRUE(file.includes("newfstatat"));
  EXPECT_TRUE(file.includes("unlinkat"));
  EXPECT_TRUE(file.includes("mount"));
  EXPECT_FALSE(file.listed().count("memfd_create"));  // its "path" is a label
  EXPECT_FALSE(file.listed().count("fgetxattr"));     // an fd and an attribute name
  const auto desc = TraceSelection::parse("desc");
  EXPECT_TRUE(desc.includes("read"));
  EXPECT_TRUE(desc.listed().count("fstat"));
  EXPECT_TRUE(desc.listed().count("write"));
  EXPECT_TRUE(desc.listed().count("fgetxattr"));
  EXPECT_FALSE(desc.listed().count("getpid"));
}

TEST(TraceSelection, ContextChangingCallsAreAlwaysRecorded) {
  const auto sel = TraceSelection::parse("network");
  for (std::string_view name : {"execve", "clone", "clone3", "exit_group", "chdir", "setuid", "openat",
                                "close", "dup2", "pipe2", "capset"}) {
    EXPECT_TRUE(sel.includes(name)) << name;
  }
  const auto all_but = TraceSelection::parse("!file,desc");
  EXPECT_TRUE(all_but.includes("openat"));   // excluded by the list, kept as context
  EXPECT_FALSE(all_but.includes("read"));
  EXPECT_FALSE(all_but.includes("newfstatat"));
  EXPECT_TRUE(all_but.includes("getpid"));
  EXPECT_FALSE(all_but.includes("mmap"));     // it takes an fd: desc, as in strace
  EXPECT_TRUE(all_but.includes("brk"));
}

// The calls the native tracer decides on at their entry (the table's `guarded` fact) must stop the
// program whatever the selection: docs/SECURITY.md.
TEST(TraceSelection, GuardedCallsAreAlwaysRecorded) {
  const auto sel = TraceSelection::parse("network");
  for (std::string_view name : {"seccomp", "prctl", "ptrace", "kill", "tkill", "tgkill", "rt_sigqueueinfo",
                                "rt_tgsigqueueinfo", "pidfd_send_signal", "pidfd_getfd", "process_vm_readv",
                                "process_vm_writev", "io_uring_setup", "openat", "open", "openat2", "creat"}) {
    EXPECT_TRUE(sel.includes(name)) << name;
  }
  EXPECT_TRUE(TraceSelection::parse("!seccomp,ptrace").includes("seccomp"));
  EXPECT_TRUE(TraceSelection::parse("!seccomp,ptrace").includes("ptrace"));
}

TEST(TraceSelection, SingleNamesAndErrors) {
  const auto sel = TraceSelection::parse("getpid,uname");
  EXPECT_TRUE(sel.includes("getpid"));
  EXPECT_TRUE(sel.includes("uname"));
  EXPECT_FALSE(sel.includes("getppid"));
  EXPECT_THROW(TraceSelection::parse("networking"), std::invalid_argument);
  EXPECT_THROW(TraceSelection::parse(""), std::invalid_argument);
  EXPECT_THROW(TraceSelection::parse("file,,desc"), std::invalid_argument);
  EXPECT_THROW(TraceSelection::parse("!"), std::invalid_argument);
}

TEST(TraceSelection, StraceExpressionListsSelectionAndContext) {
  const auto sel = TraceSelection::parse("getpid");
  const std::string expr = sel.strace_expression();
  EXPECT_NE(expr.find("?getpid"), std::string::npos);  // '?': a strace that does not know a name skips it
  EXPECT_NE(expr.find("?execve"), std::string::npos);
  EXPECT_EQ(expr.find("setuid32"), std::string::npos);  // not an x86_64 name: strace would refuse it
  const auto neg = TraceSelection::parse("!desc");
  EXPECT_EQ(neg.strace_expression().rfind('!', 0), 0u);
  EXPECT_EQ(neg.strace_expression().find("openat"), std::string::npos);  // context stays traced
}

TEST(TraceFilter, StopsSelectedAndContextCallsOnly) {
  const BpfProgram p = build_trace_filter(TraceSelection::parse("network"));
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_connect), SECCOMP_RET_TRACE);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_execve), SECCOMP_RET_TRACE);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_openat), SECCOMP_RET_TRACE);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_read), SECCOMP_RET_ALLOW);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_write), SECCOMP_RET_ALLOW);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_getpid), SECCOMP_RET_ALLOW);
  // Another ABI always stops: i386 write (4), and an x32 call.
  EXPECT_EQ(action_for(p, AUDIT_ARCH_I386, 4), SECCOMP_RET_TRACE);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, 0x40000000 | SYS_write), SECCOMP_RET_TRACE);
}

TEST(TraceFilter, NegatedSelectionStopsAllButTheExceptions) {
  const BpfProgram p = build_trace_filter(TraceSelection::parse("!desc"));
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_read), SECCOMP_RET_ALLOW);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_getpid), SECCOMP_RET_TRACE);
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_close), SECCOMP_RET_TRACE);  // context
  EXPECT_EQ(action_for(p, AUDIT_ARCH_X86_64, SYS_openat), SECCOMP_RET_TRACE);
}

}  // namespace
}  // namespace capsule
