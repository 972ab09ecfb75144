// --backend ebpf: the kernel records (bpf/capsule.bpf.c), capsule decodes. The program runs at
// near-native speed: no stop per call. It starts held until it is traced, lives in a cgroup of
// its own that dies with capsule (cgroup_guard.h), and the same decoders as ptrace's read the
// memory the kernel side captured (capture_plan.h), so the same SyscallEvents come out. Records
// the ring buffer had no room for are counted, and the run then says it is incomplete.
#pragma once

#include <string>

#include "trace/backend.h"

namespace capsule {

// Why the eBPF backend cannot load here ("neither root nor CAP_BPF+CAP_PERFMON", "no kernel BTF
// …"), or an empty string when it can: what --backend auto decides by (backend_registry.h).
std::string ebpf_unavailable();

class EbpfBackend final : public Backend {
 public:
  std::string_view name() const override { return "ebpf"; }
  std::string_view summary() const override { return "the kernel records through eBPF (root or CAP_BPF+CAP_PERFMON)"; }
  // The kernel side captures the memory the decoders need; a --policy is a seccomp filter the
  // held child installs before its execve.
  BackendCapabilities capabilities() const override {
    return {.enforces_policy = true, .reads_memory = true, .can_attach = false};
  }
  // Its kernel side follows the cgroup the held child enters before its execve; a running process
  // would have to be moved into that cgroup (changing its limits and what its supervisor sees),
  // and the memory its calls point to before the first one capsule sees was never captured.
  std::string_view why_no_attach() const override {
    return "it follows the cgroup capsule starts a program in, and moving a running process into it would change "
           "the process (use --backend ptrace)";
  }

  // Checks that the backend was built and that the process may load BPF programs.
  void prepare(BackendRequest request) override;
  void describe(Manifest& m) const override;
  BackendOutcome run(RunRecorder& rec, TerminationRequest& term) override;

 private:
  BackendRequest request_;
  bool no_new_privs_ = false;  // without CAP_SYS_ADMIN, a seccomp filter needs NO_NEW_PRIVS
  bool refuse_io_uring_ = true;  // io_uring_guard.h, unless --allow-io-uring
};

}  // namespace capsule
