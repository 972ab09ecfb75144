// `capsule attach PID` (and `run -p PID`), whichever backend: what the record of a process capsule
// attached to starts from (its context read from /proc) and what the manifest says about it. One
// place, so that a ptrace and an eBPF attach record the same facts in the same words.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

#include "log/rundir/manifest.h"
#include "trace/backend.h"
#include "trace/termination.h"

namespace capsule {

// Starts the recording seeded with what process pid built before capsule came (its fds, cwd,
// identity, /proc/PID read now); returns whether /proc could be read. Call it before the first
// call is traced: an fd opened after it is named by its own record.
bool begin_attached_record(RunRecorder& rec, pid_t pid);

// The manifest's "attached" before the run (replaced by attached_outcome's at the end).
void describe_attached(Manifest& m, pid_t pid, std::string_view backend);

struct AttachedFacts {
  pid_t pid = 0;
  std::string_view backend;           // "ptrace", "ebpf"
  int64_t at_us = 0;                  // when the attach was made (wall clock)
  size_t threads = 0;                 // the process's threads then
  bool context_from_proc = false;     // begin_attached_record's answer
  std::optional<int64_t> detached_us; // when capsule let go (the process ran on); nullopt: it ended
};

// When an attached run lets go of its process (which runs on): capsule was asked to stop (a
// signal), --timeout passed, or the log can take no more. One rule for every backend.
class AttachRelease {
 public:
  explicit AttachRelease(std::optional<int64_t> timeout_ms);
  bool due(const TerminationRequest& term, bool log_failed) const;

 private:
  int64_t at_ms_ = 0;  // monotonic; 0: no --timeout
};

// The manifest's "attached" and the "incomplete" reason every attached record has (it starts
// mid-flight, and ends mid-flight when capsule detached).
void add_attached_outcome(BackendOutcome& out, const AttachedFacts& facts);

}  // namespace capsule
