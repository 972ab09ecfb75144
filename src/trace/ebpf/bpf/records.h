/* What the kernel side (capsule.bpf.c) sends user space through the ring buffer, and the capture
 * plan user space gives it: one layout, included by both sides (plain C, kernel types). */
#ifndef CAPSULE_EBPF_RECORDS_H
#define CAPSULE_EBPF_RECORDS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Bytes of one captured memory segment at most (a path is at most PATH_MAX = 4096 with its NUL). */
#define CAPSULE_MAX_SEGMENT 4096
/* Syscall numbers the plan covers (x86_64's table ends below 512). */
#define CAPSULE_MAX_NR 512
/* rt_sigreturn's signal frame: the mask the call restores is at the stack pointer - 8 (the
 * handler's return popped the frame's first word) + 8 + offsetof(ucontext_t, uc_sigmask), as the
 * decoder reads it (decode/process.cpp). The kernel side captures those 8 bytes at entry and sends
 * the stack pointer in the call's first argument word (rt_sigreturn takes none). */
#define CAPSULE_SIGFRAME_MASK_OFFSET (8 + 296)
#define CAPSULE_NR_RT_SIGRETURN 15

/* A kernel path (struct capsule_opened's kpath): the names it holds at most, and the largest
 * read of one name (NAME_MAX and its NUL); the array has room for one read past the limit, the
 * bound the verifier understands. A longer path is named by user space as before. */
#define CAPSULE_KPATH_BYTES 1024
#define CAPSULE_KPATH_NAME 256
#define CAPSULE_KPATH_DEPTH 64

/* Elements of an argv/envp array captured at execve: the decoders' array limit
 * (decode/syscall_decoder.h), as the ptrace backend records. */
#define CAPSULE_MAX_ARGV 4096
/* Bytes of one string (an argv/envp element) captured at most, NUL included: --string-limit
 * beyond this reads the string cut here. */
#define CAPSULE_MAX_STRING (64 * CAPSULE_MAX_SEGMENT)

enum capsule_rec_type {
  CAPSULE_REC_SEGMENT = 1,  /* bytes of the tracee's memory the next REC_SYSCALL of tid refers to */
  CAPSULE_REC_SYSCALL = 2,  /* a finished call: arguments, return, entry and exit time */
  CAPSULE_REC_NORETURN = 3, /* exit/exit_group, sent at entry (they have no exit) */
  CAPSULE_REC_EXIT = 4,     /* a thread ended: ret holds its wait status */
  CAPSULE_REC_EXEC_BLOCK = 5, /* a segment whose addr is an enum capsule_exec_block: what a
                               * successful execve really used, read at sched_process_exec */
  CAPSULE_REC_SIGNAL = 6,   /* a signal delivered to tid (struct capsule_signal) */
  CAPSULE_REC_OPENED = 7,   /* a file the next REC_SYSCALL of tid opened (struct capsule_opened);
                             * fd -1: the file a successful execve runs */
  CAPSULE_REC_SEGMENT_AFTER = 8, /* as REC_SEGMENT, read again at the exit of a call captured at
                                  * entry: the memory as the call left it (plan `after`) */
  CAPSULE_REC_FILE_BYTES = 9, /* memory the next REC_SYSCALL of tid refers to that could not be
                               * read but is a file's bytes (struct capsule_file_bytes) */
};

/* execve's strings as the new image holds them, for the decoders when reading them at entry
 * faulted (a page not resident after fork): NUL-separated, up to CAPSULE_MAX_SEGMENT bytes. */
enum capsule_exec_block {
  CAPSULE_EXEC_FILENAME = 0,
  CAPSULE_EXEC_ARGV = 1,
  CAPSULE_EXEC_ENVP = 2,
};

