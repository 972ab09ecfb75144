// The native backend: one thread that owns every tracee, joins each syscall's entry and exit stops
// into one SyscallEvent, and hands it to the pipeline.
//
// Followed: fork, vfork, clone, threads, exec (also from a non-leader thread), group-stops
// (PTRACE_LISTEN keeps a stopped program stopped), signal-delivery stops (the signal is passed on
// unchanged). PTRACE_O_EXITKILL: if capsule dies, every tracee is killed by the kernel.
// A process attached to (run_attached) is only observed: no seccomp filter, nothing refused, no
// EXITKILL; ending the run detaches every thread and leaves it running.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "decode/syscall_decoder.h"
#include "trace/event_sink.h"
#include "trace/containment.h"
#include "trace/ptrace/launcher.h"

namespace capsule {

struct TraceOptions {
  DecodeOptions decode;
  int64_t kill_after_ms = 5000;           // grace between SIGTERM and SIGKILL
  std::optional<int64_t> timeout_ms;      // end the program after this long (as SIGTERM would)
  // --policy: asked at each syscall entry what the policy's filter does with the call (see
  // policy/bpf_eval.h for why this is decided from the entry); refused calls are marked denied,
  // killed ones are recorded as never returning ("= ?", then the SIGSYS death), as strace does.
  enum class Verdict : uint8_t { Allowed, Refused, Kills };
  std::function<Verdict(const RawSyscall&)> policy_verdict;
  // --policy with Landlock rules: asked at the exit of a call that failed with EACCES whether the
  // rules refused it (policy/landlock_judge.h); such calls are marked denied by "landlock".
  std::function<bool(const SyscallEvent&, pid_t tid)> landlock_refused;
  // --policy with an egress allow-list (policy/egress_guard.h): asked at the entry of every call
  // whether the destination it hands the kernel is refused (read from the tracee's memory there);
  // such calls are skipped, return -1 EACCES and are marked denied by "egress". egress_learn sees
  // every completed call first, so that the names the run is told (DNS answers, /etc/hosts) are
  // known to the next call's check.
  std::function<bool(const RawSyscall&, TraceeMemory&)> egress_refused;
  std::function<void(const SyscallEvent&)> egress_learn;
  // --trace: whether calls of this name are recorded; others are followed but not emitted.
  std::function<bool(std::string_view)> records;
  // --trace with its seccomp pre-filter in place: the program stops only at the calls the filter
  // hands to the tracer (a seccomp stop, which stands for the entry), so threads are resumed with
  // PTRACE_CONT except between such a stop and that call's exit.
  // A process in the tree that installs a seccomp filter of its own is traced fully from then on
  // (it and the children it starts later): its filter's ERRNO/USER_NOTIF/KILL outrank the
  // pre-filter's TRACE, so only a stop at every entry still sees the calls it refuses.
  bool seccomp_stops_only = false;
  // What the tree may not do, refused at the call's entry (containment.h, docs/SECURITY.md).
  ContainmentOptions containment;
  // Capsule without CAP_SYS_PTRACE cannot read a non-dumpable process's memory: the tracer then
  // refuses prctl(PR_SET_DUMPABLE, 0) with EPERM (skipped at entry, recorded as denied), so that
  // a program cannot blind its own record. docs/SECURITY.md.
  bool refuse_non_dumpable = false;
  // Attached to a running process: a signal to capsule, --timeout or a failed log detach from the
  // tree instead of ending it.
  bool attached = false;
};

struct TraceResult {
  int exit_code = 0;            // the root process's exit code, or 128+N for signal N
  std::optional<int> signal;    // the signal that killed the root process
  uint64_t syscalls = 0;        // syscall events emitted
  uint64_t processes = 0;       // processes seen (root included)
  bool log_failed = false;      // the program was stopped because the log could not be written
  bool terminated = false;      // capsule ended the program (signal to capsule, --timeout)
  uint64_t refused_outside_tree = 0;  // calls refused for acting outside the tree
  uint64_t refused_io_uring = 0;      // io_uring_setup calls refused
  uint64_t fully_traced = 0;          // processes switched to full tracing by their own filter
  std::optional<int64_t> detached_us; // attached: when capsule detached (the tree still ran)
};

struct TerminationRequest;  // termination.h

class PtraceTracer {
 public:
  PtraceTracer(TraceOptions opts, EventSink& sink, TerminationRequest& term);
  ~PtraceTracer();
  PtraceTracer(const PtraceTracer&) = delete;
  PtraceTracer& operator=(const PtraceTracer&) = delete;

  static unsigned long ptrace_options();
  // For a process capsule attaches to: the same without PTRACE_O_EXITKILL, so that the process
  // outlives a capsule that ends or dies.
  static unsigned long attach_options();

  // Traces the seized, stopped child (launch_stopped) and everything it starts until every tracee
  // has ended. Releases the child itself.
  TraceResult run(const LaunchedChild& child);
  // Traces process pid, whose threads tids are seized (attach.h) and running, until it ends or
  // capsule detaches (opts.attached).
  TraceResult run_attached(pid_t pid, const std::vector<pid_t>& tids);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace capsule
