// capsule run (alias: trace): record a program with the native ptrace backend.
#include <fmt/core.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "enrich/proc_snapshot.h"
#include "log/manifest.h"
#include "log/run_dir.h"
#include "pipeline/recording_pipeline.h"
#include "policy/launch_filter.h"
#include "trace/launcher.h"
#include "trace/program_path.h"
#include "trace/ptrace_tracer.h"
#include "trace/termination.h"
#include "version.h"

namespace capsule {
namespace {

struct RunOptions {
  HomeOption home;
  bool quiet = false;
  size_t string_limit = 1000;
  double kill_after_s = 5.0;
  double timeout_s = 0;
  std::vector<std::string> command;
};

int64_t wall_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

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

Manifest start_manifest(const RunOptions& o, const RunPaths& paths, int64_t start_us) {
  Manifest m;
  m.run_id = paths.run_id;
  m.capsule_version = CAPSULE_VERSION;
  m.backend = "ptrace";
  m.state = "running";
  m.argv = o.command;
  m.command = join_command(o.command);
  std::error_code ec;
  m.cwd = std::filesystem::current_path(ec).string();
  m.start_us = start_us;
  m.seccomp_mode = "none";
  return m;
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

  // Signals are routed before any thread exists, so that every thread inherits the mask.
  block_capsule_signals();

  const int64_t start_us = wall_us();
  RunPaths paths;
  std::unique_ptr<RecordingPipeline> pipeline;
  try {
    paths = create_run(home, start_us);
    pipeline = std::make_unique<RecordingPipeline>(PipelineConfig{paths.log_dir, paths.run_id});
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot create the run directory: {}", e.what()));
    return exit_code::kCannotRecord;
  }
  Manifest manifest = start_manifest(o, paths, start_us);
  write_manifest(paths.log_dir, manifest);

  TerminationRequest term;
  SignalWatcher watcher(term, static_cast<pid_t>(::syscall(SYS_gettid)));

  TraceOptions topts;
  topts.decode.string_limit = o.string_limit;
  topts.kill_after_ms = static_cast<int64_t>(o.kill_after_s * 1000);
  if (o.timeout_s > 0) topts.timeout_ms = static_cast<int64_t>(o.timeout_s * 1000);

  LaunchRequest launch{prog.path, o.command, PtraceTracer::ptrace_options(), {}, false};
  try {
    launch.seccomp_filter = build_escape_guard().insns;
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot build the seccomp filter: {}", e.what()));
    return exit_code::kCannotRecord;
  }
  launch.no_new_privs = !have_cap_sys_admin();
  manifest.seccomp_mode = seccomp_mode_name(launch.no_new_privs ? SeccompMode::NoNewPrivs : SeccompMode::CapSysAdmin);

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
  manifest.state = "complete";
  manifest.end_us = wall_us();
  manifest.exit_code = code;
  if (result.signal) manifest.exit_signal = *result.signal;
  manifest.syscalls = pipeline->syscall_records();
  manifest.processes = result.processes;
  manifest.streams = pipeline->summaries();
  try {
    write_manifest(paths.log_dir, manifest);
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot write the manifest: {}", e.what()));
    code = exit_code::kCannotRecord;
  }

  if (launch_failure.stage == LaunchFailure::Exec) {
    print_error(fmt::format("{}: {}", o.command.front(), std::strerror(launch_failure.err)));
  } else if (launch_failure.stage == LaunchFailure::Seccomp) {
    print_error(fmt::format("cannot install the seccomp filter: {}", std::strerror(launch_failure.err)));
  }
  if (pipeline->failed()) {
    print_error(fmt::format("the log could not be written ({}); the program was stopped so that "
                            "it did not run unrecorded; what was written verifies up to there",
                            pipeline->failure_message()));
    return exit_code::kCannotRecord;
  }
  if (!o.quiet) {
    fmt::print(stderr, "capsule: run {} exited {} \u00b7 {} syscalls \u00b7 {}\n", paths.run_id, code,
               manifest.syscalls, paths.log_dir.string());
  }
  return code;
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
      ->default_val(5.0)->check(CLI::Range(0.0, 3600.0));
  sub->add_option("--timeout", opts->timeout_s, "End the program (SIGTERM, then SIGKILL) after this many seconds")
      ->check(CLI::Range(0.0, 1e9));
  // The program and its arguments are split off before parsing (split_program_args): from the
  // program name on, options belong to the program.
  sub->footer("Usage: capsule run [OPTIONS] [--] PROGRAM [ARGS...]\n"
              "PROGRAM starts after -- or at the first word that is not an option of capsule's;\n"
              "from there on every argument is the program's, options included.");
  return {sub, [opts] { return run(*opts); }, &opts->command};
}

}  // namespace capsule
