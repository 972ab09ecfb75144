// Scheduling and I/O priority: affinity, policies and their priority ranges, parameters,
// sched_getattr/sched_setattr's struct, sched_rr_get_interval of a SCHED_FIFO task (zero),
// sched_yield, nice values, ioprio_get/ioprio_set. Exits 0.
#define _GNU_SOURCE
#include <linux/ioprio.h>
#include <sched.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

struct attr {
  uint32_t size, policy;
  uint64_t flags;
  int32_t nice;
  uint32_t priority;
  uint64_t runtime, deadline, period;
  uint32_t util_min, util_max;
};

int main(void) {
  cpu_set_t set;
  sched_getaffinity(0, sizeof set, &set);
  sched_setaffinity(0, sizeof set, &set);
  sched_getscheduler(0);
  struct sched_param sp = {0};
  sched_getparam(0, &sp);
  sched_get_priority_max(SCHED_FIFO);
  sched_get_priority_min(SCHED_RR);
  sched_get_priority_max(99);
  sched_setscheduler(0, SCHED_BATCH, &sp);
  struct attr a = {.size = sizeof a};
  syscall(SYS_sched_getattr, 0, &a, sizeof a, 0);
  a.policy = SCHED_OTHER;
  a.nice = 2;
  syscall(SYS_sched_setattr, 0, &a, 0);
  sp.sched_priority = 1;
  if (sched_setscheduler(0, SCHED_FIFO, &sp) == 0) {
    struct timespec ts;
    sched_rr_get_interval(0, &ts);
    sp.sched_priority = 0;
    sched_setscheduler(0, SCHED_OTHER, &sp);
  }
  sched_yield();
  getpriority(PRIO_PROCESS, 0);
  setpriority(PRIO_PROCESS, 0, 5);
  syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0);
  syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4));
  syscall(SYS_ioprio_get, IOPRIO_WHO_PGRP, 0);
  return 0;
}
