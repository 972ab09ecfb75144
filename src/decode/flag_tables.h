// The constant tables (data only), one per kind of flag or enumeration. Defined in flag_tables.cpp
// from the system headers' own macros, so the names are the headers' spellings.
#pragma once

#include "decode/flags.h"

namespace capsule::tables {

extern const FlagTable kOpenAccess;    // O_RDONLY / O_WRONLY / O_RDWR (values of O_ACCMODE bits)
extern const FlagTable kOpenFlags;     // every other O_* bit
extern const FlagTable kAtFlags;       // AT_* (AT_REMOVEDIR reading of 0x200)
extern const FlagTable kAccessAtFlags; // AT_* for faccessat2 (AT_EACCESS reading of 0x200)
extern const FlagTable kAccessMode;    // R_OK|W_OK|X_OK (0 is F_OK)
extern const FlagTable kWhence;        // SEEK_*
extern const FlagTable kFdFlags;       // FD_CLOEXEC
extern const FlagTable kFcntlCmds;     // F_*
extern const FlagTable kCloneFlags;    // CLONE_* for clone/clone3 (without the exit signal byte)
extern const FlagTable kNsFlags;       // CLONE_NEW* and the other unshare bits
extern const FlagTable kWaitOptions;   // WNOHANG…
extern const FlagTable kPrctlOptions;  // PR_*
extern const FlagTable kMountFlags;    // MS_*
extern const FlagTable kUmountFlags;   // MNT_*
extern const FlagTable kMmapProt;      // PROT_*
extern const FlagTable kMmapType;      // MAP_SHARED / MAP_PRIVATE / MAP_SHARED_VALIDATE
extern const FlagTable kMmapFlags;     // other MAP_* bits
extern const FlagTable kMremapFlags;   // MREMAP_*
extern const FlagTable kAddressFamilies;  // AF_*
extern const FlagTable kSocketTypes;   // SOCK_STREAM… (low 4 bits of socket's type)
extern const FlagTable kSocketFlags;   // SOCK_NONBLOCK|SOCK_CLOEXEC
extern const FlagTable kMsgFlags;      // MSG_*
extern const FlagTable kShutdownHow;   // SHUT_*
extern const FlagTable kSocketLevels;  // SOL_*
extern const FlagTable kFutexCmds;     // FUTEX_* commands (without the private/clock bits)
extern const FlagTable kFutexBitset;   // FUTEX_BITSET_MATCH_ANY (val3 of the bitset operations)
extern const FlagTable kFutexWakeOps;      // FUTEX_OP_SET… (FUTEX_WAKE_OP's operation, bits 28-30)
extern const FlagTable kFutexWaitvFlags;   // FUTEX_32|FUTEX_PRIVATE_FLAG (futex_waitv's waiters)
extern const FlagTable kFutexWakeOpFlags;  // FUTEX_OP_OPARG_SHIFT (bit 31 of it, as the operation's 8)
extern const FlagTable kFutexWakeOpCmps;   // FUTEX_OP_CMP_EQ… (its comparison, bits 24-27)
extern const FlagTable kSigprocmaskHow;  // SIG_BLOCK…
extern const FlagTable kArchPrctlCodes;  // ARCH_*
extern const FlagTable kRlimits;       // RLIMIT_*
extern const FlagTable kClockIds;      // CLOCK_*
extern const FlagTable kEpollOps;      // EPOLL_CTL_*
extern const FlagTable kRenameFlags;   // RENAME_*
extern const FlagTable kStatxMask;     // STATX_*
extern const FlagTable kResolveFlags;  // RESOLVE_* (openat2's open_how.resolve)
extern const FlagTable kStatxAttrs;    // STATX_ATTR_*
extern const FlagTable kSigactionFlags;  // SA_* (struct sigaction's sa_flags)
extern const FlagTable kStatxSync;     // AT_STATX_FORCE_SYNC / _DONT_SYNC (0: AT_STATX_SYNC_AS_STAT)
extern const FlagTable kCapVersions;   // _LINUX_CAPABILITY_VERSION_*
extern const FlagTable kPtraceRequests;  // PTRACE_* requests
extern const FlagTable kGrndFlags;     // GRND_* (getrandom)
extern const FlagTable kMadvAdvice;    // MADV_* (madvise)
extern const FlagTable kSeccompOps;    // SECCOMP_SET_MODE_* / SECCOMP_GET_* (seccomp's operation)
extern const FlagTable kSeccompFilterFlags;  // SECCOMP_FILTER_FLAG_*
extern const FlagTable kBpfCmds;       // BPF_* commands
extern const FlagTable kMfdFlags;      // MFD_* (memfd_create)
extern const FlagTable kDirentTypes;   // DT_* (getdents' d_type)
extern const FlagTable kFadvAdvice;    // POSIX_FADV_* (fadvise64)
extern const FlagTable kRusageWho;     // RUSAGE_* (getrusage)
extern const FlagTable kFsMagics;      // EXT2_SUPER_MAGIC… (struct statfs's f_type)
extern const FlagTable kStatfsFlags;   // ST_* (struct statfs's f_flags)
extern const FlagTable kIoctlRequests;  // TCGETS, FIONBIO… (ioctl's terminal and file requests)
extern const FlagTable kTcflushQueues;  // TCIFLUSH… (ioctl TCFLSH's queue)
extern const FlagTable kTcxoncActions;  // TCOOFF… (ioctl TCXONC's action)
extern const FlagTable kEpollEvents;   // EPOLLIN|EPOLLET… (struct epoll_event's events)
extern const FlagTable kIpProtocols;   // IPPROTO_* (socket's protocol for AF_INET, AF_INET6)
extern const FlagTable kNetlinkProtocols;  // NETLINK_* (socket's protocol for AF_NETLINK)
extern const FlagTable kSolSocketOptions;  // SO_* (SOL_SOCKET options)
extern const FlagTable kTcpOptions;    // TCP_* (SOL_TCP options)
extern const FlagTable kIpOptions;     // IP_* (SOL_IP options)
extern const FlagTable kIpv6Options;   // IPV6_* (SOL_IPV6 options)
extern const FlagTable kEpollFlags;    // EPOLL_CLOEXEC (epoll_create1)
extern const FlagTable kEfdFlags;      // EFD_* (eventfd2)
extern const FlagTable kTfdFlags;      // TFD_CLOEXEC|TFD_NONBLOCK (timerfd_create)
extern const FlagTable kSfdFlags;      // SFD_* (signalfd4)
extern const FlagTable kInotifyFlags;  // IN_NONBLOCK|IN_CLOEXEC (inotify_init1)
extern const FlagTable kPollEvents;    // POLLIN|POLLOUT… (struct pollfd's events and revents)
// Defined in flag_tables_calls.cpp (tables of single-purpose calls):
extern const FlagTable kFlockOps;      // LOCK_* (flock)
extern const FlagTable kFallocModes;   // FALLOC_FL_* (fallocate)
extern const FlagTable kCloseRangeFlags;  // CLOSE_RANGE_*
extern const FlagTable kInotifyMask;   // IN_ACCESS|IN_MODIFY… (inotify_add_watch's mask)
extern const FlagTable kXattrFlags;    // XATTR_CREATE / XATTR_REPLACE (setxattr)
extern const FlagTable kMlockFlags;    // MLOCK_ONFAULT (mlock2)
extern const FlagTable kMsyncFlags;    // MS_ASYNC|MS_SYNC|MS_INVALIDATE (msync)
extern const FlagTable kSpliceFlags;   // SPLICE_F_* (splice, tee, vmsplice)
extern const FlagTable kSyncFileRangeFlags;  // SYNC_FILE_RANGE_*
extern const FlagTable kPkeyAccess;    // PKEY_DISABLE_* (pkey_alloc's access rights)
extern const FlagTable kPrioWhich;     // PRIO_* (getpriority/setpriority)
extern const FlagTable kSchedPolicies; // SCHED_* (the scheduling policy)
extern const FlagTable kTimerFlags;    // TIMER_ABSTIME (clock_nanosleep)
extern const FlagTable kMempolicyModes;  // MPOL_* (mbind, set_mempolicy)
extern const FlagTable kIpcKeys;       // IPC_PRIVATE (a System V key of 0)
extern const FlagTable kPersonaTypes;  // PER_LINUX, PER_BSD… (personality's low byte)
extern const FlagTable kPersonaFlags;  // ADDR_NO_RANDOMIZE|READ_IMPLIES_EXEC… (personality's other bits)
extern const FlagTable kMembarrierCmds;   // MEMBARRIER_CMD_* (membarrier's command, QUERY's result bits)
extern const FlagTable kMembarrierFlags;  // MEMBARRIER_CMD_FLAG_CPU
extern const FlagTable kKcmpTypes;     // KCMP_FILE… (kcmp's type)
extern const FlagTable kRemapFlags;    // MAP_NONBLOCK (remap_file_pages)
extern const FlagTable kSchedAttrFlags;  // SCHED_FLAG_* (struct sched_attr's sched_flags)
extern const FlagTable kWaitIdTypes;   // P_ALL, P_PID, P_PGID, P_PIDFD (waitid's idtype)
extern const FlagTable kScmTypes;      // SCM_RIGHTS… (a SOL_SOCKET control message's type)
extern const FlagTable kFOwnerTypes;   // F_OWNER_TID… (struct f_owner_ex's type)
extern const FlagTable kAdjtimexModes;    // ADJ_* (struct timex's modes)
extern const FlagTable kAdjtimexStatus;   // STA_* (struct timex's status)
extern const FlagTable kAdjtimexStates;   // TIME_OK… (adjtimex's and clock_adjtime's result)
extern const FlagTable kShmgetFlags;   // IPC_CREAT|IPC_EXCL|SHM_HUGETLB… (shmget, above the mode bits)
extern const FlagTable kShmatFlags;    // SHM_RDONLY|SHM_RND… (shmat)
extern const FlagTable kShmctlCmds;    // IPC_RMID, SHM_LOCK… (shmctl's command)
extern const FlagTable kFlockTypes;    // F_RDLCK / F_WRLCK / F_UNLCK (struct flock's l_type)
extern const FlagTable kFileSeals;     // F_SEAL_* (fcntl F_ADD_SEALS)
extern const FlagTable kFanInitFlags;  // FAN_CLOEXEC|FAN_NONBLOCK|FAN_REPORT_FID… (fanotify_init)
extern const FlagTable kFanClasses;    // FAN_CLASS_* (fanotify_init's notification class)
extern const FlagTable kFanMarkFlags;  // FAN_MARK_* (fanotify_mark's flags)
extern const FlagTable kFanEvents;     // FAN_OPEN|FAN_CLOSE_WRITE… (fanotify_mark's mask)
extern const FlagTable kIpcGetFlags;   // IPC_CREAT|IPC_EXCL|IPC_NOWAIT (semget, msgget)
extern const FlagTable kSemOpFlags;    // SEM_UNDO|IPC_NOWAIT (struct sembuf's sem_flg)
extern const FlagTable kSemctlCmds;    // IPC_RMID, GETVAL, SETVAL… (semctl's command)
extern const FlagTable kMsgctlCmds;    // IPC_RMID, MSG_STAT… (msgctl's command)
extern const FlagTable kIpcMsgFlags;   // IPC_NOWAIT|MSG_NOERROR… (msgsnd, msgrcv)
extern const FlagTable kSigevNotify;   // SIGEV_* (struct sigevent's sigev_notify)
extern const FlagTable kKeySpecs;     // KEY_SPEC_* (special key ids, as 32-bit words)
extern const FlagTable kKeyctlCmds;    // KEYCTL_* (keyctl's command)
extern const FlagTable kKeyPerms;      // KEY_POS_VIEW|KEY_USR_READ… (KEYCTL_SETPERM)
extern const FlagTable kIoprioWho;     // IOPRIO_WHO_* (ioprio_get/ioprio_set's which)
extern const FlagTable kIoprioClasses; // IOPRIO_CLASS_* (inside IOPRIO_PRIO_VALUE(…))
extern const FlagTable kRwfFlags;      // RWF_* (preadv2/pwritev2)
extern const FlagTable kItimerWhich;   // ITIMER_* (getitimer/setitimer)
extern const FlagTable kSigaltstackFlags;  // SS_* (stack_t's ss_flags)
// Defined in prctl.cpp, with the decoder that reads it:
extern const FlagTable kPrctlDumpable; // SUID_DUMP_* (PR_SET_DUMPABLE's mode)
extern const FlagTable kPrctlMceKillPolicy;  // PR_MCE_KILL_LATE… (PR_MCE_KILL_GET's result)
extern const FlagTable kPrctlSpecCtrl; // PR_SPEC_* bits (PR_GET_SPECULATION_CTRL's result)
// Defined in siginfo.cpp, with the decoder that reads them:
extern const FlagTable kSiCodes;       // SI_* (si_code of any signal; SI_TKILL is negative)
extern const FlagTable kSigchldCodes;  // CLD_*
extern const FlagTable kSigsegvCodes;  // SEGV_*
extern const FlagTable kSigbusCodes;   // BUS_*
extern const FlagTable kSigillCodes;   // ILL_*
extern const FlagTable kSigfpeCodes;   // FPE_*
extern const FlagTable kSigtrapCodes;  // TRAP_*
extern const FlagTable kSigpollCodes;  // POLL_* (SIGIO's)
extern const FlagTable kSigsysCodes;   // SYS_SECCOMP…
extern const FlagTable kAuditArches;   // AUDIT_ARCH_* (SIGSYS's si_arch)

// Every table above (for the reverse lookup of names, decode/symbol_value.h).
std::span<const FlagTable> all_flag_tables();

}  // namespace capsule::tables
