#include "policy/seccomp_ctx.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

#include "base/unique_fd.h"

namespace capsule {

void check_seccomp(int rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string("libseccomp: ") + what + ": " + std::strerror(-rc));
}

SeccompCtx allow_all_abis_ctx() {
  SeccompCtx ctx(seccomp_init(SCMP_ACT_ALLOW));
  if (!ctx) throw std::runtime_error("libseccomp: seccomp_init failed");
  for (uint32_t arch : {SCMP_ARCH_X86, SCMP_ARCH_X32}) {
    const int rc = seccomp_arch_add(ctx.get(), arch);
    if (rc != -EEXIST) check_seccomp(rc, "arch_add");
  }
  return ctx;
}

BpfProgram export_seccomp_program(scmp_filter_ctx ctx) {
  const UniqueFd fd(memfd_create("capsule-bpf", MFD_CLOEXEC));
  if (!fd) throw std::runtime_error("memfd_create failed");
  check_seccomp(seccomp_export_bpf(ctx, fd.get()), "export");
  const off_t size = ::lseek(fd.get(), 0, SEEK_END);
  BpfProgram prog;
  prog.insns.resize(static_cast<size_t>(size) / sizeof(uint64_t));
  const ssize_t n = ::pread(fd.get(), prog.insns.data(), prog.insns.size() * sizeof(uint64_t), 0);
  if (n != static_cast<ssize_t>(prog.insns.size() * sizeof(uint64_t))) throw std::runtime_error("reading the BPF program failed");
  return prog;
}

}  // namespace capsule