/* How one argument's memory is captured (filled per syscall by user space, capture_plan.cpp). */
enum capsule_capture {
  CAPSULE_CAP_NONE = 0,
  CAPSULE_CAP_PATH = 1,    /* NUL-terminated, up to CAPSULE_MAX_SEGMENT bytes */
  CAPSULE_CAP_BUF_ARG = 2, /* bytes, length in argument `related`, up to the string limit */
  CAPSULE_CAP_BUF_RET = 3, /* bytes, length = the return value when positive, up to the string limit */
  CAPSULE_CAP_FIXED = 4,   /* `size` bytes (a struct) */
  CAPSULE_CAP_STRARRAY = 5,/* NULL-terminated char*[]: the pointers and each string (string limit + 1) */
  CAPSULE_CAP_BUF_LENPTR = 6,/* bytes, length in the 32-bit word argument `related` points at
                              * (a socklen_t the call filled), up to the string limit */
  CAPSULE_CAP_IOVEC = 7,   /* struct iovec[argument `related`] and each buffer up to the string
                            * limit; with success_only, only the first `ret` bytes in all */
  CAPSULE_CAP_MSGHDR = 8,  /* struct msghdr, its name and its iovecs (as CAP_IOVEC) */
  CAPSULE_CAP_ARRAY_ARG = 9, /* argument `related` elements of `size` bytes, up to CAPSULE_MAX_ARRAY */
  CAPSULE_CAP_ARRAY_RET = 10,/* `ret` elements of `size` bytes, up to CAPSULE_MAX_ARRAY */
  CAPSULE_CAP_FDSET = 11,    /* an fd_set of argument `related` bits, as whole 8-byte words, up to
                              * CAPSULE_MAX_SEGMENT bytes */
  CAPSULE_CAP_MMSGHDR = 13,  /* struct mmsghdr[argument `related`] (after a successful call, as many
                              * as it returns) and each message as CAP_MSGHDR */
  CAPSULE_CAP_SIZED_PTR = 12,/* a {pointer, size} pair (16 bytes), then up to `size` bytes at the
                              * pointer (pselect6's sigmask) */
  CAPSULE_CAP_HEADED_BUF = 14,/* `size` bytes of a header, then a buffer of argument `related`
                               * bytes up to the string limit (msgsnd/msgrcv's mtype and mtext) */
};

/* Bytes of one array capture at most (adjacent segments of CAPSULE_MAX_SEGMENT): a directory
 * listing of glibc's 32 KiB buffer whole. */
#define CAPSULE_MAX_ARRAY (16 * CAPSULE_MAX_SEGMENT)
/* iovecs of one call captured at most: the array in one segment. */
#define CAPSULE_MAX_IOV (CAPSULE_MAX_SEGMENT / 16)
/* Messages of one sendmmsg/recvmmsg captured at most. */
#define CAPSULE_MAX_MMSG 16
/* Bytes of a msghdr's name captured (a sockaddr_storage). */
#define CAPSULE_MAX_SOCKADDR 128

/* A traced task's own storage (capsule.bpf.c, `pending`): the call it is in, saved at the entry.
 * User space writes the first one, for the program's first process, through a pidfd. */
struct capsule_pending {
  __u64 args[6];
  __u64 t_enter;
  __s32 nr;
  __u32 live; /* 1 from the call's entry until it is sent */
  __u32 gen;  /* the run's generation (capsule.bpf.c, run_generation): a task of another run's is not traced */
  __u32 pad;
};

struct capsule_plan {
  __u8 kind[6];     /* enum capsule_capture per argument */
  __u8 related[6];  /* CAP_BUF_ARG: the length's argument index */
  __u16 size[6];    /* CAP_FIXED: bytes */
  __u8 at_entry;    /* capture at entry (execve: the new image replaces the memory) */
  __u8 success_only;/* bit i: argument i's memory is filled by the call: only on success */
  __u8 names_ret_fd;/* the call returns a new fd a name is read for (an open's path, a socket's
                     * ends): REC_OPENED after it */
  __u8 fd_pair;     /* 1 + the index of the int[2] argument pipe, pipe2 and socketpair fill with
                     * two new fds: a REC_OPENED for each; 0 for none */
  __u8 socket_arg;  /* 1 + the index of the socket fd argument whose name the call changes
                     * (bind, listen, connect): a REC_OPENED for it after the call; 0 for none */
  __u8 after;       /* bit i: with at_entry, argument i (CAP_FIXED or CAP_FDSET) is captured again
                     * at the exit, as REC_SEGMENT_AFTER (select's sets and time left) */
  __u8 receives_fds;/* 1 + the index of the struct msghdr (or mmsghdr: its first message) argument
                     * whose SCM_RIGHTS fds a successful call installed: a REC_OPENED for each */
  __u8 fd_arg0;     /* the first argument is an fd (CAPSULE_OPENED_AT_ENTRY) */
};

struct capsule_rec_header {
  __u32 type;
  __u32 tid;
};

struct capsule_segment {
  __u32 type;
  __u32 tid;
  __u64 addr;
  __u32 len;   /* bytes in data (a string: up to and including its NUL when it was found) */
  __u32 pad;
  /* Twice the largest segment: the BPF side masks lengths with 2 * CAPSULE_MAX_SEGMENT - 1, the
   * bound the verifier understands. */
  __u8 data[2 * CAPSULE_MAX_SEGMENT];
};

