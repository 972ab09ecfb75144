// Nothing lost: the kernel side cannot wait for room in its ring, so the producers are stopped
// instead. When the ring fills past a mark, the kernel side itself requests a pause (through a
// one-page ring of its own, woken at once), from the CPU that wrote the record: a small pause
// thread of real-time priority, which does nothing else, freezes the traced tree's cgroup
// (cgroup.freeze: invisible to the programs, no signal, no job-control stop). Once the consumer
// has drained the ring it thaws the tree. So when the freeze holds does not depend on how fast the
// consumer is (under ASan, or waiting for a CPU): the ring only has to hold what the producers
// write between the mark and the freeze. Records that still find no room are counted by the
// kernel side and the run is incomplete.
//
// The pause thread also thaws, when the consumer says the ring is drained: a thaw wakes every
// thread of the tree at once, and a consumer of normal priority writing it was preempted by them
// in the middle of the write for up to 200 ms (64 threads on 2 CPUs), holding up the next freeze
// meanwhile: 250,000 records of such a storm were lost with a 16 MiB ring.
#pragma once

#include <atomic>
#include <cstdint>

#include "base/stoppable_thread.h"
#include "base/unique_fd.h"

namespace capsule {

class CgroupGuard;
class EbpfSession;

class BackPressure {
 public:
  BackPressure() = default;
  ~BackPressure() { stop(); }
  BackPressure(const BackPressure&) = delete;
  BackPressure& operator=(const BackPressure&) = delete;

  // Starts the pause thread. Throws std::system_error.
  void start(const CgroupGuard* guard, EbpfSession* session);
  // The consumer found the ring empty: the pause thread thaws a frozen tree and rearms the kernel
  // side's request.
  void drained();
  // Ends the pause thread (before the guard goes).
  void stop();

  uint64_t pauses() const { return pauses_.load(); }

 private:
  void watch();
  void thaw();

  const CgroupGuard* guard_ = nullptr;
  EbpfSession* session_ = nullptr;
  UniqueFd epoll_;
  UniqueFd thaw_;  // an eventfd: written by the consumer when the ring is drained
  std::atomic<bool> frozen_{false};
  std::atomic<uint64_t> pauses_{0};
  StoppableThread thread_;  // last: it ends before what it uses goes
};

}  // namespace capsule
