// Never untraced, even when capsule dies: ptrace's tracee dies with its tracer, an eBPF-traced
// program would run on. So the traced tree lives in a cgroup v2 directory of its own, and a small
// watchdog process holds a pipe from capsule: at EOF (capsule ended, even by SIGKILL) it writes
// cgroup.kill, which kills every process of the tree at once, however deep or detached.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>

#include "base/unique_fd.h"

namespace capsule {

// Where cgroup v2 is mounted (/sys/fs/cgroup on a pure v2 system, /sys/fs/cgroup/unified on a
// hybrid one); nullopt when it is not.
std::optional<std::filesystem::path> cgroup2_mount();

class CgroupGuard {
 public:
  // Creates the directory and starts the watchdog. Throws std::system_error.
  CgroupGuard();
  ~CgroupGuard();  // kills what is left, stops the watchdog, removes the directory
  CgroupGuard(const CgroupGuard&) = delete;
  CgroupGuard& operator=(const CgroupGuard&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  // "…/cgroup.procs", for the held child to move itself in (a path made before the fork).
  const std::string& procs_file() const { return procs_; }
  // True while a process is in the cgroup (cgroup.events "populated 1").
  bool populated() const;
  // cgroup.events, open: polls EPOLLPRI when "populated" changes (until populated() reads it), so
  // the end of the tree wakes a loop at once rather than at its next tick. -1 if it cannot be opened.
  int events_fd() const { return events_.get(); }
  // Kills every process in the cgroup.
  void kill_all() const;
  // Sends sig to every process in the cgroup (SIGTERM before the grace period ends).
  void signal_all(int sig) const;
  // Stops (true) or resumes every process of the cgroup (cgroup.freeze): the programs cannot tell,
  // no signal is involved. The eBPF backend's back-pressure (ebpf_backend.cpp).
  void freeze(bool on) const;

 private:
  std::filesystem::path dir_;
  std::string procs_;
  std::string kill_file_;
  std::string freeze_file_;
  UniqueFd events_;
  UniqueFd watchdog_pipe_;  // write end: its EOF is the watchdog's signal
  pid_t watchdog_ = -1;
};

}  // namespace capsule
