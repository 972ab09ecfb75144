// capsule run (alias: trace): record a program with the native ptrace backend, or with strace
// (--backend strace, run_with_strace).
#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <system_error>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_sealing.h"
#include "detect/finding_summary.h"
#include "detect/rule_book.h"
#include "enrich/proc_snapshot.h"
#include "log/manifest.h"
#include "log/process_instance.h"
#include "log/run_dir.h"
#include "pipeline/recording_pipeline.h"
#include "policy/bpf_eval.h"
#include "policy/launch_filter.h"
#include "policy/policy_file.h"
#include "policy/seccomp_profile.h"
#include "policy/trace_filter.h"
#include "policy/trace_selection.h"
#include "trace/cpu_placement.h"
#include "trace/launcher.h"
#include "trace/program_path.h"
#include "trace/ptrace_tracer.h"
#include "trace/strace_backend.h"
#include "trace/termination.h"
#include "version.h"

namespace capsule {

std::string join_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out.push_back(' ');
    const bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`*?;&|<>()") == std::string::npos;
    if (plain) {
      out += a;
    } else {
      out.push_back('\'');
      for (char c : a) {
        if (c == '\'') out += "'\\''";
        else out.push_back(c);
      }
      out.push_back('\'');
    }
  }
  return out;
}

namespace {

struct RunOptions {
  HomeOption home;
  bool quiet = false;
  size_t string_limit = 1000;
  double kill_after_s = 5.0;
  double timeout_s = 0;
  int64_t window_ms = 100;  // actions.jsonl merge window
  std::string backend = "ptrace";  // or "strace"
  std::string policy;              // --policy FILE: a seccomp profile to enforce (ptrace only)
  std::string trace_spec;          // --trace SPEC: record only these calls
  std::optional<TraceSelection> selection;  // parsed from trace_spec before anything runs
  SealingOptions sealing;
  std::vector<std::string> rule_files;        // --rules FILE (repeatable), after the defaults
  std::optional<std::string> fail_on;         // --fail-on SEVERITY
  std::shared_ptr<const std::vector<Rule>> rules;  // loaded before anything runs
  std::vector<std::string> command;
};

// The end of a run as far as findings go: the lines after capsule's summary line, and the exit
// code when --fail-on is reached (the program's own non-zero code wins: a failing build still
// reads as failing).
int report_findings(const RunOptions& o, const RecordingPipeline& pipeline, int code) {
  const FindingTally& tally = pipeline.findings();
  if (!o.quiet) {
    if (!pipeline.detection_problem().empty()) {
      print_error(fmt::format("detection was off: {}", pipeline.detection_problem()));
    }
    for (const auto& line : finding_summary_lines(tally)) fmt::print(stderr, "capsule: {}\n", line);
  }
  if (code == 0 && o.fail_on) {
    const auto threshold = parse_severity(*o.fail_on);
    if (threshold && tally.at_least(*threshold) > 0) return exit_code::kFindings;
  }
  return code;
}

int64_t wall_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}


Manifest start_manifest(const RunOptions& o, const RunPaths& paths, int64_t start_us) {
  Manifest m;
  m.run_id = paths.run_id;
  m.capsule_version = CAPSULE_VERSION;
  m.backend = o.backend;
  m.state = "running";
  m.argv = o.command;
  m.command = join_command(o.command);
  std::error_code ec;
  m.cwd = std::filesystem::current_path(ec).string();
  m.start_us = start_us;
  m.seccomp_mode = "none";
  m.format_version = kManifestFormatVersion;
  m.capsule_pid = static_cast<int>(::getpid());
  m.capsule_instance = process_instance_token(::getpid());
  return m;
}

// The manifest says a --trace log is partial on purpose, and which calls it holds.
void record_selection(const RunOptions& o, std::string_view mode, Manifest& m) {
  if (o.selection) m.extra.emplace_back("trace_selection", o.selection->manifest_json(mode));
}

// The start of every run, whichever backend: its directory and the pipeline that records into it.
// nullptr (the reason printed) when either cannot be made.
std::unique_ptr<RecordingPipeline> open_run(const RunOptions& o, const std::filesystem::path& home, int64_t start_us,
                                            std::optional<cpu_set_t> cpus, RunPaths& paths) {
  try {
    paths = create_run(home, start_us);
    PipelineConfig pcfg;
    pcfg.log_dir = paths.log_dir;
    pcfg.run_id = paths.run_id;
    pcfg.action_window_us = o.window_ms * 1000;
    pcfg.rules = o.rules;
    pcfg.cpus = cpus;
    configure_sealing(home, o.sealing, pcfg);
    return std::make_unique<RecordingPipeline>(pcfg);
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot create the run directory: {}", e.what()));
    return nullptr;
  }
}

// How a backend's run ended, for finish_run.
struct RunEnd {
  int code = 0;                       // capsule's exit code so far
  std::optional<int> signal;          // the signal that killed the root process
  uint64_t processes = 0;
  std::vector<std::string> problems;  // why the program did not run as asked, one line each
};

// The end of every run, whichever backend: the final manifest, then the seal that signs its
// digest (a run that dies in between verifies as "seal missing"), the anchor, what went wrong,
// the summary line and the findings.
int finish_run(const RunOptions& o, const std::filesystem::path& home, const RunPaths& paths,
               RecordingPipeline& pipeline, Manifest& manifest, const RunEnd& end) {
  int code = end.code;
  manifest.state = "complete";
  manifest.end_us = wall_us();
  manifest.exit_code = code;
  if (end.signal) manifest.exit_signal = *end.signal;
  manifest.syscalls = pipeline.syscall_records();
  manifest.processes = end.processes;
  manifest.streams = pipeline.summaries();
  {
    // capsule's own peak memory (not the program's), for the benchmark's memory target.
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    manifest.extra.emplace_back("capsule_max_rss_kb", std::to_string(self.ru_maxrss));
  }
  manifest.extra.emplace_back("enricher_proc_reads", std::to_string(pipeline.enricher().proc_reads()));
  std::optional<std::string> anchor;
  std::string anchor_error;
  try {
    write_manifest(paths.log_dir, manifest);
    anchor = seal_run(pipeline, home, o.sealing, paths.run_id, code, manifest.exit_signal,
                      manifest_text(manifest), anchor_error);
  } catch (const std::exception& e) {
    // When the log itself failed (disk full), that one line below says it all.
    if (!pipeline.failed()) print_error(fmt::format("cannot write the manifest: {}", e.what()));
    code = exit_code::kCannotRecord;
  }
  if (!anchor_error.empty()) print_error(fmt::format("cannot append the anchor: {}", anchor_error));
  for (const auto& p : end.problems) print_error(p);
  if (pipeline.failed()) {
    print_error(fmt::format("the log could not be written ({}); the program was stopped so that "
                            "it did not run unrecorded; what was written verifies up to there",
                            pipeline.failure_message()));
    return exit_code::kCannotRecord;
  }
  if (!o.quiet) {
    // A partial log says so where it is announced.
    const std::string partial = o.selection ? fmt::format(" (only --trace {})", o.selection->spec()) : "";
    fmt::print(stderr, "capsule: run {} exited {} \u00b7 {} syscalls{} \u00b7 {}\n", paths.run_id, code,
               manifest.syscalls, partial, paths.log_dir.string());
    if (anchor) fmt::print(stderr, "capsule: anchor {}\n", *anchor);
  }
  return report_findings(o, pipeline, code);
}

// --backend strace: strace traces, capsule records. The program is strace's child, so the enricher
// is seeded from /proc of strace's process before it execs (what the program inherits), under
// the program's pid once the first event names it.
int run_with_strace(const RunOptions& o, const std::filesystem::path& home) {
  const ProgramLookup strace = find_program("strace");
  if (strace.error != 0) {
    print_error("strace not found: install the strace package");
    return exit_code::kCannotRecord;
  }
  const int64_t start_us = wall_us();
  RunPaths paths;
  std::unique_ptr<RecordingPipeline> pipeline = open_run(o, home, start_us, std::nullopt, paths);
  if (!pipeline) return exit_code::kCannotRecord;
  Manifest manifest = start_manifest(o, paths, start_us);
  record_selection(o, "strace --seccomp-bpf", manifest);
  write_manifest(paths.log_dir, manifest);

  TerminationRequest term;
  SignalWatcher watcher(term, static_cast<pid_t>(::syscall(SYS_gettid)));
  StraceLaunch launch{strace.path, o.command, o.string_limit, std::nullopt, paths.log_dir / "parse_errors.log",
                      static_cast<int64_t>(o.kill_after_s * 1000), std::nullopt};
  if (o.selection) launch.trace_filter = o.selection->strace_expression();
  if (o.timeout_s > 0) launch.timeout_ms = static_cast<int64_t>(o.timeout_s * 1000);
  std::optional<ProcessSnapshot> inherited;
  bool pipeline_started = false;
  StraceHooks hooks;
  hooks.before_exec = [&](pid_t strace_pid) { inherited = read_proc_snapshot(strace_pid); };
  hooks.before_first_event = [&](int32_t program_pid, pid_t strace_pid) {
    if (inherited) {
      inherited->pid = program_pid;
      inherited->ppid = strace_pid;
      pipeline->enricher().seed(*inherited);
    }
    pipeline->start();
    pipeline_started = true;
  };
  StraceResult result;
  try {
    result = StraceBackend(launch, *pipeline, term, hooks).run();
  } catch (const std::system_error& e) {
    print_error(fmt::format("cannot start strace: {}", e.what()));
    return exit_code::kCannotRecord;
  }
  if (!pipeline_started) pipeline->start();  // no event at all: the run is still sealed empty
  pipeline->finish();

  int code = result.exit_code;
  if (result.exec_errno) code = *result.exec_errno == ENOENT ? exit_code::kNotFound : exit_code::kCannotExecute;
  if (result.strace_spawn_errno != 0 || result.strace_failed) code = exit_code::kCannotRecord;
  manifest.extra.emplace_back("parse_errors", std::to_string(result.parse_errors));
  RunEnd end{code, result.signal, result.processes, {}};
  if (result.strace_spawn_errno != 0) {
    end.problems.push_back(fmt::format("cannot run {}: {}", strace.path, std::strerror(result.strace_spawn_errno)));
  } else if (result.strace_failed) {
    end.problems.push_back(fmt::format("strace could not trace {} (strace exited with {}; its message is above)",
                                       o.command.front(), *result.strace_failed));
  } else if (result.exec_errno) {
    end.problems.push_back(fmt::format("{}: {}", o.command.front(), std::strerror(*result.exec_errno)));
  }
  if (!result.parse_errors_problem.empty()) end.problems.push_back(result.parse_errors_problem);
  return finish_run(o, home, paths, *pipeline, manifest, end);
}

int run(RunOptions& o) {
  if (o.command.empty()) {
    print_error("run: no program given (usage: capsule run [OPTIONS] -- PROGRAM [ARGS...])");
    return exit_code::kUsage;
  }
  if (o.command.front().empty()) {
    print_error("run: the program name is empty");
    return exit_code::kUsage;
  }
  // The rules are checked before anything runs: a mistake in them is a usage error, not a run
  // recorded without detection.
  try {
    o.rules = std::make_shared<const std::vector<Rule>>(load_rules(o.rule_files).rules());
  } catch (const RuleError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  if (!o.trace_spec.empty()) {
    try {
      o.selection = TraceSelection::parse(o.trace_spec);
    } catch (const std::invalid_argument& e) {
      print_error(fmt::format("--trace: {}", e.what()));
      return exit_code::kUsage;
    }
  }
  const std::filesystem::path home = resolve_home(o.home.home);
  try {
    prepare_home(home);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }

  const ProgramLookup prog = find_program(o.command.front());
  if (prog.error == ENOENT) {
    print_error(fmt::format("{}: command not found", o.command.front()));
    return exit_code::kNotFound;
  }
  if (prog.error != 0) {
    print_error(fmt::format("{}: {}", o.command.front(), std::strerror(prog.error)));
    return exit_code::kCannotExecute;
  }

  // --policy is read and compiled before anything runs: a bad profile runs nothing.
  std::optional<LoadedPolicy> policy;
  if (!o.policy.empty()) {
    if (o.backend == "strace") {
      print_error("--policy needs the ptrace backend (strace installs no capsule filter)");
      return exit_code::kUsage;
    }
    try {
      policy = load_policy_file(o.policy);
    } catch (const ProfileError& e) {
      print_error(e.what());
      return exit_code::kUsage;
    }
    for (const auto& w : policy->warnings) print_error(fmt::format("{}: {}", o.policy, w));
  }

  // Signals are routed before any thread exists, so that every thread inherits the mask.
  block_capsule_signals();
  if (o.backend == "strace") return run_with_strace(o, home);

  // The tracer (this thread) takes one CPU and the program, forked from it, inherits it.
  CpuPlacement placement;
  placement.pin_tracer_thread();

  const int64_t start_us = wall_us();
  RunPaths paths;
  std::unique_ptr<RecordingPipeline> pipeline = open_run(o, home, start_us, placement.pipeline_cpus(), paths);
  if (!pipeline) return exit_code::kCannotRecord;
  Manifest manifest = start_manifest(o, paths, start_us);
  write_manifest(paths.log_dir, manifest);

  TerminationRequest term;
  SignalWatcher watcher(term, static_cast<pid_t>(::syscall(SYS_gettid)));

  TraceOptions topts;
  topts.decode.string_limit = o.string_limit;
  topts.placement = &placement;
  topts.kill_after_ms = static_cast<int64_t>(o.kill_after_s * 1000);
  if (o.timeout_s > 0) topts.timeout_ms = static_cast<int64_t>(o.timeout_s * 1000);

  LaunchRequest launch{prog.path, o.command, PtraceTracer::ptrace_options(), {}, false};
  try {
    launch.seccomp_filters.push_back(build_escape_guard().insns);
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot build the seccomp filter: {}", e.what()));
    return exit_code::kCannotRecord;
  }
  launch.no_new_privs = !have_cap_sys_admin();
  manifest.seccomp_mode = seccomp_mode_name(launch.no_new_privs ? SeccompMode::NoNewPrivs : SeccompMode::CapSysAdmin);
  if (policy) {
    launch.seccomp_filters.push_back(policy->program.insns);
    auto verdicts = std::make_shared<const PolicyVerdicts>(std::vector<BpfProgram>{policy->program});
    topts.refused_by_policy = [verdicts](const RawSyscall& c) { return verdicts->refuses(c.arch, c.nr, c.args); };
    manifest.extra.emplace_back("policy", nlohmann::json(std::filesystem::absolute(o.policy).string()).dump());
  }
  if (o.selection) {
    const TraceSelection sel = *o.selection;
    topts.records = [sel](std::string_view name) { return sel.includes(name); };
    if (policy) {
      // A policy's refusals (SECCOMP_RET_ERRNO, KILL) take precedence over SECCOMP_RET_TRACE: under
      // a pre-filter its denied calls would never reach the log. So every call stops, and the
      // tracer leaves the unselected ones out.
      record_selection(o, "ptrace (every call stops: --policy refusals would hide calls from a pre-filter)", manifest);
    } else {
      try {
        launch.seccomp_filters.push_back(build_trace_filter(sel).insns);
      } catch (const std::exception& e) {
        print_error(fmt::format("cannot build the --trace filter: {}", e.what()));
        return exit_code::kCannotRecord;
      }
      topts.seccomp_stops_only = true;
      record_selection(o, "seccomp pre-filter", manifest);
    }
  }

  LaunchedChild child;
  try {
    child = launch_stopped(launch);
  } catch (const std::system_error& e) {
    print_error(fmt::format("cannot start {}: {}", o.command.front(), e.what()));
    return exit_code::kCannotRecord;
  }
  // The program is stopped before its execve: what it inherits (fds, cwd, identity) is read once.
  if (auto snap = read_proc_snapshot(child.pid)) pipeline->enricher().seed(*snap);
  pipeline->start();

  PtraceTracer tracer(topts, *pipeline, term);
  const TraceResult result = tracer.run(child);
  pipeline->finish();
  const LaunchFailure launch_failure = read_launch_failure(child);

  int code = result.exit_code;
  if (launch_failure.stage == LaunchFailure::Seccomp) code = exit_code::kCannotRecord;
  RunEnd end{code, result.signal, result.processes, {}};
  if (launch_failure.stage == LaunchFailure::Exec) {
    end.problems.push_back(fmt::format("{}: {}", o.command.front(), std::strerror(launch_failure.err)));
  } else if (launch_failure.stage == LaunchFailure::Seccomp) {
    end.problems.push_back(fmt::format("cannot install the seccomp filter: {}", std::strerror(launch_failure.err)));
  }
  return finish_run(o, home, paths, *pipeline, manifest, end);
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Run a program and record every system call it and its children make");
  sub->alias("trace");
  sub->add_option("--home", opts->home.home, "Where runs are kept (default: $CAPSULE_HOME or ~/.capsule)");
  sub->add_flag("-q,--quiet", opts->quiet, "Print nothing of capsule's own at the end");
  sub->add_option("--string-limit", opts->string_limit, "Bytes of each string or buffer to record")
      ->default_val(1000)->check(CLI::Range(size_t{1}, size_t{1} << 20));
  sub->add_option("--kill-after", opts->kill_after_s,
                  "Seconds between SIGTERM and SIGKILL when capsule ends the program")
      ->default_val(5.0)->check(finite_number())->check(CLI::Range(0.0, 3600.0));
  sub->add_option("--backend", opts->backend,
                  "Who traces: ptrace (capsule's own tracer) or strace (strace traces, capsule records)")
      ->default_val("ptrace")->check(CLI::IsMember({"ptrace", "strace"}));
  sub->add_option("--window-ms", opts->window_ms,
                  "actions.jsonl: calls of one process on one target this close together are one action")
      ->default_val(100)->check(CLI::Range(int64_t{0}, int64_t{3600000}));
  sub->add_option("--policy", opts->policy,
                  "Enforce this seccomp profile (Docker/OCI JSON, e.g. from `capsule profile`); ptrace backend only");
  sub->add_option("--trace", opts->trace_spec,
                  fmt::format("Record only these syscalls: a comma list of classes ({}) and syscall names, "
                              "or ! and a list for all but those; a seccomp pre-filter keeps the others "
                              "from stopping the program. Calls that change process context (fork, exec, "
                              "exit, chdir, identity, fds) are always recorded; the manifest says the log "
                              "is partial",
                              fmt::join(TraceSelection::class_names(), ", ")));
  sub->add_option("--timeout", opts->timeout_s, "End the program (SIGTERM, then SIGKILL) after this many seconds")
      ->check(finite_number())->check(CLI::Range(0.0, 1e9));
  add_sealing_options(*sub, opts->sealing);
  sub->add_option("--rules", opts->rule_files,
                  "A rules file (docs/RULES.md) loaded after the defaults; a rule with a default's id "
                  "replaces it (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--fail-on", opts->fail_on,
                  "Exit 4 when a finding of this severity or above was made (info, low, medium, high, "
                  "critical); the program's own non-zero exit code wins")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  // The program and its arguments are split off before parsing (split_program_args): from the
  // program name on, options belong to the program.
  sub->footer("Usage: capsule run [OPTIONS] [--] PROGRAM [ARGS...]\n"
              "PROGRAM starts after -- or at the first word that is not an option of capsule's;\n"
              "from there on every argument is the program's, options included.");
  return {sub, [opts] { return run(*opts); }, &opts->command};
}

}  // namespace capsule
