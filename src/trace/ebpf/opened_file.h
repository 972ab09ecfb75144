// The kernel's name for the fd an open call returned, as the ptrace backend reads it from
// /proc/TID/fd/N at the call's exit ("/usr/lib/x86_64-linux-gnu/libc.so.6" for an open of
// "/lib/…", "/dev/null<char 1:3>"). Here the program runs on and may have closed the fd or ended
// by the time its record is read, so capsule resolves the path as opened instead (realpath, in
// the mount namespace it shares with the program) and keeps the result only when it is the very
// inode the kernel side found behind the fd at the call's exit (records.h, capsule_opened): a path
// changed since, or one capsule sees differently (/proc/self), keeps the path as opened.
#pragma once

#include "event/syscall_event.h"
#include "trace/ebpf/bpf/records.h"
#include "trace/socket_names.h"

namespace capsule {

// Adds the fd's name to ev.created_fds when ev returned f.fd and its path resolves to f's inode;
// a pipe's ends by their inode; a socket as sock_diag names it (sockets keeps what it said).
void note_opened_file(const capsule_opened& f, SyscallEvent& ev, SocketNames& sockets);

}  // namespace capsule
