#include "trace/termination_schedule.h"

#include <csignal>

namespace capsule {

TerminationSchedule::TerminationSchedule(TerminationRequest& term, int64_t kill_after_ms,
                                         std::optional<int64_t> timeout_ms)
    : term_(term), kill_after_ms_(kill_after_ms), timeout_at_(timeout_ms ? monotonic_ms() + *timeout_ms : 0) {}

int TerminationSchedule::due(bool& terminated) {
  const int count = term_.count.load(std::memory_order_acquire);
  if (count == seen_count_ && !term_at_ && !kill_at_ && !timeout_at_) return 0;
  const int64_t now = monotonic_ms();
  int sig = 0;
  if (count != seen_count_) {
    seen_count_ = count;
    terminated = true;
    if (term_.from_terminal.load(std::memory_order_relaxed) && count == 1) {
      // Ctrl-C: the program got SIGINT itself (same process group) and may be cleaning up.
      if (!term_at_ && !kill_at_) term_at_ = now + kill_after_ms_;
    } else if (!kill_at_) {
      sig = SIGTERM;
      term_at_ = 0;
      kill_at_ = now + kill_after_ms_;
    } else {
      return SIGKILL;  // asked twice: no more grace
    }
  }
  if (timeout_at_ && now >= timeout_at_) {
    timeout_at_ = 0;
    terminated = true;
    sig = SIGTERM;
    kill_at_ = now + kill_after_ms_;
  }
  if (term_at_ && now >= term_at_) {
    term_at_ = 0;
    sig = SIGTERM;
    kill_at_ = now + kill_after_ms_;
  }
  if (kill_at_ && now >= kill_at_) {
    kill_at_ = 0;
    sig = SIGKILL;
  }
  return sig;
}

}  // namespace capsule
