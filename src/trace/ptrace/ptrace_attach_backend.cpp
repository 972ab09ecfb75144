// The ptrace backend's `capsule attach PID`: the process runs already, so nothing can be put in
// front of it. No seccomp filter can be installed from outside (the escape guard, a --policy, the
// --trace pre-filter): every call stops, and --trace only leaves calls out of the record. Capsule
// refuses nothing (containment.h): it observes a program that ran before it came and goes on
// after it; the record says it starts mid-flight.
#include "base/clock.h"
#include "trace/attach_record.h"
#include "trace/ptrace/attach.h"
#include "trace/ptrace/ptrace_backend.h"

namespace capsule {

void PtraceBackend::prepare_attach() {
  if (request_.policy) throw BackendError("--policy cannot be enforced on a process that is already running");
  trace_.attached = true;
  trace_.containment.allow_outside_tree = true;
  trace_.containment.allow_io_uring = true;
  trace_.refuse_non_dumpable = false;
  if (request_.selection) {
    const TraceSelection sel = *request_.selection;
    trace_.records = [sel](std::string_view name) { return sel.includes(name); };
    selection_mode_ = "ptrace (attached: every call stops, no filter can be added to a running process)";
  }
  // Seized here, before the run directory exists: a refusal is then one line and no run.
  attached_tids_ = seize_process(*request_.attach_pid, PtraceTracer::attach_options());
  attached_us_ = wall_clock_us();
}

BackendOutcome PtraceBackend::run_attached(RunRecorder& rec, TerminationRequest& term) {
  const pid_t pid = *request_.attach_pid;
  // The first records need the context the process built before capsule came: read now.
  const bool seeded = begin_attached_record(rec, pid);
  PtraceTracer tracer(trace_, rec.sink(), term);
  const TraceResult result = tracer.run_attached(pid, attached_tids_);

  BackendOutcome out;
  out.processes = result.processes;
  out.detached = result.detached_us.has_value();
  if (!out.detached) {  // the process ended: its code is the run's, as for a launched one
    out.exit_code = result.exit_code;
    out.signal = result.signal;
  }
  add_attached_outcome(out, {.pid = pid, .backend = name(), .at_us = attached_us_, .threads = attached_tids_.size(),
                             .context_from_proc = seeded, .detached_us = result.detached_us});
  return out;
}

}  // namespace capsule
