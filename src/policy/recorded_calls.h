// A recorded run's calls read back as the pipeline saw them, for judging them again offline
// (`capsule policy check`, and complain mode at the end of its run): syscalls.log read by the
// strace parser (the same SyscallEvent as the native tracer's: tests/integration/arg_parity_test)
// and replayed through an enricher, so that each call comes with its seq, its process's program
// and working directory, and its fds' names.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string_view>

#include "event/syscall_event.h"
#include "policy/policy_evaluator.h"

namespace capsule {

struct RecordedCall {
  const SyscallEvent& ev;  // ev.seq is its seq in the run (one syscalls.log line per event)
  std::string_view exe;    // the program its process ran then ("" when unknown)
  std::string_view cwd;    // its working directory then (the manifest's cwd when unknown)
  const HostOf& host_of;   // the names the run had been told for addresses, up to this call
};

// Calls fn on every event of the run in log_dir, in order; cwd is the run's (its manifest's), where
// the first process started. Throws std::runtime_error when syscalls.log cannot be read.
void replay_recorded_calls(const std::filesystem::path& log_dir, std::string_view cwd,
                           const std::function<void(const RecordedCall&)>& fn);

}  // namespace capsule
