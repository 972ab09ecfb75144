// capsule run (alias: trace): record a program with a backend from the registry (--backend,
// trace/backend_registry.h) into a RunSession (run_session.h).
#include <fmt/core.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <filesystem>
#include <optional>
#include <system_error>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/compact_command.h"
#include "cli/prune_command.h"
#include "cli/run_redaction.h"
#include "cli/summary_json.h"
#include "cli/run_sealing.h"
#include "cli/run_session.h"
#include "detect/finding_summary.h"
#include "detect/rule_book.h"
#include "log/rundir/manifest.h"
#include "log/rundir/process_instance.h"
#include "log/rundir/run_dir.h"
#include "pipeline/recording_pipeline.h"
#include "cli/policy_report.h"
#include "policy/policy_evaluator.h"
#include "policy/policy_file.h"
#include "policy/seccomp_profile.h"
#include "policy/trace_selection.h"
#include "enrich/proc_snapshot.h"
#include "trace/attach_target.h"
#include "trace/backend.h"
#include "trace/backend_registry.h"
#include "trace/program_path.h"
#include "trace/termination.h"

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
  std::string backend{kAutoBackend};  // --backend NAME (trace/backend_registry.cpp); auto: ebpf where it loads
  std::string backend_choice;      // --backend auto: why the backend chosen was (else empty)
  std::string policy;              // --policy FILE: a seccomp profile to enforce (a backend that enforces)
  bool best_effort = false;        // --best-effort: enforce what the kernel can of --policy
  std::string policy_enforced;     // what of --policy holds: "seccomp, landlock fs ABI 7, landlock net"
  std::string policy_mode = "enforce";  // --policy-mode: enforce, or complain (refuse nothing, list)
  // complain: the policy the run is judged against at its end (nothing of it is installed).
  std::shared_ptr<const PolicyEvaluator> complain;
  std::string trace_spec;          // --trace SPEC (or -e trace=SPEC): record only these calls
  int strace_follow = 0;           // -f / -ff: strace's habit, nothing to do (always on)
  bool allow_outside_tree = false; // --allow-outside-tree
  bool allow_io_uring = false;     // --allow-io-uring
  std::optional<TraceSelection> selection;  // parsed from trace_spec before anything runs
  SealingOptions sealing;
  std::optional<Compression> compression;      // --compress (not given: the home's default)
  std::vector<std::string> rule_files;        // --rules FILE (repeatable), after the defaults
  std::string redact = kDefaultRedactMode;    // --redact MODE
  std::string summary_json;                   // --summary-json FILE
  std::optional<std::string> fail_on;         // --fail-on SEVERITY
  std::shared_ptr<const std::vector<Rule>> rules;  // loaded before anything runs
  std::vector<std::string> command;
  int attach_pid = 0;  // `capsule attach PID` / `run -p PID`: record this running process instead
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
    for (const auto& line : finding_summary_lines(tally)) print_error(line);
  }
  if (code == 0 && o.fail_on) {
    const auto threshold = parse_severity(*o.fail_on);
    if (threshold && tally.at_least(*threshold) > 0) return exit_code::kFindings;
  }
  return code;
}

// capsule's exit code for how the program ended: its own, unless the backend says otherwise.
int exit_code_of(const BackendOutcome& out) {
  switch (out.failure) {
    case BackendOutcome::Failure::None: return out.exit_code;
    case BackendOutcome::Failure::ProgramNotFound: return exit_code::kNotFound;
    case BackendOutcome::Failure::ProgramNotExecutable: return exit_code::kCannotExecute;
    case BackendOutcome::Failure::CannotRecord: return exit_code::kCannotRecord;
  }
  return exit_code::kCannotRecord;
}

// The backends that have a capability, for the help and refusals of the options that need it:
// "ptrace" or "a or b".
std::string backends_with(bool BackendCapabilities::*capability) {
  std::vector<std::string> names;
  for (const auto& b : all_backends()) {
    if (b->capabilities().*capability) names.emplace_back(b->name());
  }
  return fmt::format("{}", fmt::join(names, " or "));
}

