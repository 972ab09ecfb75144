#include "trace/ebpf/ebpf_backend.h"

#include <sys/wait.h>
#include <time.h>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>

#include "base/clock.h"
#include "policy/bpf_eval.h"
#include "policy/launch_filter.h"
#include "trace/ebpf/back_pressure.h"
#include "trace/ebpf/cgroup_guard.h"
#include "trace/ebpf/ebpf_session.h"
#include "trace/ebpf/event_assembler.h"
#include "trace/ebpf/held_launch.h"
#include "trace/ebpf/io_uring_guard.h"
#include "trace/ebpf/outside_tree_guard.h"
#include "trace/ebpf/outside_tree_supervisor.h"
#include "trace/ebpf/run_wakeups.h"
#include "trace/termination_schedule.h"

namespace capsule {
namespace {

// The ring fill at which the kernel side requests a pause (back_pressure.h): an eighth, so that
// the other seven eighths take what the producers write until the freeze holds.
constexpr uint64_t kPauseFraction = 8;

}  // namespace

struct EbpfBackend::EbpfRun {
  EbpfConfig config;  // pause_bytes 0: the tree is never paused (CAPSULE_EBPF_NO_PAUSE)
  std::unique_ptr<EbpfSession> session;
  std::optional<EventAssembler> assembler;
  // The session's teardown once the run is over (run() below), joined here.
  std::thread retiring;
  ~EbpfRun() {
    if (retiring.joinable()) retiring.join();
  }
};

EbpfBackend::EbpfBackend() = default;
EbpfBackend::~EbpfBackend() = default;

// CAPSULE_EBPF_RING_KB (a power of two, at least 4): the ring's size, to measure ring sizes and
// to test what a run that lost records says.
void EbpfBackend::ring_size_from_env(EbpfConfig& config) {
  if (const char* kb = std::getenv("CAPSULE_EBPF_RING_KB")) {
    const unsigned long long v = std::strtoull(kb, nullptr, 10);
    if (v < 4 || (v & (v - 1)) != 0) throw BackendError("CAPSULE_EBPF_RING_KB must be a power of two, at least 4");
    config.ring_bytes = v * 1024;
  }
  config.wakeup_bytes = std::min<uint64_t>(config.wakeup_bytes, config.ring_bytes / 4);
}

// What the ring carried and lost, into the manifest; a loss makes the run incomplete (the summary
// line and verify say so).
void EbpfBackend::add_ring_counts(BackendOutcome& out, const AssemblerCounts& counts, uint64_t lost,
                                  uint64_t ring_bytes, std::optional<uint64_t> pauses, bool from_pool) {
  nlohmann::json ebpf{{"records", counts.records}, {"lost", lost}, {"malformed", counts.malformed},
                      {"ring_bytes", ring_bytes}};
  // Whether the programs were loaded for this run or taken loaded from the pool (kernel_side_pool.h).
  ebpf["programs"] = from_pool ? "pool" : "loaded";
  // An attached process is never paused (ebpf_attach_backend.cpp): "pauses" is null.
  ebpf["pauses"] = pauses ? nlohmann::json(*pauses) : nlohmann::json(nullptr);
  out.manifest_extra.emplace_back("ebpf", ebpf.dump());
  if (lost > 0) out.incomplete.push_back(fmt::format("{} events lost (the eBPF ring buffer was full)", lost));
}

DecodeOptions EbpfBackend::decode_options() const {
  DecodeOptions decode;
  decode.string_limit = request_.string_limit;
  return decode;
}

// --trace: the calls the assembler records (the kernel side sends every call); nullptr: all.
std::function<bool(std::string_view)> EbpfBackend::recorded_calls() const {
  if (!request_.selection) return nullptr;
  const TraceSelection sel = *request_.selection;
  return [sel](std::string_view call) { return sel.includes(call); };
}

// The root's wait status as capsule's exit code: its code, 128+N for signal N.
void EbpfBackend::set_root_status(BackendOutcome& out, int status) {
  if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
    out.exit_code = 128 + WTERMSIG(status);
  } else {
    out.exit_code = WEXITSTATUS(status);
  }
}

std::string ebpf_unavailable() {
  if (!ebpf_built()) return "the eBPF backend was not built";
  constexpr int kCapPerfmon = 38, kCapBpf = 39;
  if (!have_cap_sys_admin() && !(have_capability(kCapBpf) && have_capability(kCapPerfmon))) {
    return "neither root nor CAP_BPF+CAP_PERFMON";
  }
  // The programs are CO-RE: the loader relocates them against the running kernel's BTF.
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux")) return "no kernel BTF (/sys/kernel/btf/vmlinux)";
  if (!cgroup2_mount()) return "no cgroup v2 hierarchy";
  return "";
}

