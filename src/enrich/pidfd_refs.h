// Process fds as strace -yy names them: "pid:N" while the process the pidfd refers to has not
// been reaped (strace reads the pid /proc shows in the fd's fdinfo), "anon_inode:[pidfd]" after.
// The enricher learns the process from pidfd_open's argument and forgets it when a wait call
// of the traced tree reaps that process.
#pragma once

#include <cstdint>

#include "enrich/enricher_state.h"

namespace capsule {

// A new pidfd for process pid (the fd's entry as pidfd_open or clone's CLONE_PIDFD make it).
FdEntry pidfd_entry(int32_t pid);

// The entry of pidfd_getfd's targetfd in the process its pidfd names, when the enricher knows
// both; nullptr otherwise.
const FdEntry* pidfd_getfd_target(const SyscallEvent& ev, const ProcessEntry& caller, const ProcessTable& procs);

// The pidfd a successful clone with CLONE_PIDFD wrote to parent_tid (in the parent); else -1.
int64_t clone_pidfd(const SyscallEvent& ev);

// After a wait call: the process it reaped (an exited or killed child), whose pidfds, in every
// process, become anon_inode:[pidfd].
void forget_reaped_pidfds(const SyscallEvent& ev, ProcessTable& procs);

}  // namespace capsule
