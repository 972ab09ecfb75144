#include "trace/cpu_placement.h"

#include <pthread.h>

namespace capsule {

CpuPlacement::CpuPlacement() {
  CPU_ZERO(&allowed_);
  CPU_ZERO(&tracer_);
  CPU_ZERO(&pipeline_);
  if (sched_getaffinity(0, sizeof allowed_, &allowed_) != 0 || CPU_COUNT(&allowed_) < 2) {
    pipeline_ = allowed_;
    return;
  }
  // The CPU we are on now: the scheduler put us somewhere idle enough.
  int cpu = sched_getcpu();
  if (cpu < 0 || !CPU_ISSET(cpu, &allowed_)) {
    for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &allowed_); ++cpu) {
    }
  }
  CPU_SET(cpu, &tracer_);
  pipeline_ = allowed_;
  CPU_CLR(cpu, &pipeline_);
  active_ = true;
}

void CpuPlacement::pin_current_thread(const cpu_set_t& set) {
  if (CPU_COUNT(&set) > 0) pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

void CpuPlacement::pin_tracer_thread() const {
  if (active_) pin_current_thread(tracer_);
}

void CpuPlacement::release_program(pid_t pid) const {
  if (active_) sched_setaffinity(pid, sizeof allowed_, &allowed_);
}

}  // namespace capsule
