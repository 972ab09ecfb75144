// Turns strace output read in arbitrary chunks (a pipe from a live strace, a file read 4 MiB at a
// time) into events for the pipeline, and keeps the facts about the run that its manifest needs.
// Shared by `capsule run --backend strace` and `capsule import`, so that both read strace text
// the same way.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "event/syscall_event.h"
#include "strace/line_splitter.h"
#include "strace/strace_parser.h"

namespace capsule {

// What the events say about the run as a whole.
struct StraceRunFacts {
  std::optional<int32_t> root_pid;           // the pid of the first event: the traced program
  std::optional<int> root_exit_code;         // its "+++ exited with N +++"
  std::optional<int> root_signal;            // its "+++ killed by SIGx +++"
  std::optional<int> root_exec_errno;        // the root's first execve failed with this errno
  std::optional<std::vector<std::string>> first_exec_argv;  // argv of the first execve seen
  std::optional<int64_t> first_ts_us, last_ts_us;
  uint64_t syscalls = 0;                     // syscall events (not signal/exit records)
  std::unordered_set<int32_t> pids;          // every pid seen
  std::unordered_set<int32_t> live_pids;     // seen and not yet exited

  // The code capsule exits with, as a shell would report the root: N, or 128+signal.
  std::optional<int> root_status() const;
};

class StraceIngest {
 public:
  using EmitFn = std::function<void(SyscallEvent&)>;

  // options.on_error receives the unreadable lines (never stops the ingest).
  StraceIngest(StraceParseOptions options, EmitFn emit);

  // Any slice of the output: complete lines are parsed now, a trailing partial line waits for
  // the next slice (or finish()).
  void feed_bytes(std::string_view data);
  // End of output: parses a last line without newline, closes calls left unfinished.
  void finish();

  const StraceRunFacts& facts() const { return facts_; }
  uint64_t lines_read() const { return parser_.lines_read(); }

 private:
  void feed_line(std::string_view line);
  void drain();
  void note(const SyscallEvent& ev);

  StraceLineParser parser_;
  EmitFn emit_;
  LineSplitter lines_;  // strace output arrives in slices that cut lines anywhere
  SyscallEvent ev_;
  StraceRunFacts facts_;
};

}  // namespace capsule