std::string enforcing_backends() { return backends_with(&BackendCapabilities::enforces_policy); }

// --backend's help: every registered backend and who traces in it.
std::string backend_help() {
  std::vector<std::string> entries;
  for (const auto& b : all_backends()) entries.push_back(fmt::format("{} ({})", b->name(), b->summary()));
  std::string list = entries.empty() ? "" : entries.back();
  if (entries.size() > 1) {
    entries.pop_back();
    list = fmt::format("{} or {}", fmt::join(entries, ", "), list);
  }
  return fmt::format("Who traces: {}; or {} (the default): ebpf where it can load, else ptrace (with an enforced "
                     "--policy, and for attach: ptrace)",
                     list, kAutoBackend);
}

// What the manifest says about the program before it runs; the backend adds its part.
void describe_program(const RunOptions& o, Manifest& m, int64_t start_us) {
  m.argv = o.command;
  std::error_code ec;
  m.cwd = std::filesystem::current_path(ec).string();
  if (o.attach_pid > 0) {  // the process's own command line and directory, as /proc shows them
    const auto snap = read_proc_snapshot(o.attach_pid);
    m.argv = snap && snap->argv ? *snap->argv : std::vector<std::string>{};
    m.cwd = snap && snap->cwd ? *snap->cwd : "";
  }
  m.command = join_command(m.argv);
  m.start_us = start_us;
  m.capsule_pid = static_cast<int>(::getpid());
  m.capsule_instance = process_instance_token(::getpid());
}

// The end of every run, whichever backend: how it ended into the manifest, the session's seal and
// anchor, the summary line and the findings.
int finish_run(const RunOptions& o, RunSession& session, const BackendOutcome& out) {
  int code = exit_code_of(out);
  Manifest& manifest = session.manifest();
  manifest.end_us = wall_clock_us();
  manifest.exit_code = code;
  if (out.signal) manifest.exit_signal = *out.signal;
  manifest.processes = out.processes;
  for (const auto& extra : out.manifest_extra) manifest.extra.push_back(extra);
  if (!out.incomplete.empty()) manifest.extra.emplace_back("incomplete", nlohmann::json(out.incomplete).dump());
  {
    // capsule's own peak memory (not the program's), for the benchmark's memory target.
    rusage self{};
    getrusage(RUSAGE_SELF, &self);
    manifest.extra.emplace_back("capsule_max_rss_kb", std::to_string(self.ru_maxrss));
    // And its own CPU time so far, every thread's (RUSAGE_SELF leaves out the traced processes).
    const auto ms = [](const timeval& t) { return static_cast<int64_t>(t.tv_sec) * 1000 + t.tv_usec / 1000; };
    manifest.extra.emplace_back("capsule_cpu_ms", nlohmann::json{{"user", ms(self.ru_utime)}, {"system", ms(self.ru_stime)}}.dump());
  }
  manifest.extra.emplace_back("enricher_proc_reads", std::to_string(session.pipeline().enricher().proc_reads()));
  const auto policy_denials = session.pipeline().policy_denials();
  if (!policy_denials.empty()) {
    nlohmann::ordered_json by_call = nlohmann::ordered_json::object();
    for (const auto& [name, n] : policy_denials) by_call[name] = n;
    manifest.extra.emplace_back("policy_denied", by_call.dump());
  }
  // Complain mode: every call was judged as it was recorded (RecordingPipeline::judge_against),
  // by the same evaluator as `capsule policy check`.
  const PolicyCheck& complained = session.pipeline().complained();
  if (o.complain) manifest.extra.emplace_back("policy_would_deny", by_call_json(complained.ranked()));
  const std::optional<int> closed = session.close(code, out.problems);
  if (!closed) return exit_code::kCannotRecord;
  code = *closed;
  if (!o.quiet) {
    // A partial log says so where it is announced.
    std::string partial = o.selection ? fmt::format(" (only --trace {})", o.selection->spec()) : "";
    if (!out.incomplete.empty()) partial += " \u00b7 INCOMPLETE";
    partial += session.incomplete_note();
    // A detached process runs on: the run has no exit of its own to tell.
    const std::string ended = out.detached ? fmt::format("detached from {} (it runs on)", o.attach_pid)
                                           : fmt::format("exited {}", code);
    print_error(fmt::format("run {} {} \u00b7 {} syscalls{} \u00b7 {}", session.paths().run_id, ended,
                            manifest.syscalls, partial, session.paths().log_dir.string()));
    for (const auto& why : out.incomplete) print_error("the record is incomplete: " + why);
    if (!o.backend_choice.empty()) {
      print_error(fmt::format("backend {} (--backend auto: {})", manifest.backend, o.backend_choice));
    }
    if (session.anchor()) print_error(fmt::format("anchor {}", *session.anchor()));
    if (!o.policy_enforced.empty()) print_error("policy enforced: " + o.policy_enforced);
    std::vector<std::string> summary{"capsule", "summary"};
    if (o.home.home) summary.insert(summary.end(), {"--home", *o.home.home});
    summary.insert(summary.end(), {"--run", session.paths().run_id.substr(0, 8)});
    print_error("what it did: " + join_command(summary));
    if (!policy_denials.empty()) print_error(policy_denial_line("denied", policy_denials));
    if (o.complain) {
      print_error(complained.total == 0 ? std::string("policy (complain) would deny nothing")
                                        : policy_denial_line("(complain) would deny", complained.ranked()));
    }
  }
  if (!o.summary_json.empty()) {
    RunSummaryFacts facts{manifest, session.paths().log_dir, session.pipeline().findings(),
                          session.pipeline().denied_records(), session.pipeline().sealed(), out.incomplete,
                          policy_denials, o.complain ? &complained : nullptr};
    if (const uint64_t n = session.pipeline().unreadable_records(); n > 0) {
      facts.incomplete.push_back(fmt::format("{} records with unreadable memory", n));
    }
    try {
      write_summary_json(o.summary_json, facts);
    } catch (const std::exception& e) {
      print_error(fmt::format("--summary-json: {}", e.what()));
    }
  }
  return report_findings(o, session.pipeline(), code);
}

