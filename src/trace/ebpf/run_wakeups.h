// What ends a wait of the eBPF run loop early: a batch waiting in the ring (the kernel side's
// wake-up), the program's first process ending (its pidfd), the tree's cgroup changing state
// (cgroup.events: emptied, frozen, thawed). Without the last two the loop saw the end of a run
// only at its next tick (kEbpfPollTickMs): on average half a tick added to every run.
#pragma once

#include <sys/types.h>

#include "base/unique_fd.h"

namespace capsule {

class CgroupGuard;

class RunWakeups {
 public:
  // ring_wake_fd may be -1, and the cgroup's events fd too (not available): that one then never
  // wakes the loop early. cgroup must outlive this.
  RunWakeups(int ring_wake_fd, pid_t root, const CgroupGuard& cgroup);

  // Waits up to timeout_ms for any of them. False when there is no set to wait on (the caller
  // then waits its own way).
  bool wait(int timeout_ms);
  // The root was reaped: its pidfd would poll readable for ever, so it leaves the set.
  void root_reaped();

 private:
  UniqueFd epoll_;
  UniqueFd pidfd_;
  const CgroupGuard& cgroup_;
};

}  // namespace capsule
