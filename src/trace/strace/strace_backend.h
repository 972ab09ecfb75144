// --backend strace: strace traces, capsule records (strace_runner.h). The program is strace's
// child, so what it inherits is read from /proc of strace's process before it execs, and seeds
// the enricher under the program's pid once the first event names it.
#pragma once

#include <string>

#include "trace/backend.h"

namespace capsule {

class StraceBackend final : public Backend {
 public:
  std::string_view name() const override { return "strace"; }
  std::string_view summary() const override { return "strace traces, capsule records"; }
  // strace reads the program's memory and installs no capsule filter.
  BackendCapabilities capabilities() const override {
    return {.enforces_policy = false, .reads_memory = false, .can_attach = false};
  }

  // Finds strace.
  void prepare(BackendRequest request) override;
  void describe(Manifest& m) const override;
  BackendOutcome run(RunRecorder& rec, TerminationRequest& term) override;

 private:
  BackendRequest request_;
  std::string strace_path_;
};

}  // namespace capsule