// The Landlock part of --policy made into a ruleset for this kernel, before anything runs: where
// the kernel or the backend cannot enforce all of it, nothing runs (exit 5) unless --best-effort.
// Sets o.policy_enforced to what will hold.
int prepare_landlock(RunOptions& o, const Backend& backend, LoadedPolicy& policy) {
  o.policy_enforced = "seccomp";
  if (!policy.landlock) return exit_code::kOk;
  std::string why;
  int abi = landlock_kernel_abi(why);
  if (!backend.capabilities().enforces_landlock) {
    abi = 0;
    why = fmt::format("the {} backend does not enforce Landlock rules", backend.name());
  }
  try {
    auto enforced = std::make_shared<LandlockEnforcement>(build_landlock(*policy.landlock, abi, why, o.best_effort));
    for (const auto& w : enforced->warnings) print_error(fmt::format("{}: {}", o.policy, w));
    if (enforced->fs) o.policy_enforced += ", " + landlock_enforced_text(*enforced);
    else o.policy_enforced += " (no landlock: --best-effort)";
    policy.landlock_enforced = std::move(enforced);
  } catch (const LandlockUnavailable& e) {
    print_error(fmt::format("{}: {}; nothing ran (--best-effort runs with what the kernel enforces)", o.policy, e.what()));
    return exit_code::kPolicyUnenforceable;
  } catch (const std::exception& e) {
    print_error(fmt::format("{}: cannot build the Landlock ruleset: {}", o.policy, e.what()));
    return exit_code::kCannotRecord;
  }
  return exit_code::kOk;
}

