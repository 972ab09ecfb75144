#include "trace/termination.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <system_error>

namespace capsule {
namespace {

sigset_t watched_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGTERM);
  sigaddset(&s, SIGHUP);
  sigaddset(&s, SIGQUIT);
  return s;
}

sigset_t wakeup_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, SIGALRM);
  return s;
}

void ignore_signal(int) {}

}  // namespace

SignalState block_capsule_signals() {
  SignalState before;
  sigset_t s = watched_signals();
  sigaddset(&s, SIGUSR1);
  sigaddset(&s, SIGALRM);
  pthread_sigmask(SIG_BLOCK, &s, &before.mask);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  sigaction(SIGPIPE, &ignore, &before.pipe);  // a closed stdout must not kill the recorder
  return before;
}

void restore_signals(const SignalState& before) {
  sigaction(SIGPIPE, &before.pipe, nullptr);
  pthread_sigmask(SIG_SETMASK, &before.mask, nullptr);
}

void enable_tracer_wakeups() {
  struct sigaction sa {};
  sa.sa_handler = ignore_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: interrupt waitpid
  sigaction(SIGUSR1, &sa, nullptr);
  sigaction(SIGALRM, &sa, nullptr);
  const sigset_t s = wakeup_signals();
  pthread_sigmask(SIG_UNBLOCK, &s, nullptr);
  itimerval t{};
  t.it_interval.tv_usec = 100000;
  t.it_value.tv_usec = 100000;
  setitimer(ITIMER_REAL, &t, nullptr);
}

void disable_tracer_wakeups() {
  itimerval t{};
  setitimer(ITIMER_REAL, &t, nullptr);
  const sigset_t s = wakeup_signals();
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
}

SignalWatcher::SignalWatcher(TerminationRequest& term, pid_t tracer_tid)
    : term_(term), tracer_tid_(tracer_tid) {
  const sigset_t s = watched_signals();
  sfd_.reset(signalfd(-1, &s, SFD_CLOEXEC));
  stop_fd_.reset(eventfd(0, EFD_CLOEXEC));
  if (!sfd_ || !stop_fd_) throw std::system_error(errno, std::generic_category(), "signalfd");
  thread_ = std::thread([this] {
    pollfd p[2] = {{sfd_.get(), POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}};
    while (true) {
      if (::poll(p, 2, -1) < 0) {
        if (errno == EINTR) continue;
        return;
      }
      if (p[1].revents != 0) return;
      signalfd_siginfo si{};
      if (::read(sfd_.get(), &si, sizeof si) != static_cast<ssize_t>(sizeof si)) continue;
      // SI_KERNEL: the terminal driver sent it to the whole foreground process group.
      term_.from_terminal.store(si.ssi_code == SI_KERNEL, std::memory_order_relaxed);
      term_.signal.store(static_cast<int>(si.ssi_signo), std::memory_order_relaxed);
      term_.count.fetch_add(1, std::memory_order_release);
      ::syscall(SYS_tgkill, ::getpid(), tracer_tid_, SIGUSR1);
    }
  });
}

SignalWatcher::~SignalWatcher() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(stop_fd_.get(), &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

}  // namespace capsule