struct capsule_syscall {
  __u32 type;
  __u32 tid;
  __u32 tgid;
  __s32 nr;
  __u64 args[6];
  __s64 ret;        /* raw kernel return; REC_EXIT: the wait status */
  __u64 t_enter;    /* CLOCK_MONOTONIC ns */
  __u64 t_exit;
};

/* The inode behind the fd an open call returned, read from the task's fd table at the call's
 * exit: user space names the fd with the kernel's path for it (symlinks resolved, /lib →
 * /usr/lib) only when the path it resolves is this very file (opened_file.h). */
struct capsule_opened {
  __u32 type;
  __u32 tid;
  __s32 fd;
  __u32 mode;       /* i_mode */
  __u64 ino;
  __u32 dev;        /* the kernel's dev_t: major << 20 | minor */
  __u32 flags;      /* CAPSULE_OPENED_* */
  char proto[16];   /* a socket's protocol as the kernel names it (sk_prot's name: "TCP",
                     * "UNIX-STREAM", what the system.sockprotoname attribute gives); else "" */
  /* An AF_INET/AF_INET6 socket's ends at the call's exit, what sock_diag would say then (it
   * cannot be asked later: the socket may be closed by the time capsule reads the record). */
  __u16 family;     /* sk's family; 0 when not a socket */
  __u16 lport;      /* host order (skc_num) */
  __u16 rport_be;   /* network order (skc_dport) */
  __u16 pad2;
  __u32 laddr[4];   /* network order; AF_INET: laddr[0] */
  __u32 raddr[4];
  __u64 peer_ino;   /* AF_UNIX: the peer's inode, 0 for none */
  __u32 path_len;   /* AF_UNIX: bytes of path (the bound address, abstract: a leading NUL) */
  char path[108];
  __u32 rdev;       /* a device's number (i_rdev), the kernel's dev_t */
  __u32 kpath_flags;/* CAPSULE_KPATH_* */
  __u32 kpath_len;  /* bytes of kpath used; the record is sent only that far */
  __u32 pad3;
  /* The file's path as the kernel names it (d_path), walked from the file's dentry up to the
   * task's root, crossing mounts: its names leaf first, each with its NUL ("libc.so.6\0x86_64-
   * linux-gnu\0lib\0usr\0" for /usr/lib/x86_64-linux-gnu/libc.so.6). Read at the call's exit,
   * because by the time user space reads the record the fd, and the process, may be gone. */
  char kpath[CAPSULE_KPATH_BYTES + CAPSULE_KPATH_NAME];
};

/* flags */
#define CAPSULE_OPENED_AT_ENTRY 1 /* read at the entry of a call on a socket its last record named
                                   * only in part (capsule.bpf.c, unnamed_socks): named again there,
                                   * as strace asks sock_diag again at each call on such a socket */

/* kpath_flags */
#define CAPSULE_KPATH_WHOLE 1   /* the walk reached the root: kpath is the whole path */
#define CAPSULE_KPATH_DELETED 2 /* the dentry is unlinked: the kernel's name ends " (deleted)" */

/* A buffer the kernel side could not read (its page never touched, so not resident: a write of
 * a string in .rodata that failed before the kernel read it) whose memory is a file's own bytes:
 * a shared file mapping, or a private one no page of which was ever copied (no anon_vma). User
 * space reads them from the file it knows by this inode (trace/ebpf/mapped_files.h). */
struct capsule_file_bytes {
  __u32 type;
  __u32 tid;
  __u64 addr;
  __u64 len;
  __u64 ino;
  __u64 offset;     /* in the file */
  __u32 dev;        /* the kernel's dev_t: major << 20 | minor */
  __u32 pad;
};

/* A signal as ptrace's signal-delivery-stop reports it: the siginfo strace shows. Or, with
 * stopped set, the thread entering the group-stop that signal began (strace's "--- stopped by
 * SIGSTOP ---"). */
struct capsule_signal {
  __u32 type;
  __u32 tid;
  __u32 tgid;
  __s32 signo;
  __s32 code;       /* si_code */
  __u32 stopped;    /* 1: a group-stop, not a delivery */
  __u64 fields[4];  /* the siginfo's union (_sifields) as the kernel filled it: si_pid and si_uid,
                     * si_value, si_addr, SIGCHLD's status and times... whichever the code uses */
  __u64 t;          /* CLOCK_MONOTONIC ns */
};

#endif
