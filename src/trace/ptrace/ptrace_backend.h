// --backend ptrace (the default): capsule's own tracer (ptrace_tracer.h). The program is forked,
// seized before its execve and started under capsule's seccomp filters: the escape guard, a
// --policy, the --trace pre-filter. Or a running process is attached to (ptrace_attach_backend.cpp):
// every thread seized, every call stopped at, nothing refused, and detached again at the end.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "trace/backend.h"
#include "trace/cpu_placement.h"
#include "trace/ptrace/launcher.h"
#include "trace/ptrace/ptrace_tracer.h"

namespace capsule {

class PtraceBackend final : public Backend {
 public:
  std::string_view name() const override { return "ptrace"; }
  std::string_view summary() const override { return "capsule's own tracer"; }
  BackendCapabilities capabilities() const override {
    return {.enforces_policy = true, .reads_memory = true, .can_attach = true, .enforces_landlock = true,
            .checks_egress = true};
  }

  // Pins this thread (the tracer, which the program inherits) and builds the seccomp filters.
  void prepare(BackendRequest request) override;
  std::optional<cpu_set_t> pipeline_cpus() const override { return placement_->pipeline_cpus(); }
  void describe(Manifest& m) const override;
  BackendOutcome run(RunRecorder& rec, TerminationRequest& term) override;

 private:
  void prepare_attach();
  BackendOutcome run_attached(RunRecorder& rec, TerminationRequest& term);

  BackendRequest request_;
  std::optional<CpuPlacement> placement_;
  LaunchRequest launch_;
  TraceOptions trace_;
  std::string selection_mode_;  // how --trace is applied, for the manifest
  std::vector<pid_t> attached_tids_;  // attach: the threads seized in prepare()
  int64_t attached_us_ = 0;           // attach: when they were
};

}  // namespace capsule
