#include "trace/strace/strace_backend.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "trace/program_path.h"
#include "trace/strace/strace_runner.h"

namespace capsule {

void StraceBackend::prepare(BackendRequest request) {
  request_ = std::move(request);
  const ProgramLookup strace = find_program("strace");
  if (strace.error != 0) throw BackendError("strace not found: install the strace package");
  strace_path_ = strace.path;
}

void StraceBackend::describe(Manifest& m) const {
  // The manifest says a --trace log is partial on purpose, and which calls it holds.
  if (request_.selection) m.extra.emplace_back("trace_selection", request_.selection->manifest_json("strace --seccomp-bpf"));
}

BackendOutcome StraceBackend::run(RunRecorder& rec, TerminationRequest& term) {
  StraceLaunch launch{strace_path_, request_.argv, request_.string_limit, std::nullopt,
                      request_.kill_after_ms, request_.timeout_ms};
  if (request_.selection) launch.trace_filter = request_.selection->strace_expression();
  std::optional<ProcessSnapshot> inherited;
  StraceHooks hooks;
  hooks.before_exec = [&](pid_t strace_pid) { inherited = read_proc_snapshot(strace_pid); };
  hooks.before_first_event = [&](int32_t program_pid, pid_t strace_pid) {
    if (inherited) {
      inherited->pid = program_pid;
      inherited->ppid = strace_pid;
    }
    rec.begin(std::move(inherited));
  };
  StraceResult result;
  try {
    result = StraceRunner(launch, rec.sink(), term, hooks).run();
  } catch (const std::system_error& e) {
    throw BackendError(fmt::format("cannot start strace: {}", e.what()));
  }

  BackendOutcome out;
  out.exit_code = result.exit_code;
  out.signal = result.signal;
  out.processes = result.processes;
  if (result.exec_errno) {
    out.failure = *result.exec_errno == ENOENT ? BackendOutcome::Failure::ProgramNotFound
                                                : BackendOutcome::Failure::ProgramNotExecutable;
  }
  if (result.strace_spawn_errno != 0 || result.strace_failed) out.failure = BackendOutcome::Failure::CannotRecord;
  if (result.strace_spawn_errno != 0) {
    out.problems.push_back(fmt::format("cannot run {}: {}", strace_path_, std::strerror(result.strace_spawn_errno)));
  } else if (result.strace_failed) {
    out.problems.push_back(fmt::format("strace could not trace {} (strace exited with {}; its message is above)",
                                       request_.argv.front(), *result.strace_failed));
  } else if (result.exec_errno) {
    out.problems.push_back(fmt::format("{}: {}", request_.argv.front(), std::strerror(*result.exec_errno)));
  }
  return out;
}

}  // namespace capsule
