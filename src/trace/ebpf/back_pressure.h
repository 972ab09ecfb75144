// Nothing lost: the kernel side cannot wait for room in its ring, so user space stops the
// producers instead. When the ring fills past a high-water mark, the traced tree's cgroup is
// frozen (cgroup.freeze: invisible to the programs, no signal, no job-control stop); once the
// consumer has drained the ring it is thawed. The ring then only has to hold what the producers
// write between the mark and the freeze taking hold. Records that still find no room are counted
// by the kernel side and the run is incomplete.
#pragma once

#include <cstdint>

namespace capsule {

class CgroupGuard;
class EbpfSession;

class BackPressure {
 public:
  // Freezes once the ring's backlog passes high_bytes.
  BackPressure(uint64_t high_bytes) : high_(high_bytes) {}
  void attach(const CgroupGuard* guard, const EbpfSession* session) {
    guard_ = guard;
    session_ = session;
  }

  // Called for every record consumed: every few records, freezes the tree if the ring is full.
  void on_record() {
    if ((++records_ & 15) == 0) check();
  }
  void check();
  // The consumer found the ring empty: thaws a frozen tree.
  void drained();

  uint64_t pauses() const { return pauses_; }

 private:
  uint64_t high_;
  const CgroupGuard* guard_ = nullptr;
  const EbpfSession* session_ = nullptr;
  uint64_t records_ = 0;
  uint64_t pauses_ = 0;
  bool frozen_ = false;
};

}  // namespace capsule
