#include "policy/launch_filter.h"

#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>

namespace capsule {
namespace {

struct CtxDeleter {
  void operator()(scmp_filter_ctx c) const { seccomp_release(c); }
};
using Ctx = std::unique_ptr<void, CtxDeleter>;

void check(int rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string("libseccomp: ") + what + ": " + std::strerror(-rc));
}

// libseccomp 2.5 exports only to a file descriptor: a memfd, read back into memory.
BpfProgram export_program(scmp_filter_ctx ctx) {
  const int fd = memfd_create("capsule-bpf", MFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error("memfd_create failed");
  const int rc = seccomp_export_bpf(ctx, fd);
  if (rc < 0) {
    ::close(fd);
    check(rc, "export");
  }
  const off_t size = ::lseek(fd, 0, SEEK_END);
  BpfProgram prog;
  prog.insns.resize(static_cast<size_t>(size) / sizeof(uint64_t));
  const ssize_t n = ::pread(fd, prog.insns.data(), prog.insns.size() * sizeof(uint64_t), 0);
  ::close(fd);
  if (n != static_cast<ssize_t>(prog.insns.size() * sizeof(uint64_t))) throw std::runtime_error("reading the BPF program failed");
  return prog;
}

}  // namespace

std::string seccomp_mode_name(SeccompMode m) {
  switch (m) {
    case SeccompMode::None: return "none";
    case SeccompMode::CapSysAdmin: return "filter (CAP_SYS_ADMIN, no NO_NEW_PRIVS)";
    case SeccompMode::NoNewPrivs: return "filter with NO_NEW_PRIVS";
  }
  return "unknown";
}

BpfProgram build_escape_guard() {
  Ctx ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) throw std::runtime_error("libseccomp: seccomp_init failed");
  // Every ABI the kernel accepts from an x86-64 process, so that int 0x80 (i386) and x32 calls
  // cannot go round the rule.
  for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
    const int rc = seccomp_arch_add(ctx.get(), arch);
    if (rc != -EEXIST) check(rc, "arch_add");
  }
  // Refusals return an errno rather than kill: the syscall-exit stop then shows the attempt, so the
  // log records what the program tried.
  check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
                         SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_UNTRACED, CLONE_UNTRACED)),
        "clone rule");
  check(seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0), "clone3 rule");
  return export_program(ctx.get());
}

bool have_cap_sys_admin() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("CapEff:", 0) == 0) {
      const unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
      return (caps >> 21) & 1ULL;  // CAP_SYS_ADMIN
    }
  }
  return false;
}

}  // namespace capsule
