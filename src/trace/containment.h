// What the traced tree may not do (docs/SECURITY.md), decided at each call's entry before the
// kernel runs it: by the native tracer at its entry stop (it knows the tree exactly: every process
// in it is its tracee), and under --backend ebpf by capsule's answer to a seccomp user
// notification (trace/ebpf/outside_tree_guard.h; the tree is the kernel side's traced map):
//
// - acting on a process outside the tree: ptrace (any request but TRACEME), a signal other than 0
//   (kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal), cross-process
//   memory (process_vm_readv/writev, opening /proc/PID/mem or /proc/PID/task/TID/mem for writing),
//   taking an fd (pidfd_getfd). capsule itself and its threads are outside the tree. kill(-1)
//   always reaches outsiders (capsule at least); kill(0) and kill(-PGID) are refused when the
//   process group holds a live process outside the tree (a program started from a shell shares
//   capsule's group). A pid that is not alive (gone, or a zombie) is left to the kernel: no signal
//   or access can harm it. --allow-outside-tree turns all of this off.
// - io_uring_setup (ENOSYS): operations submitted through a ring are not syscalls, no tracer sees
//   them. --allow-io-uring lets it through.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "decode/syscall_decoder.h"
#include "event/syscall_event.h"

namespace capsule {

struct ContainmentOptions {
  bool allow_outside_tree = false;  // --allow-outside-tree
  bool allow_io_uring = false;      // --allow-io-uring
};

// A refused call: it is skipped and returns -1 with this errno.
struct Refusal {
  DenyReason reason = DenyReason::OutsideTree;
  int err = 0;
  // kill(0, sig) or kill(-PGID, sig) on a group that also holds outsiders (a program started from
  // a shell shares capsule's group): not refused but narrowed. The call is skipped and returns 0,
  // and capsule sends `signal` to the group's members inside the tree, so that a script's
  // `kill 0` still ends its own jobs and nothing else.
  pid_t tree_group = 0;
  int signal = 0;
};

// The calls the outside-tree check decides on, and when each can matter: `nonzero`, the argument
// that must not be 0 (a signal, where 0 only probes; ptrace's request, PTRACE_TRACEME being 0), or
// -1; `open_flags`, the argument holding open(2) flags (only a write access can matter), or -1.
// A call that is not listed is never refused for acting outside the tree. The eBPF backend's
// seccomp filter is built from this list, so that every other call never leaves the kernel.
struct OutsideTreeCall {
  const char* name;
  int nonzero = -1;
  int open_flags = -1;
};
std::span<const OutsideTreeCall> outside_tree_calls();

// Whether a pid or tid belongs to a live tracee (the tree).
using InTree = std::function<bool(pid_t)>;

// The live processes of group `pgrp` that belong to the tree.
std::vector<pid_t> tree_members_of_group(pid_t pgrp, const InTree& in_tree);

class Containment {
 public:
  explicit Containment(ContainmentOptions opts);

  // The refusal for the call `tid` (of process `tgid`) is entering, or nullopt to let it run.
  // Cheap for every call but the few the table marks guarded and opens for writing.
  std::optional<Refusal> check(const RawSyscall& call, pid_t tid, pid_t tgid, const InTree& in_tree) const;

 private:
  ContainmentOptions opts_;
  dev_t proc_dev_ = 0;  // procfs's device: a write-open elsewhere is never a /proc/PID/mem
  bool proc_dev_known_ = false;
};

}  // namespace capsule
