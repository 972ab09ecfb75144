#include "trace/strace/strace_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "base/unique_fd.h"
#include "trace/termination.h"
#include "trace/termination_schedule.h"

extern char** environ;

namespace capsule {
namespace {

// The status of a child that could not exec strace (capsule's "could not record").
constexpr int kSpawnFailedStatus = 125;

[[noreturn]] void throw_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }


// ---- starting strace ---------------------------------------------------------------------------

struct Spawned {
  pid_t pid = -1;
  UniqueFd go;         // write end: closing it lets the child exec strace
  UniqueFd exec_error; // read end: an errno if execve(strace) failed, EOF once it succeeded
};

// Everything here runs in the forked child of a multi-threaded process: async-signal-safe only.
[[noreturn]] void child_main(const char* path, char* const* argv, int go_fd, int go_write_fd, int err_fd) {
  ::close(go_write_fd);  // else the child itself would keep "go" from ever reading EOF
  // Capsule blocks and ignores signals for its own use; strace and the program get the defaults.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::signal(SIGPIPE, SIG_DFL);
  char byte = 0;
  while (::read(go_fd, &byte, 1) < 0 && errno == EINTR) {
  }
  ::execve(path, argv, environ);
  const int err = errno;
  [[maybe_unused]] ssize_t n = ::write(err_fd, &err, sizeof err);
  _exit(kSpawnFailedStatus);
}

Spawned spawn_waiting(const std::string& path, const std::vector<std::string>& args) {
  std::vector<char*> argv;  // built before fork: the child must not allocate
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int go[2], err[2];
  if (::pipe2(go, O_CLOEXEC) != 0) throw_errno("pipe2");
  if (::pipe2(err, O_CLOEXEC) != 0) {
    const int e = errno;
    ::close(go[0]);
    ::close(go[1]);
    throw std::system_error(e, std::generic_category(), "pipe2");
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(err[0]);
    child_main(path.c_str(), argv.data(), go[0], go[1], err[1]);
  }
  const int fork_errno = errno;
  ::close(go[0]);
  ::close(err[1]);
  Spawned s{pid, UniqueFd(go[1]), UniqueFd(err[0])};
  if (pid < 0) throw std::system_error(fork_errno, std::generic_category(), "fork");
  return s;
}

int read_spawn_errno(int fd) {
  int err = 0;
  ssize_t n;
  do {
    n = ::read(fd, &err, sizeof err);
  } while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof err) ? err : 0;
}

// ---- the processes strace traces ---------------------------------------------------------------

std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> out;
  std::error_code ec;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::ifstream in(task.path() / "children");
    pid_t child = 0;
    while (in >> child) out.push_back(child);
  }
  return out;
}

pid_t tracer_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return static_cast<pid_t>(std::atoi(line.c_str() + 10));
  }
  return 0;
}

// Signals every process strace is tracing: those the events name and have not seen end, and
// strace's descendants (whose first line may not have been read yet). Checking TracerPid keeps
// a pid that ended and was reused by an unrelated process out of reach. Returns how many were
// signalled: none while strace has not yet attached to the program it starts.
size_t signal_traced(pid_t strace_pid, const std::unordered_set<int32_t>& live_pids, int sig) {
  std::unordered_set<pid_t> targets(live_pids.begin(), live_pids.end());
  std::vector<pid_t> queue = children_of(strace_pid);
  while (!queue.empty()) {
    const pid_t p = queue.back();
    queue.pop_back();
    if (!targets.insert(p).second) continue;
    for (pid_t c : children_of(p)) queue.push_back(c);
  }
  size_t signalled = 0;
  for (pid_t p : targets) {
    if (p > 0 && p != strace_pid && tracer_of(p) == strace_pid && ::kill(p, sig) == 0) ++signalled;
  }
  return signalled;
}

int status_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return kSpawnFailedStatus;
}

}  // namespace

StraceRunner::StraceRunner(StraceLaunch launch, EventSink& sink, TerminationRequest& term, StraceHooks hooks)
    : launch_(std::move(launch)), sink_(sink), term_(term), hooks_(std::move(hooks)) {}

std::vector<std::string> StraceRunner::strace_argv(pid_t reader_pid, int pipe_fd) const {
  std::vector<std::string> argv{launch_.strace_path, "-f", "-ttt", "-yy", "-v", "-x", "-s",
                                std::to_string(launch_.string_limit)};
  if (launch_.trace_filter) {
    argv.emplace_back("-e");
    argv.push_back("trace=" + *launch_.trace_filter);
    argv.emplace_back("--seccomp-bpf");  // untraced calls do not stop the program (as --trace does natively)
  }
  argv.emplace_back("-o");
  argv.push_back("/proc/" + std::to_string(reader_pid) + "/fd/" + std::to_string(pipe_fd));
  argv.emplace_back("--");
  argv.insert(argv.end(), launch_.command.begin(), launch_.command.end());
  return argv;
}

