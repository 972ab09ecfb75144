// --backend ebpf: the kernel records (bpf/capsule.bpf.c), capsule decodes. The program runs at
// near-native speed: no stop per call. It starts held until it is traced, lives in a cgroup of
// its own that dies with capsule (cgroup_guard.h), and the same decoders as ptrace's read the
// memory the kernel side captured (capture_plan.h), so the same SyscallEvents come out. Records
// the ring buffer had no room for are counted, and the run then says it is incomplete. Or a
// running process is recorded from now on (`capsule attach`, ebpf_attach_backend.cpp).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/unique_fd.h"
#include "trace/backend.h"
#include "trace/ebpf/ebpf_session.h"
#include "trace/ebpf/event_assembler.h"

namespace capsule {

// Why the eBPF backend cannot load here ("neither root nor CAP_BPF+CAP_PERFMON", "no kernel BTF
// …"), or an empty string when it can: what --backend auto decides by (backend_registry.h).
std::string ebpf_unavailable();

class EbpfBackend final : public Backend {
 public:
  EbpfBackend();
  ~EbpfBackend() override;
  std::string_view name() const override { return "ebpf"; }
  std::string_view summary() const override { return "the kernel records through eBPF (root or CAP_BPF+CAP_PERFMON)"; }
  // The kernel side captures the memory the decoders need; a --policy is a seccomp filter the
  // held child installs before its execve. A running process is attached to by putting its pid in
  // the traced map (ebpf_attach_backend.cpp): nothing about it changes.
  BackendCapabilities capabilities() const override {
    return {.enforces_policy = true, .reads_memory = true, .can_attach = true};
  }

  // Checks that the backend was built and that the process may load BPF programs.
  void prepare(BackendRequest request) override;
  void describe(Manifest& m) const override;
  BackendOutcome run(RunRecorder& rec, TerminationRequest& term) override;

 private:
  // `capsule attach PID` (ebpf_attach_backend.cpp): the programs are loaded in prepare, so that a
  // refusal is one line before any run exists; the pid goes into the map in run.
  void prepare_attach();
  void describe_attach(Manifest& m) const;
  BackendOutcome run_attached(RunRecorder& rec, TerminationRequest& term);
  DecodeOptions decode_options() const;
  std::function<bool(std::string_view)> recorded_calls() const;
  static void ring_size_from_env(EbpfConfig& config);
  static void set_root_status(BackendOutcome& out, int status);
  static void add_ring_counts(BackendOutcome& out, const AssemblerCounts& counts, uint64_t lost, uint64_t ring_bytes,
                              std::optional<uint64_t> pauses, bool from_pool);

  struct EbpfRun;                   // the loaded programs and the run's assembler
  std::unique_ptr<EbpfRun> loaded_;  // by prepare (a run's; attach keeps its own below)
  BackendRequest request_;
  EbpfConfig attach_config_;
  std::unique_ptr<EbpfSession> attach_session_;
  std::optional<EventAssembler> attach_assembler_;
  UniqueFd attach_pidfd_;  // the attached process: readable once it has ended
  bool no_new_privs_ = false;  // without CAP_SYS_ADMIN, a seccomp filter needs NO_NEW_PRIVS
  bool refuse_io_uring_ = true;  // io_uring_guard.h, unless --allow-io-uring
  bool contain_ = true;          // outside_tree_guard.h, unless --allow-outside-tree
};

}  // namespace capsule
