// When capsule signals the program it traces, whichever backend (README, "Signals"): a signal to
// capsule sends SIGTERM at once and SIGKILL after the grace; Ctrl-C (the program got SIGINT
// itself) waits the grace before SIGTERM; a second request sends SIGKILL at once; --timeout acts
// like a signal to capsule.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.h"  // monotonic_ms
#include "trace/termination.h"

namespace capsule {

class TerminationSchedule {
 public:
  TerminationSchedule(TerminationRequest& term, int64_t kill_after_ms, std::optional<int64_t> timeout_ms);

  // The signal to send now (SIGTERM, SIGKILL) or 0; sets terminated when capsule ends the program.
  // Called after every tracer wake-up: reads the clock only when something is pending.
  int due(bool& terminated);

 private:
  TerminationRequest& term_;
  int64_t kill_after_ms_;
  int seen_count_ = 0;
  int64_t term_at_ = 0;     // all in monotonic ms; 0 = not scheduled
  int64_t kill_at_ = 0;
  int64_t timeout_at_ = 0;
};

}  // namespace capsule
