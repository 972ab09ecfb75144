// A tracer backend: what records a program's system calls as SyscallEvents for the pipeline. Each
// backend lives in its own folder (ptrace/, strace/) and is one line in backend_registry.cpp;
// `capsule run --backend NAME` finds it there and asks it through this interface only, so what
// the command allows (--policy…) follows from a backend's capabilities, never from its name.
//
// A run calls, in this order: prepare() (nothing exists yet), pipeline_cpus() and describe()
// (while the run directory and its manifest are made), then run().
#pragma once

#include <sched.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "enrich/proc_snapshot.h"
#include "log/rundir/manifest.h"
#include "policy/policy_file.h"
#include "policy/trace_selection.h"
#include "trace/event_sink.h"

namespace capsule {

struct TerminationRequest;  // termination.h

struct BackendCapabilities {
  bool enforces_policy = false;  // installs a --policy seccomp filter and marks the calls it refuses
  bool reads_memory = false;     // reads the program's memory itself (capsule decodes pointer args)
  bool can_attach = false;       // can record a process that is already running
  // restricts the program with a --policy's Landlock part (policy/landlock_ruleset.h) before exec;
  // a backend without it refuses such a policy unless --best-effort
  bool enforces_landlock = false;
  // refuses a --policy's egress destinations at each connect/send's entry (policy/egress_guard.h):
  // only a tracer that holds the call before the kernel runs it can
  bool checks_egress = false;
};

// What `capsule run` asks of a backend, every part checked before anything runs.
struct BackendRequest {
  std::string program_path;                 // where argv[0] was found (find_program)
  std::vector<std::string> argv;            // as the user gave it
  size_t string_limit = 1000;               // bytes of each string or buffer to record
  int64_t kill_after_ms = 5000;             // grace between SIGTERM and SIGKILL
  std::optional<int64_t> timeout_ms;        // end the program after this long
  std::optional<TraceSelection> selection;  // --trace
  std::optional<LoadedPolicy> policy;       // --policy, given only to a backend that enforces
  std::string policy_file;                  // --policy's FILE, for the manifest
  bool allow_outside_tree = false;          // --allow-outside-tree (docs/SECURITY.md)
  bool allow_io_uring = false;              // --allow-io-uring: the run is incomplete
  // `capsule attach PID` / `run -p PID`: record this running process (a backend that can_attach)
  // instead of starting program_path; argv is then what /proc says it runs.
  std::optional<pid_t> attach_pid;
};

// The backend cannot record at all (a tool missing, a filter that cannot be built, a fork that
// failed): its message is the one line the user sees, and capsule exits 125.
class BackendError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The backend cannot work on this machine although everything checked before it held (the kernel
// refused the eBPF programs): --backend auto takes ptrace instead (run_command.cpp). A mistake of
// the user's is a BackendError, which auto reports as any backend does.
class BackendUnavailable : public BackendError {
 public:
  using BackendError::BackendError;
};

// How the program ended, as far as the backend saw it.
struct BackendOutcome {
  // When set, capsule's exit code says this rather than the program's.
  enum class Failure { None, ProgramNotFound, ProgramNotExecutable, CannotRecord };
  int exit_code = 0;                  // the program's code, 128+N for signal N
  std::optional<int> signal;          // the signal that killed the root process
  uint64_t processes = 0;             // processes seen, the root included
  Failure failure = Failure::None;
  std::vector<std::string> problems;  // why the program did not run as asked, one line each
  std::vector<std::pair<std::string, std::string>> manifest_extra;  // counters, name → JSON text
  // What the record knowingly misses, one reason each: the manifest's "incomplete", the summary
  // line and `capsule verify` say so.
  std::vector<std::string> incomplete;
  bool detached = false;  // attached: capsule let go of a process that runs on (exit_code is 0)
};

// The run a backend records into (cli/run_session.h).
class RunRecorder {
 public:
  virtual ~RunRecorder() = default;
  virtual EventSink& sink() = 0;
  // Called once, before the first event: the pipeline starts, its process and fd tables seeded
  // with what the program inherits (fds, cwd, identity) when the backend could read that.
  virtual void begin(std::optional<ProcessSnapshot> inherited) = 0;
  // The run directory, for a backend's own files.
  virtual const std::filesystem::path& run_dir() const = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;     // --backend NAME and the manifest's "backend"
  virtual std::string_view summary() const = 0;  // who traces, for --help
  virtual BackendCapabilities capabilities() const = 0;
  // Without can_attach: why `capsule attach` cannot use this backend, for its refusal.
  virtual std::string_view why_no_attach() const { return "it records only a program it starts"; }

  // Before the run directory exists, on the thread that will call run(): everything that can
  // fail without the program having run, and where threads go. Throws BackendError.
  virtual void prepare(BackendRequest request) = 0;
  // Where the pipeline thread should run; nullopt: anywhere.
  virtual std::optional<cpu_set_t> pipeline_cpus() const { return std::nullopt; }
  // The backend's part of the manifest, known before the run (seccomp_mode, what --trace
  // selects and how, the policy).
  virtual void describe(Manifest& m) const = 0;
  // Runs the program into rec until it and everything it started have ended. Throws
  // BackendError when the program cannot be started at all.
  virtual BackendOutcome run(RunRecorder& rec, TerminationRequest& term) = 0;
};

}  // namespace capsule
