// The engine of the strace backend (strace_backend.h): strace does the tracing, capsule the rest.
// strace runs the program with
// `strace -f -ttt -yy -v -x -s N -o /proc/<capsule>/fd/<pipe> -- PROGRAM ARGS`; capsule reads
// the pipe, parses each line (StraceIngest) and hands the events to the same EventSink as the
// native backend, so that every stream, the chain and the manifest come out the same.
//
// Why these choices:
// - Output through a pipe that capsule holds close-on-exec, which strace opens by its /proc
//   path: strace marks the file it opens close-on-exec, so neither the program nor its children
//   inherit it (with `-o /dev/fd/N` they would: fd N stays open in strace and leaks to every
//   tracee). The program's stdin, stdout and stderr stay the user's.
// - -ttt (epoch seconds) rather than -tt: no date to guess and no local time zone to undo.
// - A full pipe blocks strace, which blocks the tracee: as with the native backend, nothing is
//   ever dropped.
// - Signals: strace started with -o and a command blocks fatal signals (its default -I3), and
//   strace 6.1 cannot kill its tracees when it dies. So capsule signals the traced processes
//   directly: the pids the events name that have not exited, plus strace's descendants read
//   from /proc (those whose first line has not arrived yet). SIGTERM, SIGKILL after kill_after,
//   exactly like the native backend; strace stays alive to record how they end.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "strace/strace_ingest.h"
#include "trace/event_sink.h"

namespace capsule {

struct TerminationRequest;  // termination.h

struct StraceLaunch {
  std::string strace_path;                  // the strace binary (find_program("strace"))
  std::vector<std::string> command;         // the program's argv, as the user gave it
  size_t string_limit = 1000;               // strace -s
  std::optional<std::string> trace_filter;  // --trace: strace -e trace=… --seccomp-bpf
  int64_t kill_after_ms = 5000;
  std::optional<int64_t> timeout_ms;
};

struct StraceHooks {
  // strace's child has been forked and waits before its execve: what it holds now (fds, cwd,
  // identity) is what the program will inherit, so this is when /proc can be read for a seed.
  std::function<void(pid_t strace_pid)> before_exec;
  // The first event is about to be emitted; program_pid is the traced program (strace's child).
  std::function<void(int32_t program_pid, pid_t strace_pid)> before_first_event;
};

struct StraceResult {
  int exit_code = 0;                  // the program's code, 128+N for signal N
  std::optional<int> signal;          // the signal that killed the program
  uint64_t syscalls = 0;
  uint64_t processes = 0;             // pids seen (strace -f does not tell threads apart)
  std::optional<int> exec_errno;      // the program could not be executed (errno of its execve)
  std::optional<int> strace_failed;   // strace ended without tracing anything: its exit status
  int strace_spawn_errno = 0;         // strace itself could not be executed
  bool log_failed = false;            // the program was stopped because the log failed
  bool terminated = false;            // capsule ended the program (signal, --timeout)
};

class StraceRunner {
 public:
  StraceRunner(StraceLaunch launch, EventSink& sink, TerminationRequest& term, StraceHooks hooks = {});
  StraceRunner(const StraceRunner&) = delete;
  StraceRunner& operator=(const StraceRunner&) = delete;

  // Starts strace and records until strace has ended and its output is read to the end.
  // Throws std::system_error when the pipe or the fork fails.
  StraceResult run();

  // The strace command line run() uses (for tests and error messages).
  std::vector<std::string> strace_argv(pid_t reader_pid, int pipe_fd) const;

 private:
  StraceLaunch launch_;
  EventSink& sink_;
  TerminationRequest& term_;
  StraceHooks hooks_;
};

}  // namespace capsule
