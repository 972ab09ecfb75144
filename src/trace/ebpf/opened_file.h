// The kernel's name for the fd an open call returned (or a recvmsg received), as the ptrace
// backend reads it from /proc/TID/fd/N at the call's exit ("/usr/lib/x86_64-linux-gnu/libc.so.6"
// for an open of "/lib/…", "/dev/null<char 1:3>", "/etc/shadow" for a symlink to it). Here the
// program runs on and may have closed the fd or ended by the time its record is read, so the
// kernel side walks the file's dentries at the call's exit (records.h, kpath). Only a path it
// could not walk whole (deeper or longer than the record holds) is resolved here instead, from
// the path as opened (realpath, in the mount namespace capsule shares with the program), and kept
// only when it is the very inode the kernel side found behind the fd.
#pragma once

#include "event/syscall_event.h"
#include "trace/ebpf/bpf/records.h"
#include "trace/socket_names.h"

namespace capsule {

// Adds the fd's name to ev.created_fds when ev returned or received f.fd;
// a pipe's ends by their inode; a socket as sock_diag names it (sockets keeps what it said).
void note_opened_file(const capsule_opened& f, SyscallEvent& ev, SocketNames& sockets);

}  // namespace capsule