// The session is loaded per run (run() below); prepare only checks what can fail before anything
// exists, so that a user without the privilege gets one line and exit 125.
void EbpfBackend::prepare(BackendRequest request) {
  request_ = std::move(request);
  if (!ebpf_built()) {
    throw BackendError("the eBPF backend was not built (capsule was compiled without clang, bpftool, libbpf-dev or kernel BTF)");
  }
  if (request_.attach_pid) return prepare_attach();
  if (!cgroup2_mount()) throw BackendError("--backend ebpf needs a cgroup v2 hierarchy (none is mounted)");
  refuse_io_uring_ = !request_.allow_io_uring;
  contain_ = !request_.allow_outside_tree;
  no_new_privs_ = (request_.policy || refuse_io_uring_ || contain_) && !have_cap_sys_admin();
  // The programs are loaded here, before the run directory exists: a kernel that refuses them
  // (its verifier, a lockdown, a seccomp filter on bpf()) is one line, and --backend auto falls
  // back to ptrace (run_command.cpp).
  loaded_ = std::make_unique<EbpfRun>();
  EbpfRun& r = *loaded_;
  r.config.string_limit = static_cast<uint32_t>(request_.string_limit);
  ring_size_from_env(r.config);
  // CAPSULE_EBPF_NO_PAUSE=1: never freeze the tree (to measure what the ring alone keeps up with,
  // and to test what a run that lost records says).
  const bool pause = std::getenv("CAPSULE_EBPF_NO_PAUSE") == nullptr;
  r.config.pause_bytes = pause ? r.config.ring_bytes / kPauseFraction : 0;
  try {
    r.session = std::make_unique<EbpfSession>(r.config, [&r](const void* data, size_t size) {
      if (r.assembler) r.assembler->on_record(data, size);
    });
  } catch (const std::exception& e) {
    loaded_.reset();
    throw BackendUnavailable(e.what());
  }
}

void EbpfBackend::describe(Manifest& m) const {
  m.seccomp_mode = "none";
  if (request_.attach_pid) return describe_attach(m);
  if (request_.policy || refuse_io_uring_ || contain_) {
    m.seccomp_mode = seccomp_mode_name(no_new_privs_ ? SeccompMode::NoNewPrivs : SeccompMode::CapSysAdmin);
  }
  if (request_.policy) {
    m.extra.emplace_back("policy", nlohmann::json(std::filesystem::absolute(request_.policy_file).string()).dump());
  }
  if (request_.selection) m.extra.emplace_back("trace_selection", request_.selection->manifest_json("ebpf (user space)"));
}

