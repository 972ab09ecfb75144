#include "trace/ptrace/ptrace_backend.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

#include "policy/bpf_eval.h"
#include "policy/egress_guard.h"
#include "policy/landlock_judge.h"
#include "policy/launch_filter.h"
#include "policy/trace_filter.h"
#include "trace/attach_record.h"

namespace capsule {

void PtraceBackend::prepare(BackendRequest request) {
  request_ = std::move(request);
  // The tracer (this thread) takes one CPU; the program gets its own mask back at launch.
  placement_.emplace();
  placement_->pin_tracer_thread();

  trace_.decode.string_limit = request_.string_limit;
  trace_.kill_after_ms = request_.kill_after_ms;
  trace_.timeout_ms = request_.timeout_ms;
  trace_.containment.allow_outside_tree = request_.allow_outside_tree;
  trace_.containment.allow_io_uring = request_.allow_io_uring;
  if (request_.attach_pid) return prepare_attach();

  launch_ = LaunchRequest{request_.program_path, request_.argv, PtraceTracer::ptrace_options(), {}, false};
  try {
    launch_.seccomp_filters.push_back(build_escape_guard().insns);
  } catch (const std::exception& e) {
    throw BackendError(fmt::format("cannot build the seccomp filter: {}", e.what()));
  }
  launch_.no_new_privs = !have_cap_sys_admin();
  trace_.refuse_non_dumpable = !have_capability(19);  // CAP_SYS_PTRACE reads any process
  if (request_.policy && request_.policy->landlock_enforced && request_.policy->landlock_enforced->ruleset) {
    const LandlockEnforcement& enforced = *request_.policy->landlock_enforced;
    launch_.landlock_ruleset_fd = enforced.ruleset.get();
    auto judge = std::make_shared<const LandlockJudge>(*request_.policy->landlock, enforced.net);
    trace_.landlock_refused = [judge](const SyscallEvent& ev, pid_t tid) { return judge->refuses_live(ev, tid); };
  }
  if (request_.policy && request_.policy->egress) {
    auto guard = std::make_shared<EgressGuard>(*request_.policy->egress);
    trace_.egress_refused = [guard](const RawSyscall& c, TraceeMemory& mem) { return guard->check(c, mem).refused; };
    trace_.egress_learn = [guard](const SyscallEvent& ev) { guard->learn(ev); };
  }
  if (request_.policy) {
    launch_.seccomp_filters.push_back(request_.policy->program.insns);
    auto verdicts = std::make_shared<const PolicyVerdicts>(std::vector<BpfProgram>{request_.policy->program});
    trace_.policy_verdict = [verdicts](const RawSyscall& c) {
      const uint32_t action = verdicts->action(c.arch, c.nr, c.args);
      if (action_kills(action)) return TraceOptions::Verdict::Kills;
      return action_refuses(action) ? TraceOptions::Verdict::Refused : TraceOptions::Verdict::Allowed;
    };
  }
  if (request_.selection) {
    const TraceSelection sel = *request_.selection;
    trace_.records = [sel](std::string_view name) { return sel.includes(name); };
    if (request_.policy) {
      // A policy's refusals (SECCOMP_RET_ERRNO, KILL) take precedence over SECCOMP_RET_TRACE: under
      // a pre-filter its denied calls would never reach the log. So every call stops, and the
      // tracer leaves the unselected ones out.
      selection_mode_ = "ptrace (every call stops: --policy refusals would hide calls from a pre-filter)";
    } else {
      try {
        launch_.seccomp_filters.push_back(build_trace_filter(sel).insns);
      } catch (const std::exception& e) {
        throw BackendError(fmt::format("cannot build the --trace filter: {}", e.what()));
      }
      trace_.seccomp_stops_only = true;
      selection_mode_ = "seccomp pre-filter";
    }
  }
}

void PtraceBackend::describe(Manifest& m) const {
  if (request_.attach_pid) {
    describe_attached(m, *request_.attach_pid, name());
  } else {
    m.seccomp_mode = seccomp_mode_name(launch_.no_new_privs ? SeccompMode::NoNewPrivs : SeccompMode::CapSysAdmin);
  }
  if (request_.policy) {
    m.extra.emplace_back("policy", nlohmann::json(std::filesystem::absolute(request_.policy_file).string()).dump());
  }
  // The manifest says a --trace log is partial on purpose, and which calls it holds.
  if (request_.selection) m.extra.emplace_back("trace_selection", request_.selection->manifest_json(selection_mode_));
}

BackendOutcome PtraceBackend::run(RunRecorder& rec, TerminationRequest& term) {
  if (request_.attach_pid) return run_attached(rec, term);
  LaunchedChild child;
  try {
    child = launch_stopped(launch_);
  } catch (const std::system_error& e) {
    throw BackendError(fmt::format("cannot start {}: {}", request_.argv.front(), e.what()));
  }
  // The program is stopped before its execve: what it inherits (fds, cwd, identity) is read once.
  rec.begin(read_proc_snapshot(child.pid, SnapshotFds::SurvivingExec));
  placement_->release_program(child.pid);  // the program keeps the CPUs it was given

  PtraceTracer tracer(trace_, rec.sink(), term);
  const TraceResult result = tracer.run(child);
  const LaunchFailure launch_failure = read_launch_failure(child);

  BackendOutcome out;
  out.exit_code = result.exit_code;
  out.signal = result.signal;
  out.processes = result.processes;
  // What capsule refused (docs/SECURITY.md), and the processes a filter of their own made it trace
  // fully under --trace.
  out.manifest_extra.emplace_back(
      "refused", nlohmann::json{{"outside_tree", result.refused_outside_tree}, {"io_uring_setup", result.refused_io_uring}}
                     .dump());
  if (trace_.seccomp_stops_only) out.manifest_extra.emplace_back("fully_traced", std::to_string(result.fully_traced));
  if (request_.allow_io_uring) {
    out.incomplete.emplace_back("io_uring allowed (--allow-io-uring): operations submitted through a ring are not recorded");
  }
  if (launch_failure.stage == LaunchFailure::Exec) {
    out.problems.push_back(fmt::format("{}: {}", request_.argv.front(), std::strerror(launch_failure.err)));
  } else if (launch_failure.stage == LaunchFailure::Seccomp) {
    out.failure = BackendOutcome::Failure::CannotRecord;
    out.problems.push_back(fmt::format("cannot install the seccomp filter: {}", std::strerror(launch_failure.err)));
  } else if (launch_failure.stage == LaunchFailure::Landlock) {
    out.failure = BackendOutcome::Failure::CannotRecord;
    out.problems.push_back(fmt::format("cannot enforce the Landlock rules: {}", std::strerror(launch_failure.err)));
  }
  return out;
}

}  // namespace capsule
