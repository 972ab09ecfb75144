// The eBPF backend's `capsule attach PID`: the kernel side keys the traced processes by tgid and
// adds children at fork, so a running process is recorded from the moment its pid is put into the
// map, its threads with it, without being moved, stopped or signalled: nothing about it changes.
// Ending the run (Ctrl-C, SIGTERM, --timeout, a log that cannot take more) detaches the programs
// and leaves it running; its end, seen through a pidfd, ends the run with its exit status.
//
// Back-pressure: a launched tree is frozen through its cgroup while the consumer drains the ring
// (back_pressure.h). A process capsule attaches to stays where it is, in a cgroup that is not
// capsule's to freeze, and stopping it with signals would change what its parent sees. So it is
// never paused: the ring is four times a launched run's (kAttachRingBytes), and a record that
// finds no room is counted and the run says it is incomplete (manifest, summary line, verify).
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/clock.h"
#include "base/number_parse.h"
#include "trace/attach_record.h"
#include "trace/attach_target.h"
#include "trace/ebpf/ebpf_backend.h"
#include "trace/termination.h"

namespace capsule {
namespace {

// 64 MiB: at the storm's ≈ 130 bytes a call, half a million calls' worth while the consumer is
// away. A launched run's 16 MiB only needs to hold what is written until the freeze holds.
constexpr uint64_t kAttachRingBytes = 64ull << 20;

// Whether thread tid of pid is blocked inside a call now (/proc/PID/task/TID/syscall starts with
// the call's number; "running" or -1 otherwise).
bool attached_thread_in_call(pid_t pid, pid_t tid) {
  std::ifstream in(fmt::format("/proc/{}/task/{}/syscall", pid, tid));
  std::string first;
  if (!(in >> first)) return false;
  const auto nr = parse_leading<long>(first, 10);
  return nr && *nr >= 0;
}

bool attached_process_ended(int pidfd) {
  pollfd p{pidfd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

}  // namespace

void EbpfBackend::prepare_attach() {
  if (request_.policy) throw BackendError("--policy cannot be enforced on a process that is already running");
  const pid_t pid = *request_.attach_pid;
  // The pidfd holds on to this process: a pid reused after it ended cannot be mistaken for it.
  attach_pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!attach_pidfd_) {
    throw BackendError(fmt::format("cannot attach to {}: {}", pid,
                                   errno == ESRCH ? std::string("it has ended") : std::string(std::strerror(errno))));
  }
  attach_config_.string_limit = static_cast<uint32_t>(request_.string_limit);
  attach_config_.ring_bytes = kAttachRingBytes;
  attach_config_.attach = true;
  ring_size_from_env(attach_config_);
  attach_config_.pause_bytes = 0;
  // Loaded here, before the run directory exists: not being allowed to load BPF is one line and
  // no run, as ptrace's refusal to seize.
  try {
    attach_session_ = std::make_unique<EbpfSession>(attach_config_, [this](const void* data, size_t size) {
      if (attach_assembler_) attach_assembler_->on_record(data, size);
    });
  } catch (const std::exception& e) {
    throw BackendError(e.what());
  }
}

void EbpfBackend::describe_attach(Manifest& m) const {
  describe_attached(m, *request_.attach_pid, name());
  if (request_.selection) m.extra.emplace_back("trace_selection", request_.selection->manifest_json("ebpf (user space)"));
}

BackendOutcome EbpfBackend::run_attached(RunRecorder& rec, TerminationRequest& term) {
  const pid_t pid = *request_.attach_pid;
  EbpfSession& session = *attach_session_;
  // The context the process built before capsule came, read before its first call is traced.
  const bool seeded = begin_attached_record(rec, pid);
  attach_assembler_.emplace(decode_options(), rec.sink(), 0, monotonic_to_wall_us(), recorded_calls());
  // A thread blocked in a call entered before the attach returns from it with no entry recorded:
  // that return is left out, as the ptrace attach leaves it out. Marked before the pid enters the
  // map, so that no such return can come first.
  const std::vector<pid_t> threads = threads_of(pid);
  for (pid_t tid : threads) {
    if (attached_thread_in_call(pid, tid)) session.skip_next_exit(tid);
  }
  session.watch_group(pid);
  const int64_t attached_us = wall_clock_us();
  session.trace(pid);

  const AttachRelease release(request_.timeout_ms);
  std::optional<int64_t> detached_us;
  int ring_error = 0;
  bool root_done = false;
  while (true) {
    if (const int n = session.poll(kEbpfPollTickMs); n < 0) {
      ring_error = -n;
      detached_us = wall_clock_us();
      break;
    }
    if (!root_done && attached_process_ended(attach_pidfd_.get())) {
      root_done = true;
      // Its last thread's record is in the ring by now (sent before the pidfd is woken). Should it
      // have ended before it entered the map, nothing would take it out: done here.
      session.untrace(pid);
    }
    // The process and every child it started since the attach have ended.
    if (root_done && !session.tracing_any()) break;
    if (release.due(term, rec.sink().failed())) {
      detached_us = wall_clock_us();
      break;
    }
  }
  // Nothing more is written once the programs are detached; what is in the ring is the record.
  session.detach();
  while (session.poll(0) > 0) {
  }

  BackendOutcome out;
  if (ring_error != 0) {
    out.failure = BackendOutcome::Failure::CannotRecord;
    out.problems.push_back(fmt::format("cannot read the eBPF ring buffer: {}", std::strerror(ring_error)));
  }
  const AssemblerCounts& counts = attach_assembler_->counts();
  out.processes = counts.processes_seen;
  out.detached = detached_us.has_value();
  if (!out.detached) {
    if (const std::optional<int> status = session.watched_status()) {
      set_root_status(out, *status);
    } else {
      out.failure = BackendOutcome::Failure::CannotRecord;
      out.problems.push_back(fmt::format("process {} ended before capsule could see how", pid));
    }
  }
  add_ring_counts(out, counts, session.lost(), attach_config_.ring_bytes, std::nullopt, session.loaded_from_pool());
  add_attached_outcome(out, {.pid = pid, .backend = name(), .at_us = attached_us, .threads = threads.size(),
                             .context_from_proc = seeded, .detached_us = detached_us});
  return out;
}

}  // namespace capsule
