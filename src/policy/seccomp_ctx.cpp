#include "policy/seccomp_ctx.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <string>

namespace capsule {

void check_seccomp(int rc, const char* what) {
  if (rc < 0) throw std::runtime_error(std::string("libseccomp: ") + what + ": " + std::strerror(-rc));
}

BpfProgram export_seccomp_program(scmp_filter_ctx ctx) {
  const int fd = memfd_create("capsule-bpf", MFD_CLOEXEC);
  if (fd < 0) throw std::runtime_error("memfd_create failed");
  const int rc = seccomp_export_bpf(ctx, fd);
  if (rc < 0) {
    ::close(fd);
    check_seccomp(rc, "export");
  }
  const off_t size = ::lseek(fd, 0, SEEK_END);
  BpfProgram prog;
  prog.insns.resize(static_cast<size_t>(size) / sizeof(uint64_t));
  const ssize_t n = ::pread(fd, prog.insns.data(), prog.insns.size() * sizeof(uint64_t), 0);
  ::close(fd);
  if (n != static_cast<ssize_t>(prog.insns.size() * sizeof(uint64_t))) throw std::runtime_error("reading the BPF program failed");
  return prog;
}

}  // namespace capsule
