// The user-space evaluation must agree with what libseccomp meant the program to do.
#include <gtest/gtest.h>

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "policy/bpf_eval.h"
#include "policy/launch_filter.h"
#include "policy/profile_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

BpfProgram compile(const std::string& json) {
  HostFacts host;
  host.arches = {"amd64"};
  host.capabilities = 0;
  host.kernel_major = 6;
  host.kernel_minor = 1;
  return compile_profile(parse_profile(json), host).program;
}

uint32_t run(const BpfProgram& p, uint32_t arch, int nr, std::initializer_list<uint64_t> args = {}) {
  SeccompData d;
  d.arch = arch;
  d.nr = nr;
  size_t i = 0;
  for (uint64_t a : args) d.args[i++] = a;
  return evaluate_filter(p.insns, d);
}

const char* kProfile = R"({
  "defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1,
  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
  "syscalls": [
    {"names": ["read", "write", "socketcall"], "action": "SCMP_ACT_ALLOW"},
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
    {"names": ["mprotect"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 6, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["mprotect"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 6, "valueTwo": 2, "op": "SCMP_CMP_MASKED_EQ"}]},
    {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
    {"names": ["getpid"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN"]}},
    {"names": ["getppid"], "action": "SCMP_ACT_ALLOW", "excludes": {"caps": ["CAP_SYS_ADMIN"]}}
  ]})";

TEST(BpfEval, AgreesWithTheProfile) {
  const BpfProgram p = compile(kProfile);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_read), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_mkdir), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(p, AUDIT_ARCH_I386, 3 /* i386 read */), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_I386, 102 /* socketcall */), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_I386, 39 /* i386 mkdir */), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_socket, {AF_UNIX}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_socket, {AF_INET}), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_mprotect, {0, 4096, PROT_READ}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_mprotect, {0, 4096, PROT_READ | PROT_WRITE}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_mprotect, {0, 4096, PROT_WRITE | PROT_EXEC}), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_clone3), SECCOMP_RET_ERRNO | 38U);
  // includes/excludes decided against the host facts: no capabilities here.
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_getpid), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(p, AUDIT_ARCH_X86_64, SYS_getppid), SECCOMP_RET_ALLOW);
  // An architecture the profile does not list: killed.
  EXPECT_EQ(run(p, AUDIT_ARCH_AARCH64, 63), SECCOMP_RET_KILL_PROCESS);
}

TEST(BpfEval, EscapeGuard) {
  const BpfProgram guard = build_escape_guard();
  EXPECT_EQ(run(guard, AUDIT_ARCH_X86_64, SYS_clone, {0x00800000 /* CLONE_UNTRACED */}), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(run(guard, AUDIT_ARCH_X86_64, SYS_clone, {0x11}), SECCOMP_RET_ALLOW);
  EXPECT_EQ(run(guard, AUDIT_ARCH_X86_64, SYS_clone3), SECCOMP_RET_ERRNO | 38U);
}

TEST(BpfEval, SeveralFiltersTakeTheStrictestAction) {
  EXPECT_EQ(stricter_action(SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO | 1U), SECCOMP_RET_ERRNO | 1U);
  EXPECT_EQ(stricter_action(SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO | 1U), SECCOMP_RET_KILL_PROCESS);
  EXPECT_EQ(stricter_action(SECCOMP_RET_LOG, SECCOMP_RET_ALLOW), SECCOMP_RET_LOG);
  EXPECT_EQ(stricter_action(SECCOMP_RET_KILL_THREAD, SECCOMP_RET_TRAP), SECCOMP_RET_KILL_THREAD);
  PolicyVerdicts verdicts({compile(kProfile)});
  const uint64_t args[6] = {AF_INET, 0, 0, 0, 0, 0};
  EXPECT_TRUE(verdicts.refuses(AUDIT_ARCH_X86_64, SYS_socket, args));
  const uint64_t unix_args[6] = {AF_UNIX, 0, 0, 0, 0, 0};
  EXPECT_FALSE(verdicts.refuses(AUDIT_ARCH_X86_64, SYS_socket, unix_args));
  EXPECT_FALSE(action_refuses(SECCOMP_RET_LOG));
}

TEST(BpfEval, InvalidProgramsKill) {
  EXPECT_EQ(evaluate_filter({}, SeccompData{}), SECCOMP_RET_KILL_PROCESS);
  const uint64_t load_past_end = 0x0000000000000020ULL | (uint64_t{200} << 32);  // ld [200]
  EXPECT_EQ(evaluate_filter(std::span<const uint64_t>(&load_past_end, 1), SeccompData{}), SECCOMP_RET_KILL_PROCESS);
}

}  // namespace
}  // namespace capsule