BackendOutcome EbpfBackend::run(RunRecorder& rec, TerminationRequest& term) {
  if (request_.attach_pid) return run_attached(rec, term);
  if (!loaded_) throw BackendError("the eBPF programs were not loaded (prepare)");
  EbpfRun& r = *loaded_;
  const EbpfConfig& config = r.config;
  const bool pause = config.pause_bytes != 0;
  std::optional<CgroupGuard> guard;
  HeldChild child;
  try {
    guard.emplace();
    std::vector<std::vector<uint64_t>> filters;
    if (refuse_io_uring_) filters.push_back(build_io_uring_refusal().insns);
    if (request_.policy) filters.push_back(request_.policy->program.insns);
    const std::vector<uint64_t> notify = contain_ ? build_outside_tree_filter().insns : std::vector<uint64_t>();
    child = launch_held(request_.program_path, request_.argv, *guard, filters, no_new_privs_, notify);
  } catch (const std::system_error& e) {
    throw BackendError(fmt::format("cannot start {}: {}", request_.argv.front(), e.what()));
  } catch (const std::runtime_error& e) {
    throw BackendError(fmt::format("cannot build the seccomp filter: {}", e.what()));
  }
  // The rings are mapped only now, after the forks (the watchdog's, the child's), which would copy
  // their page table; and beside the snapshot of the held child, on another thread: mapping the
  // 16 MiB ring twice over is 8,192 pages, 2 ms.
  std::exception_ptr ring_error;
  std::jthread mapping([&r, &ring_error] {
    try {
      r.session->open_rings();
    } catch (...) {
      ring_error = std::current_exception();
    }
  });
  std::optional<ProcessSnapshot> snapshot = read_proc_snapshot(child.pid, SnapshotFds::SurvivingExec);
  mapping.join();
  if (ring_error) {
    guard->kill_all();
    try {
      std::rethrow_exception(ring_error);
    } catch (const std::exception& e) {
      throw BackendError(e.what());
    }
  }
  BackPressure pressure;  // after the guard: its thread ends before the guard goes
  if (pause) {
    try {
      pressure.start(&*guard, r.session.get());
    } catch (const std::system_error& e) {
      guard->kill_all();
      throw BackendError(fmt::format("cannot start the eBPF back-pressure thread: {}", e.what()));
    }
  }
  // After the guard: its thread ends first, and a call it has not answered when the tree is killed
  // ends with the tree.
  OutsideTreeSupervisor supervisor([&r](pid_t tgid) { return r.session->traced(tgid); });
  rec.begin(std::move(snapshot));
  r.assembler.emplace(decode_options(), rec.sink(), child.pid, monotonic_to_wall_us(), recorded_calls());
  r.assembler->set_io_uring_refused(refuse_io_uring_);
  if (contain_) {
    r.assembler->set_refusals(
        [&supervisor](pid_t tid, int32_t nr, int64_t ret, uint64_t t_exit_ns) {
          return supervisor.take_refusal(tid, nr, ret, t_exit_ns);
        });
  }
  if (request_.policy) {
    auto verdicts = std::make_shared<const PolicyVerdicts>(std::vector<BpfProgram>{request_.policy->program});
    r.assembler->set_policy([verdicts](const RawSyscall& c) { return verdicts->action(c.arch, c.nr, c.args); });
  }
  r.session->trace(child.pid);
  release_held(child);
  // The child sends the listener just before its execve; none (EOF) if it failed before: its
  // report says why.
  if (UniqueFd listener = take_listener(child)) {
    try {
      supervisor.start(std::move(listener));
    } catch (const std::system_error& e) {
      guard->kill_all();
      throw BackendError(fmt::format("cannot start the outside-tree supervisor: {}", e.what()));
    }
  }

  BackendOutcome out;
  TerminationSchedule schedule(term, request_.kill_after_ms, request_.timeout_ms);
  bool root_done = false, terminated = false, log_failed = false;
  RunWakeups wakeups(r.session->wake_fd(), child.pid, *guard);
  while (true) {
    const bool waited = wakeups.wait(kEbpfPollTickMs);
    const int consumed = r.session->poll(waited ? 0 : kEbpfPollTickMs);
    if (consumed < 0) break;
    // poll consumed until the ring was empty: a frozen tree may go on.
    pressure.drained();
    if (!root_done) {
      int status = 0;
      const pid_t w = ::waitpid(child.pid, &status, WNOHANG);
      if (w == child.pid) {
        root_done = true;
        wakeups.root_reaped();
        set_root_status(out, status);
      }
    }
    // Everything the program started has ended once its cgroup is empty: the last records are
    // in the ring by then (they are written before a task leaves its cgroup).
    if (root_done && !guard->populated()) break;
    if (const int sig = schedule.due(terminated); sig == SIGKILL) {
      guard->kill_all();
    } else if (sig != 0) {
      guard->signal_all(sig);
    }
    if (!log_failed && rec.sink().failed()) {
      log_failed = true;
      guard->kill_all();  // the log cannot take more: the program must not run on unrecorded
    }
  }
  while (r.session->poll(0) > 0) {
  }
  pressure.drained();
  pressure.stop();
  supervisor.stop();
  guard.reset();  // kills anything left, stops the watchdog, removes the cgroup

  const LaunchFailure launch_failure = read_launch_failure(child.report);
  const AssemblerCounts& counts = r.assembler->counts();
  const uint64_t lost = r.session->lost();
  out.processes = counts.processes;
  out.manifest_extra.emplace_back(
      "refused",
      nlohmann::json{{"outside_tree", supervisor.refused()}, {"io_uring_setup", counts.refused_io_uring}}.dump());
  if (request_.allow_io_uring) {
    out.incomplete.emplace_back("io_uring allowed (--allow-io-uring): operations submitted through a ring are not recorded");
  }
  add_ring_counts(out, counts, lost, config.ring_bytes, pressure.pauses(), r.session->loaded_from_pool());
  if (launch_failure.stage == LaunchFailure::Exec) {
    out.problems.push_back(fmt::format("{}: {}", request_.argv.front(), std::strerror(launch_failure.err)));
  } else if (launch_failure.stage != LaunchFailure::None) {
    out.failure = BackendOutcome::Failure::CannotRecord;
    out.problems.push_back(fmt::format("cannot move the program into its cgroup or install the seccomp filter: {}",
                                       std::strerror(launch_failure.err)));
  }
  // Nothing more comes from the kernel side. Its teardown (the links detached, the ring unmapped,
  // the programs pinned back into the pool: 3 ms of a 25 ms run) goes on beside the log's fsyncs
  // and the manifest, which come next, instead of after them.
  try {
    r.retiring = std::thread([session = std::move(r.session)]() mutable { session.reset(); });
  } catch (const std::system_error&) {
    // No thread: the lambda, destroyed with the failure, tore the session down here.
  }
  return out;
}

}  // namespace capsule