// The run itself, once everything the user gave is checked: the backend prepared, the session
// opened around it, the program recorded, the session closed.
int record(RunOptions& o, std::unique_ptr<Backend>& chosen, BackendRequest request, const std::filesystem::path& home) {
  try {
    try {
      chosen->prepare(request);
    } catch (const BackendUnavailable& e) {
      // --backend auto: ebpf where its programs load. A kernel that refuses them (its verifier, a
      // lockdown, a container's seccomp filter on bpf()) gives ptrace, and the run says why.
      if (o.backend != kAutoBackend || o.attach_pid != 0) throw;
      o.backend_choice = fmt::format("the eBPF backend did not load here ({}), so ptrace", e.what());
      chosen = make_backend("ptrace");
      chosen->prepare(std::move(request));
    }
  } catch (const BackendError& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  Backend& backend = *chosen;
  // retention.conf: old runs compacted, then its limits (by the compacted sizes), before this
  // run adds to the home
  const std::optional<RetentionLimits> settings = home_retention_settings(home);
  if (settings) {
    compact_by_config(home, *settings, o.quiet, kRunStartCompactBudgetMs);
    prune_by_config(home, *settings, o.quiet);
  }
  RunSessionOptions so;
  so.home = home;
  so.sealing = o.sealing;
  so.backend = std::string(backend.name());
  so.action_window_us = o.window_ms * 1000;
  so.compression = home_compression(settings, o.compression);
  so.rules = o.rules;
  so.pipeline_cpus = backend.pipeline_cpus();
  so.redact = o.redact;
  so.redact_own_environment = o.attach_pid == 0;  // an attached process has its own environment
  std::unique_ptr<RunSession> session = RunSession::open(std::move(so));
  if (!session) return exit_code::kCannotRecord;
  describe_program(o, session->manifest(), session->start_us());
  backend.describe(session->manifest());
  if (!o.backend_choice.empty()) {
    session->manifest().extra.emplace_back(
        "backend_choice", nlohmann::json{{"requested", kAutoBackend}, {"why", o.backend_choice}}.dump());
  }
  if (!o.policy_enforced.empty()) {
    session->manifest().extra.emplace_back("policy_enforced", nlohmann::json(o.policy_enforced).dump());
    session->manifest().extra.emplace_back("policy_mode", nlohmann::json(o.policy_mode).dump());
  }
  if (o.complain) {  // the ptrace backend names an enforced policy itself (describe)
    session->manifest().extra.emplace_back("policy",
                                           nlohmann::json(std::filesystem::absolute(o.policy).string()).dump());
    session->pipeline().judge_against(o.complain, session->manifest().cwd);
  }
  session->write_running_manifest();

  TerminationRequest term;
  SignalWatcher watcher(term, static_cast<pid_t>(::syscall(SYS_gettid)));
  BackendOutcome out;
  try {
    out = backend.run(*session, term);
  } catch (const BackendError& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  session->end_recording();
  return finish_run(o, *session, out);
}

// What `attach PID` / `run -p PID` cannot be given, before anything runs: a program as well, a
// --policy (installed before a program starts, never into a running one). The pid itself is
// checked once the backend is known to attach (attach_target_problem).
int check_attach(const RunOptions& o) {
  if (!o.command.empty()) {
    print_error(fmt::format("-p {}: a program to start and a process to attach to exclude each other", o.attach_pid));
    return exit_code::kUsage;
  }
  if (!o.policy.empty()) {
    print_error("attach: --policy cannot be enforced on a process that is already running (its filters are "
                "installed before the program starts)");
    return exit_code::kUsage;
  }
  return exit_code::kOk;
}

// The backend for an attach: --backend auto takes the first that can attach, ptrace: it loses
// nothing (the process waits for capsule at each call) and needs no privilege for the user's own
// processes, where the eBPF attach cannot pause a process it did not start (docs/SECURITY.md). One
// that cannot attach is refused with its reason. nullptr when refused (said).
std::unique_ptr<Backend> attach_backend(RunOptions& o) {
  if (o.backend == kAutoBackend) {
    for (auto& b : all_backends()) {
      if (b->capabilities().can_attach) {
        o.backend_choice = fmt::format("attach: the {} backend, which loses nothing (--backend ebpf does not stop "
                                       "the process at each call, and cannot pause it)",
                                       b->name());
        return std::move(b);
      }
    }
  }
  std::unique_ptr<Backend> backend = make_backend(o.backend);
  if (backend && !backend->capabilities().can_attach) {
    print_error(fmt::format("attach is not supported with --backend {}: {}", backend->name(), backend->why_no_attach()));
    return nullptr;
  }
  return backend;
}

int run(RunOptions& o) {
  if (o.attach_pid != 0) {
    if (const int code = check_attach(o); code != exit_code::kOk) return code;
  } else if (o.command.empty()) {
    print_error("run: no program given (usage: capsule run [OPTIONS] -- PROGRAM [ARGS...])");
    return exit_code::kUsage;
  } else if (o.command.front().empty()) {
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
  std::unique_ptr<Backend> backend;
  if (o.attach_pid != 0) {
    backend = attach_backend(o);
    if (!backend) return exit_code::kUsage;
    if (const std::string why = attach_target_problem(o.attach_pid); !why.empty()) {
      print_error(fmt::format("attach: {}", why));
      return exit_code::kUsage;
    }
  } else if (o.backend == kAutoBackend && !o.policy.empty() && o.policy_mode == "enforce") {
    // auto with a policy to enforce: the first backend that enforces one (ptrace), whatever else
    // loads (eBPF observes calls, and cannot refuse one before it runs).
    for (auto& b : all_backends()) {
      const BackendCapabilities c = b->capabilities();
      if (!c.enforces_policy || !c.enforces_landlock || !c.checks_egress) continue;
      o.backend_choice = fmt::format("--policy: the {} backend enforces it", b->name());
      backend = std::move(b);
      break;
    }
  } else {
    BackendChoice choice = choose_backend(o.backend);
    backend = std::move(choice.backend);
    o.backend_choice = std::move(choice.why);
  }
  if (!backend) {  // --backend checks the name against the registry: only a default can miss
    print_error(fmt::format("--backend {}: no such backend", o.backend));
    return exit_code::kUsage;
  }
  const std::filesystem::path home = resolve_home(o.home.home);
  try {
    prepare_home(home);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }

  BackendRequest request;
  if (o.attach_pid != 0) {
    request.attach_pid = o.attach_pid;
  } else {
    const ProgramLookup prog = find_program(o.command.front());
    if (prog.error == ENOENT) {
      print_error(fmt::format("{}: command not found", o.command.front()));
      return exit_code::kNotFound;
    }
    if (prog.error != 0) {
      print_error(fmt::format("{}: {}", o.command.front(), std::strerror(prog.error)));
      return exit_code::kCannotExecute;
    }
    request.program_path = prog.path;
  }
  request.argv = o.command;
  request.string_limit = o.string_limit;
  request.kill_after_ms = static_cast<int64_t>(o.kill_after_s * 1000);
  if (o.timeout_s > 0) request.timeout_ms = static_cast<int64_t>(o.timeout_s * 1000);
  request.selection = o.selection;
  request.allow_outside_tree = o.allow_outside_tree;
  request.allow_io_uring = o.allow_io_uring;
  if (o.policy_mode == "complain" && o.policy.empty()) {
    print_error("--policy-mode complain needs --policy FILE");
    return exit_code::kUsage;
  }
  // Complain mode: the policy is read and checked as for enforcing, and nothing of it installed;
  // the run is judged against it at its end (any backend: the record is what is judged).
  if (o.policy_mode == "complain") {
    try {
      const LoadedPolicy loaded = load_policy_file(o.policy);
      for (const auto& w : loaded.warnings) print_error(fmt::format("{}: {}", o.policy, w));
      o.complain = std::make_shared<const PolicyEvaluator>(loaded);
    } catch (const ProfileError& e) {
      print_error(e.what());
      return exit_code::kUsage;
    }
    o.policy_enforced = "nothing (--policy-mode complain)";
  } else if (!o.policy.empty()) {  // read and compiled before anything runs: a bad profile runs nothing

    try {
      request.policy = load_policy_file(o.policy);
    } catch (const ProfileError& e) {
      print_error(e.what());
      return exit_code::kUsage;
    }
    if (request.policy->egress && !backend->capabilities().checks_egress) {
      print_error(fmt::format("--policy {}: its egress allow-list needs the {} backend ({} observes calls and "
                              "cannot refuse one before it runs)",
                              o.policy, backends_with(&BackendCapabilities::checks_egress), backend->name()));
      return exit_code::kUsage;
    }
    if (!backend->capabilities().enforces_policy) {
      print_error(fmt::format("--policy needs the {} backend ({} installs no capsule filter)", enforcing_backends(),
                              backend->name()));
      return exit_code::kUsage;
    }
    for (const auto& w : request.policy->warnings) print_error(fmt::format("{}: {}", o.policy, w));
    request.policy_file = o.policy;
    if (const int code = prepare_landlock(o, *backend, *request.policy); code != exit_code::kOk) return code;
    if (request.policy->egress) o.policy_enforced += ", egress";  // the tracer's check (egress_guard.h)
  }

  // The signals were blocked first thing (cli_main), before any thread exists, so that every
  // thread inherits the mask.
  return record(o, backend, std::move(request), home);
}

constexpr std::string_view kStraceTraceQualifier = "trace=";

// The options of `run` and `attach`, in one place; `launches`: run's, which starts the program
// (and may end it, enforce a policy on it, refuse it things).
void add_recording_options(CLI::App* sub, const std::shared_ptr<RunOptions>& opts, bool launches) {
  add_home_option(*sub, opts->home);
  sub->add_flag("-q,--quiet", opts->quiet, "Print nothing of capsule's own at the end");
  sub->add_option("-s,--string-limit", opts->string_limit, "Bytes of each string or buffer to record (strace's -s)")
      ->default_val(1000)->check(CLI::Range(size_t{1}, size_t{1} << 20));
  if (launches) {
    sub->add_option("--kill-after", opts->kill_after_s,
                    "Seconds between SIGTERM and SIGKILL when capsule ends the program")
        ->default_val(5.0)->check(finite_number())->check(CLI::Range(0.0, 3600.0));
  }
  sub->add_option("--backend", opts->backend, backend_help())
      ->default_val(opts->backend)->check(CLI::IsMember(backend_options()));
  sub->add_option("--window-ms", opts->window_ms,
                  "actions.jsonl: calls of one process on one target this close together are one action")
      ->default_val(100)->check(CLI::Range(int64_t{0}, int64_t{3600000}));
  add_compress_option(*sub, opts->compression);
  if (launches) {
  sub->add_option("--policy", opts->policy,
                  fmt::format("Enforce this policy (from `capsule profile`: seccomp, Landlock file and TCP port "
                              "rules, egress destinations; or a Docker/OCI seccomp profile); {} backend only "
                              "(--backend auto picks it)",
                              enforcing_backends()));
  sub->add_option("--policy-mode", opts->policy_mode,
                  "With --policy: enforce it, or complain: refuse nothing; every call it would have refused "
                  "is a policy-would-deny finding (one per call), listed at the end, in the manifest's "
                  "policy_would_deny and in --summary-json, judged as `capsule policy check` judges a run")
      ->default_val("enforce")->check(CLI::IsMember({"enforce", "complain"}));
  sub->add_flag("--best-effort", opts->best_effort,
                 "With --policy: where Landlock is missing or older than the policy needs, run with what "
                 "the kernel enforces (said at the end and in the manifest) instead of refusing (exit 5)");
  }
  sub->add_option("--trace", opts->trace_spec,
                  fmt::format("Record only these syscalls: a comma list of classes ({}) and syscall names, "
                              "or ! and a list for all but those; a seccomp pre-filter keeps the others "
                              "from stopping the program. Calls that change process context (fork, exec, "
                              "exit, chdir, identity, fds) are always recorded; the manifest says the log "
                              "is partial",
                              fmt::join(TraceSelection::class_names(), ", ")))
      ->check(non_empty());
  // strace's spellings, where they mean the same thing.
  sub->add_option_function<std::string>(
         "-e", [opts](const std::string& v) { opts->trace_spec = v.substr(kStraceTraceQualifier.size()); },
         "strace's -e trace=SPEC: the same as --trace SPEC (no other -e qualifier is supported)")
      ->type_name("trace=SPEC")
      ->check(CLI::Validator(
          [](std::string& v) {
            return v.size() > kStraceTraceQualifier.size() && v.starts_with(kStraceTraceQualifier)
                       ? std::string()
                       : std::string("only trace=SPEC is supported (capsule records what strace's other -e "
                                     "qualifiers would select or hide; see --trace)");
          },
          "trace=SPEC"));
  sub->add_flag("-f", opts->strace_follow,
                "Accepted for strace's habit and ignored: capsule always follows every child and thread");
  sub->add_option("--timeout", opts->timeout_s,
                  launches ? "End the program (SIGTERM, then SIGKILL) after this many seconds"
                           : "Detach after this many seconds, leaving the process running")
      ->check(finite_number())->check(CLI::Range(0.0, 1e9));
  if (launches) {
  sub->add_flag("--allow-outside-tree", opts->allow_outside_tree,
                "Let the program ptrace, signal, read or write the memory of, or take fds from processes "
                "outside the traced tree, capsule included (refused with EPERM by default; docs/SECURITY.md)");
  sub->add_flag("--allow-io-uring", opts->allow_io_uring,
                "Let io_uring_setup through (refused with ENOSYS by default): what a ring does is not "
                "recorded, and the run is marked incomplete");
  sub->add_option("-p,--pid", opts->attach_pid,
                  "strace's -p PID: record this running process instead of starting a program (the same as "
                  "`capsule attach PID`)")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  }
  add_sealing_options(*sub, opts->sealing);
  add_redact_option(*sub, opts->redact);
  sub->add_option("--summary-json", opts->summary_json,
                  "At the end, write the run's id, directory, exit, counts, findings and denials to this "
                  "file as JSON (docs/FORMAT.md), for scripts")
      ->check(non_empty());
  sub->add_option("--rules", opts->rule_files,
                  "A rules file (docs/RULES.md) loaded after the defaults; a rule with a default's id "
                  "replaces it (repeatable)")
      ->allow_extra_args(false);
  sub->add_option("--fail-on", opts->fail_on,
                  "Exit 4 when a finding of this severity or above was made (info, low, medium, high, "
                  "critical); the program's own non-zero exit code wins")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand("run", "Run a program and record every system call it and its children make");
  sub->alias("trace");
  add_recording_options(sub, opts, true);
  // The program and its arguments are split off before parsing (split_program_args): from the
  // program name on, options belong to the program.
  sub->footer("Usage: capsule run [OPTIONS] [--] PROGRAM [ARGS...]\n"
              "PROGRAM starts after -- or at the first word that is not an option of capsule's;\n"
              "from there on every argument is the program's, options included.");
  return {sub, [opts] { return run(*opts); }, &opts->command};
}

Command add_attach_command(CLI::App& app) {
  auto opts = std::make_shared<RunOptions>();
  auto* sub = app.add_subcommand(
      "attach", "Record a running process, its threads and the children it starts from now on, until it ends or "
                "capsule is stopped (Ctrl-C, --timeout), which detaches and leaves it running");
  add_recording_options(sub, opts, false);
  sub->add_option("pid", opts->attach_pid, "The process to record")
      ->required()->check(CLI::Range(1, std::numeric_limits<int>::max()));
  sub->footer("Usage: capsule attach [OPTIONS] PID (or capsule run -p PID)\n"
              "--backend auto (the default) attaches with ptrace: every thread stops at each call, nothing\n"
              "is lost. --backend ebpf (root) puts the pid in the kernel side's map: the process is not\n"
              "stopped or moved, and what the ring has no room for is counted and the run marked incomplete.\n"
              "Exit codes: the process's own when it ends while recorded; 0 when capsule detached;\n"
              "2 no such process (or a thread, capsule, an ancestor); 125 the kernel refuses (another\n"
              "tracer, ptrace_scope, another user's process; ebpf: no privilege to load BPF programs).");
  return {sub, [opts] { return run(*opts); }, nullptr, true};
}

}  // namespace capsule
