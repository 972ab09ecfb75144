#include "trace/ebpf/back_pressure.h"

#include "trace/ebpf/cgroup_guard.h"
#include "trace/ebpf/ebpf_session.h"

namespace capsule {

void BackPressure::check() {
  if (frozen_ || guard_ == nullptr || session_->backlog() < high_) return;
  guard_->freeze(true);
  frozen_ = true;
  ++pauses_;
}

void BackPressure::drained() {
  if (!frozen_) return;
  guard_->freeze(false);
  frozen_ = false;
}

}  // namespace capsule