StraceResult StraceRunner::run() {
  StraceResult result;
  int out[2];
  if (::pipe2(out, O_CLOEXEC | O_NONBLOCK) != 0) throw_errno("pipe2");
  UniqueFd reader(out[0]);
  UniqueFd writer(out[1]);  // held until strace has ended, so that strace can open it by path
  // A deeper pipe lets strace run ahead of the parser in bursts (best effort).
  ::fcntl(writer.get(), F_SETPIPE_SZ, 1 << 20);

  Spawned strace = spawn_waiting(launch_.strace_path, strace_argv(::getpid(), writer.get()));
  if (hooks_.before_exec) hooks_.before_exec(strace.pid);
  strace.go.reset();  // go: the child execs strace
  result.strace_spawn_errno = read_spawn_errno(strace.exec_error.get());
  // pidfd: wake as soon as strace ends instead of at the next poll tick (Linux 5.3+).
  UniqueFd strace_done_fd(static_cast<int>(::syscall(SYS_pidfd_open, strace.pid, 0)));

  StraceParseOptions popts;
  popts.keep_unparsed = true;
  // The recording begins with the program's pid, which the first line that reads gives; lines
  // that do not read before it wait for it, in order.
  bool first = true;
  std::vector<SyscallEvent> early_unparsed;
  StraceIngest ingest(std::move(popts), [&](SyscallEvent& ev) {
    if (first) {
      if (ev.type == EventType::Unparsed && ev.pid == 0) {
        early_unparsed.push_back(ev);
        return;
      }
      first = false;
      if (hooks_.before_first_event) hooks_.before_first_event(ev.pid, strace.pid);
      for (SyscallEvent& held : early_unparsed) sink_.emit(held);
      early_unparsed.clear();
    }
    sink_.emit(ev);
  });

  TerminationSchedule schedule(term_, launch_.kill_after_ms, launch_.timeout_ms);
  std::vector<char> buf(1 << 18);
  int strace_status = 0;
  bool strace_ended = false;
  int pending_signal = 0;  // due, not yet delivered to any traced process
  while (true) {
    pollfd p[2] = {{reader.get(), POLLIN, 0}, {strace_done_fd.get(), POLLIN, 0}};
    const nfds_t n = (strace_ended || strace_done_fd.get() < 0) ? 1 : 2;
    if (::poll(p, n, 100) < 0 && errno != EINTR) throw_errno("poll");
    bool eof = false;
    // Bounded, so that a busy program cannot keep capsule from noticing a signal.
    for (int i = 0; i < 64; ++i) {
      const ssize_t got = ::read(reader.get(), buf.data(), buf.size());
      if (got > 0) {
        ingest.feed_bytes(std::string_view(buf.data(), static_cast<size_t>(got)));
        continue;
      }
      if (got == 0) eof = true;  // every writer gone: strace ended and capsule let go
      else if (errno == EINTR) continue;
      break;
    }
    if (eof) break;
    if (!strace_ended) {
      const pid_t r = ::waitpid(strace.pid, &strace_status, WNOHANG);
      if (r == strace.pid) {
        strace_ended = true;
        writer.reset();  // only strace's own (now closed) end held the pipe open besides this
        continue;
      }
      // A signal due before strace has attached to the program (capsule got SIGTERM while still
      // starting, or on a loaded machine) waits for the program instead of reaching nobody.
      if (const int sig = schedule.due(result.terminated)) pending_signal = sig;
      if (pending_signal != 0 && signal_traced(strace.pid, ingest.facts().live_pids, pending_signal) > 0) {
        pending_signal = 0;
      }
      if (!result.log_failed && sink_.failed()) {
        result.log_failed = true;
        signal_traced(strace.pid, ingest.facts().live_pids, SIGKILL);
      }
    }
  }
  ingest.finish();
  if (first && hooks_.before_first_event && !early_unparsed.empty()) {
    hooks_.before_first_event(0, strace.pid);
    for (SyscallEvent& held : early_unparsed) sink_.emit(held);
  }

  const StraceRunFacts& facts = ingest.facts();
  result.syscalls = facts.syscalls;
  result.processes = facts.pids.size();
  if (facts.root_signal) result.signal = facts.root_signal;
  else if (!facts.root_pid && WIFSIGNALED(strace_status)) result.signal = WTERMSIG(strace_status);
  result.exit_code = facts.root_status().value_or(status_code(strace_status));
  if (facts.root_exec_errno && !facts.root_signal) result.exec_errno = facts.root_exec_errno;
  if (!facts.root_pid && result.strace_spawn_errno == 0) result.strace_failed = status_code(strace_status);
  return result;
}

}  // namespace capsule
