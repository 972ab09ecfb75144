// --backend ptrace (the default): capsule's own tracer (ptrace_tracer.h). The program is forked,
// seized before its execve and started under capsule's seccomp filters: the escape guard, a
// --policy, the --trace pre-filter.
#pragma once

#include <optional>
#include <string>

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
    return {.enforces_policy = true, .reads_memory = true, .can_attach = false, .enforces_landlock = true};
  }

  // Pins this thread (the tracer, which the program inherits) and builds the seccomp filters.
  void prepare(BackendRequest request) override;
  std::optional<cpu_set_t> pipeline_cpus() const override { return placement_->pipeline_cpus(); }
  void describe(Manifest& m) const override;
  BackendOutcome run(RunRecorder& rec, TerminationRequest& term) override;

 private:
  BackendRequest request_;
  std::optional<CpuPlacement> placement_;
  LaunchRequest launch_;
  TraceOptions trace_;
  std::string selection_mode_;  // how --trace is applied, for the manifest
};

}  // namespace capsule
