// The user-space half of the outside-tree containment under --backend ebpf (outside_tree_guard.h):
// a thread that receives the filter's notifications, decides each with the ptrace backend's
// Containment::check, checks that the notification is still valid (SECCOMP_IOCTL_NOTIF_ID_VALID)
// and answers: SECCOMP_USER_NOTIF_FLAG_CONTINUE (the call runs), an errno (refused), or 0 after
// sending the signal to the tree's members itself (a kill(0) or kill(-PGID) narrowed to the
// tree). The kernel side records every such call as any other; the refusals are kept here until
// the event assembler marks their records denied (take_refusal).
//
// If capsule dies, the listener closes: a waiting call, and every later one the filter notifies,
// fails with ENOSYS (the kernel's answer when no supervisor listens), and the cgroup's watchdog
// kills the tree anyway.
#pragma once

#include <linux/seccomp.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "base/stoppable_thread.h"
#include "base/unique_fd.h"
#include "trace/containment.h"

namespace capsule {

// The process (thread group) a thread belongs to, from /proc/TID/status; 0 if it is gone.
pid_t thread_group_of(pid_t tid);

class OutsideTreeSupervisor {
 public:
  // traced: whether a process (a tgid) is in the traced tree (the kernel side's map).
  explicit OutsideTreeSupervisor(std::function<bool(pid_t)> traced);
  ~OutsideTreeSupervisor() { stop(); }
  OutsideTreeSupervisor(const OutsideTreeSupervisor&) = delete;
  OutsideTreeSupervisor& operator=(const OutsideTreeSupervisor&) = delete;

  // Answers the notifications of `listener` from now on. Throws std::system_error.
  void start(UniqueFd listener);
  // Ends the thread (once the tree has ended: a call still waiting would wait for ever).
  void stop() { thread_.stop(); }

  // Whether capsule refused the call of thread `tid` with number `nr` that returned `ret` at
  // t_exit_ns (CLOCK_MONOTONIC, the kernel side's clock), and why. Each refusal is taken once, in
  // order, by the thread's first record that ended after it (the refused call's: earlier calls of
  // the thread may still be in the ring when the refusal is made).
  std::optional<DenyReason> take_refusal(pid_t tid, int32_t nr, int64_t ret, uint64_t t_exit_ns);
  // Calls refused for acting outside the tree.
  uint64_t refused() const { return refused_.load(); }

 private:
  struct Pending {
    int32_t nr = 0;
    int err = 0;
    DenyReason reason = DenyReason::OutsideTree;
    uint64_t decided_ns = 0;  // CLOCK_MONOTONIC, before the answer: the call ends after it
  };
  void serve();
  void answer(const seccomp_notif& req, void* resp_buf);

  std::function<bool(pid_t)> traced_;
  InTree in_tree_;
  Containment containment_;
  UniqueFd listener_;
  size_t notif_size_ = 0;
  size_t resp_size_ = 0;
  std::mutex mutex_;
  // By tid, oldest first, until the assembler sees their records: the consumer may lag behind a
  // thread refused several times in a row.
  std::unordered_map<pid_t, std::deque<Pending>> pending_;
  std::atomic<size_t> pending_count_{0};  // refusals in pending_, read without the lock
  std::atomic<uint64_t> refused_{0};
  StoppableThread thread_;  // last: it ends before what it uses goes
};

}  // namespace capsule
