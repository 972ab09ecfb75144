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

void CpuPlacement::apply(pid_t tid, const cpu_set_t& set) {
  // Fails for a tracee that changed to another user (setuid) when capsule is not root: it then
  // keeps the mask it had, which costs speed, never correctness.
  sched_setaffinity(tid, sizeof set, &set);
}

bool CpuPlacement::update(int64_t now_ms, int running_threads) {
  if (!active_) return false;
  if (running_threads > window_max_running_) window_max_running_ = running_threads;
  if (now_ms - window_start_ms_ < 50) return false;
  const bool busy_in_parallel = window_max_running_ >= 2;
  window_start_ms_ = now_ms;
  window_max_running_ = running_threads;
  if (busy_in_parallel) {
    serial_windows_ = 0;
    if (!parallel_) {
      parallel_ = true;
      return true;
    }
    return false;
  }
  // Pin back only after a quiet stretch, so that a program alternating quickly does not make the
  // tracer move it back and forth.
  if (parallel_ && ++serial_windows_ >= 4) {
    parallel_ = false;
    return true;
  }
  return false;
}

}  // namespace capsule
