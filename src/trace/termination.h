// How capsule itself reacts to SIGINT, SIGTERM, SIGHUP and SIGQUIT while it traces.
//
// These signals are blocked in every capsule thread and read by one watcher thread from a
// signalfd, so no signal handler touches program state (and no global is needed). The watcher
// records the request and interrupts the tracer's waitpid with SIGUSR1, whose handler does
// nothing; a 100 ms interval timer (SIGALRM, also a no-op) bounds the wake-up delay and drives
// the grace periods.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <thread>

#include "base/unique_fd.h"

namespace capsule {

struct TerminationRequest {
  std::atomic<int> signal{0};              // the signal capsule received, 0 for none
  std::atomic<bool> from_terminal{false};  // sent by the kernel (Ctrl-C at the terminal): the
                                           // program, in the same process group, got it too
  std::atomic<int> count{0};               // how many such signals so far
};

// The signal mask and SIGPIPE's disposition as they were before block_capsule_signals().
struct SignalState {
  sigset_t mask{};
  struct sigaction pipe {};
};

// Blocks the watched signals (and SIGUSR1/SIGALRM) for the calling thread, so call it first
// thing in main, before any thread is created and before anything slow: a SIGTERM that arrives
// while capsule is still starting then waits for the watcher instead of killing capsule.
// Threads started later inherit the mask. Returns what it changed.
SignalState block_capsule_signals();
// Undoes block_capsule_signals() for a command that traces nothing; a signal that arrived in
// between then takes its ordinary effect.
void restore_signals(const SignalState& before);

// In the tracer thread: unblocks SIGUSR1 and SIGALRM with no-op handlers installed without
// SA_RESTART (so waitpid returns EINTR), and starts the 100 ms interval timer.
void enable_tracer_wakeups();
void disable_tracer_wakeups();

class SignalWatcher {
 public:
  // Starts the watcher thread; interrupts tracer_tid when a signal arrives.
  SignalWatcher(TerminationRequest& term, pid_t tracer_tid);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  TerminationRequest& term_;
  pid_t tracer_tid_;
  UniqueFd sfd_;
  UniqueFd stop_fd_;
  std::thread thread_;
};

}  // namespace capsule
