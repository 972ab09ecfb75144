// The kernel's names for the fds a call created, read at the call's exit stop.
#pragma once

#include <sys/types.h>

#include "event/syscall_event.h"
#include "trace/socket_names.h"

namespace capsule {

// Fills ev.created_fds for a successful call: its fd result and the fds of an output fd array
// (pipe's pipefd, socketpair's sv: natively the only arrays of fds a decoder fills), each with
// readlink(/proc/TID/fd/N): "/usr/lib/x86_64-linux-gnu/libc.so.6" for an open of "/lib/…",
// "pipe:[1234]", "/memfd:x (deleted)"; a device with strace -yy's suffix, "/dev/null<char 1:3>".
// The tracee is stopped, so the answer is its fd table at the moment of the call, what strace
// -yy shows, never a later state. An fd whose link cannot be read is left out.
// A socket gets strace's name from sock_diag ("UNIX-STREAM:[INO->PEER]", "TCP:[a:p->b:q]"), and
// so does the socket of a bind, listen or connect, whose name the call changes: only these calls
// ask sock_diag, never the reads and writes of the hot path.
void note_created_fds(pid_t tid, SyscallEvent& ev, SocketNames& sockets);

// At a call's entry: fills ev.renamed_fds with the name of the fd in its first argument register
// (arg0) when that is a socket sock_diag did not know at its last call (SocketNames::asked_again):
// strace asks again at each call. A call whose first argument only looks like that fd refreshes
// the name early: the enricher shows the fd's current name either way.
void note_renamed_fd(pid_t tid, uint64_t arg0, SyscallEvent& ev, SocketNames& sockets);

}  // namespace capsule
