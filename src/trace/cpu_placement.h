// Where capsule's threads run, and where the traced program does not: it keeps the CPUs it was
// given.
//
// The tracer thread takes one CPU and the pipeline thread the others, so that the two never
// compete for one. The program itself is not pinned: what it asks about its CPUs
// (sched_getaffinity, nproc, /proc/self/status Cpus_allowed, os.sched_getaffinity) answers as
// without capsule, and whatever sizes its parallelism from that mask (make -j$(nproc), ninja,
// GOMAXPROCS, thread pools) keeps it. Pinning the program to the tracer's CPU made ptrace stops
// cheaper, but the program could see it (nproc printed 1 on a 2-CPU machine) and ran serially;
// docs/BENCHMARKS.md has the measured trade-off.
#pragma once

#include <sched.h>
#include <sys/types.h>

namespace capsule {

class CpuPlacement {
 public:
  // Reads the CPUs capsule may use (before pinning anything). With fewer than two, placement does
  // nothing.
  CpuPlacement();

  bool active() const { return active_; }
  // Pins the calling thread (the tracer).
  void pin_tracer_thread() const;
  // The CPUs for the pipeline thread: all allowed but the tracer's (all when inactive).
  cpu_set_t pipeline_cpus() const { return pipeline_; }
  static void pin_current_thread(const cpu_set_t& set);

  // Gives the program, forked from the pinned tracer and so inheriting its one CPU, back every
  // CPU capsule was started with. Called on the stopped child before it execs.
  void release_program(pid_t pid) const;

 private:
  bool active_ = false;
  cpu_set_t allowed_{};
  cpu_set_t tracer_{};
  cpu_set_t pipeline_{};
};

}  // namespace capsule
