// Where capsule's threads and the traced program run.
//
// A ptrace stop is two context switches between tracee and tracer; when both sit on one CPU the
// switch is cheap, when they sit on two every stop is a cross-CPU wake-up (measured here: the same
// strace -f storm 2.3 s on one CPU, 14-44 s unpinned). So the tracer thread and the program share
// one CPU and the pipeline thread takes the others. A program that really runs in parallel (two or
// more of its threads executing at once, not blocked in syscalls) is released to every CPU, and
// pinned back once it is serial again: placement must never cost a parallel program its
// parallelism.
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace capsule {

class CpuPlacement {
 public:
  // Reads the CPUs capsule may use. With fewer than two, placement does nothing.
  CpuPlacement();

  bool active() const { return active_; }
  // Pins the calling thread (the tracer; the program forked from it inherits the mask).
  void pin_tracer_thread() const;
  // The CPUs for the pipeline thread: all allowed but the tracer's (all when inactive).
  cpu_set_t pipeline_cpus() const { return pipeline_; }
  static void pin_current_thread(const cpu_set_t& set);

  // Called by the tracer between stops with how many tracee threads are currently running user
  // code (live and not inside a syscall); decides every 50 ms whether tracees should be pinned.
  // Returns true when the mode changed: the caller then applies tracee_cpus() to every tracee.
  bool update(int64_t now_ms, int running_threads);
  bool parallel() const { return parallel_; }
  const cpu_set_t& tracee_cpus() const { return parallel_ ? allowed_ : tracer_; }

  static void apply(pid_t tid, const cpu_set_t& set);

 private:
  bool active_ = false;
  bool parallel_ = false;
  cpu_set_t allowed_{};
  cpu_set_t tracer_{};
  cpu_set_t pipeline_{};
  int64_t window_start_ms_ = 0;
  int window_max_running_ = 0;
  int serial_windows_ = 0;
};

}  // namespace capsule
