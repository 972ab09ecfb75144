// Constant tables as data. FLAG(X) stringifies the header's own macro, so a name is spelled once;
// NAMED(value, "X") is for constants the installed headers lack or define differently from the
// kernel ABI (noted where used). Order matters where an entry's bits include another's, and it
// is the order names are written in (strace's, for the tables it shows in a different order).
#include "decode/flag_tables.h"

#include <asm/prctl.h>
#include <dirent.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

#define FLAG(x) FlagName{static_cast<uint64_t>(x), #x}
#define NAMED(v, n) FlagName{static_cast<uint64_t>(v), n}

namespace capsule::tables {
namespace {

constexpr FlagName kOpenAccessData[] = {FLAG(O_RDONLY), FLAG(O_WRONLY), FLAG(O_RDWR)};

// In strace's order (its xlat/open_mode_flags.in), which is the order it names them in.
constexpr FlagName kOpenFlagsData[] = {
    FLAG(O_CREAT), FLAG(O_EXCL), FLAG(O_NOCTTY), FLAG(O_TRUNC), FLAG(O_APPEND), FLAG(O_NONBLOCK),
    FLAG(O_SYNC),  // includes O_DSYNC's bit: list it first
    FLAG(O_DSYNC), FLAG(O_DIRECT),
    // glibc defines O_LARGEFILE as 0 on 64-bit targets; 32-bit libcs still set the kernel bit.
    NAMED(0100000, "O_LARGEFILE"),
    FLAG(O_NOFOLLOW), FLAG(O_NOATIME), FLAG(O_CLOEXEC), FLAG(O_PATH),
    FLAG(O_TMPFILE),  // includes O_DIRECTORY's bit
    FLAG(O_DIRECTORY), FLAG(O_ASYNC),
};

constexpr FlagName kAtFlagsData[] = {
    FLAG(AT_SYMLINK_NOFOLLOW), FLAG(AT_REMOVEDIR), FLAG(AT_SYMLINK_FOLLOW), FLAG(AT_NO_AUTOMOUNT),
    FLAG(AT_EMPTY_PATH), FLAG(AT_STATX_FORCE_SYNC), FLAG(AT_STATX_DONT_SYNC),
    NAMED(0x8000, "AT_RECURSIVE"),
};

constexpr FlagName kAccessAtFlagsData[] = {
    FLAG(AT_SYMLINK_NOFOLLOW), FLAG(AT_EACCESS), FLAG(AT_EMPTY_PATH),
};

constexpr FlagName kAccessModeData[] = {FLAG(R_OK), FLAG(W_OK), FLAG(X_OK)};

constexpr FlagName kWhenceData[] = {
    FLAG(SEEK_SET), FLAG(SEEK_CUR), FLAG(SEEK_END), FLAG(SEEK_DATA), FLAG(SEEK_HOLE),
};

constexpr FlagName kFdFlagsData[] = {FLAG(FD_CLOEXEC)};

constexpr FlagName kFcntlCmdsData[] = {
    FLAG(F_DUPFD), FLAG(F_GETFD), FLAG(F_SETFD), FLAG(F_GETFL), FLAG(F_SETFL), FLAG(F_GETLK),
    FLAG(F_SETLK), FLAG(F_SETLKW), FLAG(F_SETOWN), FLAG(F_GETOWN), FLAG(F_SETSIG), FLAG(F_GETSIG),
    // The 32-bit ABI's 64-bit-offset lock commands (fcntl64 from i386 processes).
    NAMED(12, "F_GETLK64"), NAMED(13, "F_SETLK64"), NAMED(14, "F_SETLKW64"),
    FLAG(F_SETOWN_EX), FLAG(F_GETOWN_EX), FLAG(F_OFD_GETLK), FLAG(F_OFD_SETLK), FLAG(F_OFD_SETLKW),
    FLAG(F_SETLEASE), FLAG(F_GETLEASE), FLAG(F_NOTIFY), FLAG(F_DUPFD_CLOEXEC), FLAG(F_SETPIPE_SZ),
    FLAG(F_GETPIPE_SZ), FLAG(F_ADD_SEALS), FLAG(F_GET_SEALS), FLAG(F_GET_RW_HINT),
    FLAG(F_SET_RW_HINT), FLAG(F_GET_FILE_RW_HINT), FLAG(F_SET_FILE_RW_HINT),
};

// CLONE_NEWTIME (0x80) is absent: for clone() that bit belongs to the exit-signal byte.
constexpr FlagName kCloneFlagsData[] = {
    FLAG(CLONE_VM), FLAG(CLONE_FS), FLAG(CLONE_FILES), FLAG(CLONE_SIGHAND), FLAG(CLONE_PIDFD),
    FLAG(CLONE_PTRACE), FLAG(CLONE_VFORK), FLAG(CLONE_PARENT), FLAG(CLONE_THREAD),
    FLAG(CLONE_NEWNS), FLAG(CLONE_SYSVSEM), FLAG(CLONE_SETTLS), FLAG(CLONE_PARENT_SETTID),
    FLAG(CLONE_CHILD_CLEARTID), FLAG(CLONE_DETACHED), FLAG(CLONE_UNTRACED),
    FLAG(CLONE_CHILD_SETTID), FLAG(CLONE_NEWCGROUP), FLAG(CLONE_NEWUTS), FLAG(CLONE_NEWIPC),
    FLAG(CLONE_NEWUSER), FLAG(CLONE_NEWPID), FLAG(CLONE_NEWNET), FLAG(CLONE_IO),
    // clone3-only bits above 32 (linux/sched.h; not in glibc's sched.h).
    NAMED(0x100000000ULL, "CLONE_CLEAR_SIGHAND"), NAMED(0x200000000ULL, "CLONE_INTO_CGROUP"),
};

constexpr FlagName kNsFlagsData[] = {
    FLAG(CLONE_NEWNS), FLAG(CLONE_NEWCGROUP), FLAG(CLONE_NEWUTS), FLAG(CLONE_NEWIPC),
    FLAG(CLONE_NEWUSER), FLAG(CLONE_NEWPID), FLAG(CLONE_NEWNET), NAMED(0x80, "CLONE_NEWTIME"),
    FLAG(CLONE_FILES), FLAG(CLONE_FS), FLAG(CLONE_SYSVSEM), FLAG(CLONE_VM), FLAG(CLONE_SIGHAND),
    FLAG(CLONE_THREAD),
};

constexpr FlagName kWaitOptionsData[] = {
    FLAG(WNOHANG), FLAG(WUNTRACED), FLAG(WEXITED), FLAG(WCONTINUED), FLAG(WNOWAIT),
    FLAG(__WNOTHREAD), FLAG(__WALL), FLAG(__WCLONE),
};

constexpr FlagName kPrctlOptionsData[] = {
    FLAG(PR_SET_PDEATHSIG), FLAG(PR_GET_PDEATHSIG), FLAG(PR_GET_DUMPABLE), FLAG(PR_SET_DUMPABLE),
    FLAG(PR_GET_UNALIGN), FLAG(PR_SET_UNALIGN), FLAG(PR_GET_KEEPCAPS), FLAG(PR_SET_KEEPCAPS),
    FLAG(PR_GET_FPEMU), FLAG(PR_SET_FPEMU), FLAG(PR_GET_FPEXC), FLAG(PR_SET_FPEXC),
    FLAG(PR_GET_TIMING), FLAG(PR_SET_TIMING), FLAG(PR_SET_NAME), FLAG(PR_GET_NAME),
    FLAG(PR_GET_ENDIAN), FLAG(PR_SET_ENDIAN), FLAG(PR_GET_SECCOMP), FLAG(PR_SET_SECCOMP),
    FLAG(PR_CAPBSET_READ), FLAG(PR_CAPBSET_DROP), FLAG(PR_GET_TSC), FLAG(PR_SET_TSC),
    FLAG(PR_GET_SECUREBITS), FLAG(PR_SET_SECUREBITS), FLAG(PR_SET_TIMERSLACK),
    FLAG(PR_GET_TIMERSLACK), FLAG(PR_TASK_PERF_EVENTS_DISABLE), FLAG(PR_TASK_PERF_EVENTS_ENABLE),
    FLAG(PR_MCE_KILL), FLAG(PR_MCE_KILL_GET), FLAG(PR_SET_MM), FLAG(PR_SET_PTRACER),
    FLAG(PR_SET_CHILD_SUBREAPER), FLAG(PR_GET_CHILD_SUBREAPER), FLAG(PR_SET_NO_NEW_PRIVS),
    FLAG(PR_GET_NO_NEW_PRIVS), FLAG(PR_GET_TID_ADDRESS), FLAG(PR_SET_THP_DISABLE),
    FLAG(PR_GET_THP_DISABLE), FLAG(PR_MPX_ENABLE_MANAGEMENT), FLAG(PR_MPX_DISABLE_MANAGEMENT),
    FLAG(PR_SET_FP_MODE), FLAG(PR_GET_FP_MODE), FLAG(PR_CAP_AMBIENT), FLAG(PR_GET_SPECULATION_CTRL),
    FLAG(PR_SET_SPECULATION_CTRL), FLAG(PR_SET_TAGGED_ADDR_CTRL), FLAG(PR_GET_TAGGED_ADDR_CTRL),
    FLAG(PR_SET_IO_FLUSHER), FLAG(PR_GET_IO_FLUSHER), FLAG(PR_SET_SYSCALL_USER_DISPATCH),
    FLAG(PR_SCHED_CORE), NAMED(0x53564d41, "PR_SET_VMA"),
};

constexpr FlagName kMountFlagsData[] = {
    NAMED(0xC0ED0000u, "MS_MGC_VAL"),  // the old magic in the high word; claims those bits first
    FLAG(MS_RDONLY), FLAG(MS_NOSUID), FLAG(MS_NODEV), FLAG(MS_NOEXEC), FLAG(MS_SYNCHRONOUS),
    FLAG(MS_REMOUNT), FLAG(MS_MANDLOCK), FLAG(MS_DIRSYNC), NAMED(256, "MS_NOSYMFOLLOW"),
    FLAG(MS_NOATIME), FLAG(MS_NODIRATIME), FLAG(MS_BIND), FLAG(MS_MOVE), FLAG(MS_REC),
    FLAG(MS_SILENT), FLAG(MS_POSIXACL), FLAG(MS_UNBINDABLE), FLAG(MS_PRIVATE), FLAG(MS_SLAVE),
    FLAG(MS_SHARED), FLAG(MS_RELATIME), FLAG(MS_KERNMOUNT), FLAG(MS_I_VERSION),
    FLAG(MS_STRICTATIME), FLAG(MS_LAZYTIME), FLAG(MS_ACTIVE), FLAG(MS_NOUSER),
};

constexpr FlagName kUmountFlagsData[] = {
    FLAG(MNT_FORCE), FLAG(MNT_DETACH), FLAG(MNT_EXPIRE), FLAG(UMOUNT_NOFOLLOW),
};

constexpr FlagName kMmapProtData[] = {
    FLAG(PROT_READ), FLAG(PROT_WRITE), FLAG(PROT_EXEC), NAMED(0x8, "PROT_SEM"),
    FLAG(PROT_GROWSDOWN), FLAG(PROT_GROWSUP),
};

constexpr FlagName kMmapTypeData[] = {
    FLAG(MAP_SHARED), FLAG(MAP_PRIVATE), FLAG(MAP_SHARED_VALIDATE),
};

constexpr FlagName kMmapFlagsData[] = {
    FLAG(MAP_FIXED), FLAG(MAP_ANONYMOUS), FLAG(MAP_32BIT), FLAG(MAP_GROWSDOWN),
    FLAG(MAP_DENYWRITE), FLAG(MAP_EXECUTABLE), FLAG(MAP_LOCKED), FLAG(MAP_NORESERVE),
    FLAG(MAP_POPULATE), FLAG(MAP_NONBLOCK), FLAG(MAP_STACK), FLAG(MAP_HUGETLB), FLAG(MAP_SYNC),
    FLAG(MAP_FIXED_NOREPLACE), NAMED(0x4000000, "MAP_UNINITIALIZED"),
};

constexpr FlagName kMremapFlagsData[] = {
    FLAG(MREMAP_MAYMOVE), FLAG(MREMAP_FIXED), NAMED(4, "MREMAP_DONTUNMAP"),
};

constexpr FlagName kAddressFamiliesData[] = {
    FLAG(AF_UNSPEC), FLAG(AF_UNIX), FLAG(AF_INET), FLAG(AF_AX25), FLAG(AF_IPX),
    FLAG(AF_APPLETALK), FLAG(AF_NETROM), FLAG(AF_BRIDGE), FLAG(AF_ATMPVC), FLAG(AF_X25),
    FLAG(AF_INET6), FLAG(AF_ROSE), FLAG(AF_DECnet), FLAG(AF_NETBEUI), FLAG(AF_SECURITY),
    FLAG(AF_KEY), FLAG(AF_NETLINK), FLAG(AF_PACKET), FLAG(AF_ASH), FLAG(AF_ECONET),
    FLAG(AF_ATMSVC), FLAG(AF_RDS), FLAG(AF_SNA), FLAG(AF_IRDA), FLAG(AF_PPPOX), FLAG(AF_WANPIPE),
    FLAG(AF_LLC), FLAG(AF_IB), FLAG(AF_MPLS), FLAG(AF_CAN), FLAG(AF_TIPC), FLAG(AF_BLUETOOTH),
    FLAG(AF_IUCV), FLAG(AF_RXRPC), FLAG(AF_ISDN), FLAG(AF_PHONET), FLAG(AF_IEEE802154),
    FLAG(AF_CAIF), FLAG(AF_ALG), FLAG(AF_NFC), FLAG(AF_VSOCK), FLAG(AF_KCM), FLAG(AF_QIPCRTR),
    FLAG(AF_SMC), FLAG(AF_XDP), NAMED(45, "AF_MCTP"),
};

constexpr FlagName kSocketTypesData[] = {
    FLAG(SOCK_STREAM), FLAG(SOCK_DGRAM), FLAG(SOCK_RAW), FLAG(SOCK_RDM), FLAG(SOCK_SEQPACKET),
    FLAG(SOCK_DCCP), FLAG(SOCK_PACKET),
};

// In strace's order: SOCK_CLOEXEC first.
constexpr FlagName kSocketFlagsData[] = {FLAG(SOCK_CLOEXEC), FLAG(SOCK_NONBLOCK)};

constexpr FlagName kMsgFlagsData[] = {
    FLAG(MSG_OOB), FLAG(MSG_PEEK), FLAG(MSG_DONTROUTE), FLAG(MSG_CTRUNC), FLAG(MSG_PROXY),
    FLAG(MSG_TRUNC), FLAG(MSG_DONTWAIT), FLAG(MSG_EOR), FLAG(MSG_WAITALL), FLAG(MSG_FIN),
    FLAG(MSG_SYN), FLAG(MSG_CONFIRM), FLAG(MSG_RST), FLAG(MSG_ERRQUEUE), FLAG(MSG_NOSIGNAL),
    FLAG(MSG_MORE), FLAG(MSG_WAITFORONE), FLAG(MSG_BATCH), FLAG(MSG_ZEROCOPY), FLAG(MSG_FASTOPEN),
    FLAG(MSG_CMSG_CLOEXEC),
};

constexpr FlagName kShutdownHowData[] = {FLAG(SHUT_RD), FLAG(SHUT_WR), FLAG(SHUT_RDWR)};

// strace's SOL_* spellings; several have no SOL_ macro in glibc (they share IPPROTO_* values).
constexpr FlagName kSocketLevelsData[] = {
    NAMED(IPPROTO_IP, "SOL_IP"), FLAG(SOL_SOCKET), NAMED(IPPROTO_TCP, "SOL_TCP"),
    NAMED(IPPROTO_UDP, "SOL_UDP"), NAMED(IPPROTO_IPV6, "SOL_IPV6"),
    NAMED(IPPROTO_ICMPV6, "SOL_ICMPV6"), FLAG(SOL_RAW), FLAG(SOL_PACKET), FLAG(SOL_NETLINK),
    FLAG(SOL_ALG), FLAG(SOL_TLS), FLAG(SOL_XDP),
};

constexpr FlagName kFutexCmdsData[] = {
    FLAG(FUTEX_WAIT), FLAG(FUTEX_WAKE), FLAG(FUTEX_FD), FLAG(FUTEX_REQUEUE),
    FLAG(FUTEX_CMP_REQUEUE), FLAG(FUTEX_WAKE_OP), FLAG(FUTEX_LOCK_PI), FLAG(FUTEX_UNLOCK_PI),
    FLAG(FUTEX_TRYLOCK_PI), FLAG(FUTEX_WAIT_BITSET), FLAG(FUTEX_WAKE_BITSET),
    FLAG(FUTEX_WAIT_REQUEUE_PI), FLAG(FUTEX_CMP_REQUEUE_PI), FLAG(FUTEX_LOCK_PI2),
};

constexpr FlagName kFutexBitsetData[] = {FLAG(FUTEX_BITSET_MATCH_ANY)};

// FUTEX_WAKE_OP's encoded operation (val3): the operation, its flag, the comparison.
constexpr FlagName kFutexWakeOpsData[] = {
    FLAG(FUTEX_OP_SET), FLAG(FUTEX_OP_ADD), FLAG(FUTEX_OP_OR), FLAG(FUTEX_OP_ANDN), FLAG(FUTEX_OP_XOR),
};
// futex_waitv's per-waiter flags: the word's size (FUTEX_32, the one the kernel takes) and the
// private bit.
constexpr FlagName kFutexWaitvFlagsData[] = {FLAG(FUTEX_32), FLAG(FUTEX_PRIVATE_FLAG)};
constexpr FlagName kFutexWakeOpFlagsData[] = {FLAG(FUTEX_OP_OPARG_SHIFT)};
constexpr FlagName kFutexWakeOpCmpsData[] = {
    FLAG(FUTEX_OP_CMP_EQ), FLAG(FUTEX_OP_CMP_NE), FLAG(FUTEX_OP_CMP_LT),
    FLAG(FUTEX_OP_CMP_LE), FLAG(FUTEX_OP_CMP_GT), FLAG(FUTEX_OP_CMP_GE),
};

constexpr FlagName kSigprocmaskHowData[] = {FLAG(SIG_BLOCK), FLAG(SIG_UNBLOCK), FLAG(SIG_SETMASK)};

constexpr FlagName kArchPrctlCodesData[] = {
    FLAG(ARCH_SET_GS), FLAG(ARCH_SET_FS), FLAG(ARCH_GET_FS), FLAG(ARCH_GET_GS),
    FLAG(ARCH_GET_CPUID), FLAG(ARCH_SET_CPUID), FLAG(ARCH_GET_XCOMP_SUPP),
    FLAG(ARCH_GET_XCOMP_PERM), FLAG(ARCH_REQ_XCOMP_PERM), FLAG(ARCH_GET_XCOMP_GUEST_PERM),
    FLAG(ARCH_REQ_XCOMP_GUEST_PERM), FLAG(ARCH_MAP_VDSO_X32), FLAG(ARCH_MAP_VDSO_32),
    FLAG(ARCH_MAP_VDSO_64),
};

constexpr FlagName kRlimitsData[] = {
    FLAG(RLIMIT_CPU), FLAG(RLIMIT_FSIZE), FLAG(RLIMIT_DATA), FLAG(RLIMIT_STACK),
    FLAG(RLIMIT_CORE), FLAG(RLIMIT_RSS), FLAG(RLIMIT_NPROC), FLAG(RLIMIT_NOFILE),
    FLAG(RLIMIT_MEMLOCK), FLAG(RLIMIT_AS), FLAG(RLIMIT_LOCKS), FLAG(RLIMIT_SIGPENDING),
    FLAG(RLIMIT_MSGQUEUE), FLAG(RLIMIT_NICE), FLAG(RLIMIT_RTPRIO), FLAG(RLIMIT_RTTIME),
};

constexpr FlagName kClockIdsData[] = {
    FLAG(CLOCK_REALTIME), FLAG(CLOCK_MONOTONIC), FLAG(CLOCK_PROCESS_CPUTIME_ID),
    FLAG(CLOCK_THREAD_CPUTIME_ID), FLAG(CLOCK_MONOTONIC_RAW), FLAG(CLOCK_REALTIME_COARSE),
    FLAG(CLOCK_MONOTONIC_COARSE), FLAG(CLOCK_BOOTTIME), FLAG(CLOCK_REALTIME_ALARM),
    FLAG(CLOCK_BOOTTIME_ALARM), FLAG(CLOCK_TAI),
};

constexpr FlagName kEpollOpsData[] = {
    FLAG(EPOLL_CTL_ADD), FLAG(EPOLL_CTL_DEL), FLAG(EPOLL_CTL_MOD),
};

constexpr FlagName kRenameFlagsData[] = {
    FLAG(RENAME_NOREPLACE), FLAG(RENAME_EXCHANGE), FLAG(RENAME_WHITEOUT),
};

// ptrace(2) requests (linux/ptrace.h, asm/ptrace-abi.h for x86's register requests).
constexpr FlagName kPtraceRequestsData[] = {
    NAMED(0, "PTRACE_TRACEME"), NAMED(1, "PTRACE_PEEKTEXT"), NAMED(2, "PTRACE_PEEKDATA"),
    NAMED(3, "PTRACE_PEEKUSER"), NAMED(4, "PTRACE_POKETEXT"), NAMED(5, "PTRACE_POKEDATA"),
    NAMED(6, "PTRACE_POKEUSER"), NAMED(7, "PTRACE_CONT"), NAMED(8, "PTRACE_KILL"),
    NAMED(9, "PTRACE_SINGLESTEP"), NAMED(12, "PTRACE_GETREGS"), NAMED(13, "PTRACE_SETREGS"),
    NAMED(14, "PTRACE_GETFPREGS"), NAMED(15, "PTRACE_SETFPREGS"), NAMED(16, "PTRACE_ATTACH"),
    NAMED(17, "PTRACE_DETACH"), NAMED(18, "PTRACE_GETFPXREGS"), NAMED(19, "PTRACE_SETFPXREGS"),
    NAMED(24, "PTRACE_SYSCALL"), NAMED(25, "PTRACE_GET_THREAD_AREA"), NAMED(26, "PTRACE_SET_THREAD_AREA"),
    NAMED(30, "PTRACE_ARCH_PRCTL"), NAMED(31, "PTRACE_SYSEMU"), NAMED(32, "PTRACE_SYSEMU_SINGLESTEP"),
    NAMED(33, "PTRACE_SINGLEBLOCK"), NAMED(0x4200, "PTRACE_SETOPTIONS"), NAMED(0x4201, "PTRACE_GETEVENTMSG"),
    NAMED(0x4202, "PTRACE_GETSIGINFO"), NAMED(0x4203, "PTRACE_SETSIGINFO"), NAMED(0x4204, "PTRACE_GETREGSET"),
    NAMED(0x4205, "PTRACE_SETREGSET"), NAMED(0x4206, "PTRACE_SEIZE"), NAMED(0x4207, "PTRACE_INTERRUPT"),
    NAMED(0x4208, "PTRACE_LISTEN"), NAMED(0x4209, "PTRACE_PEEKSIGINFO"), NAMED(0x420a, "PTRACE_GETSIGMASK"),
    NAMED(0x420b, "PTRACE_SETSIGMASK"), NAMED(0x420c, "PTRACE_SECCOMP_GET_FILTER"),
    NAMED(0x420d, "PTRACE_SECCOMP_GET_METADATA"), NAMED(0x420e, "PTRACE_GET_SYSCALL_INFO"),
    NAMED(0x420f, "PTRACE_GET_RSEQ_CONFIGURATION"), NAMED(0x4210, "PTRACE_SET_SYSCALL_USER_DISPATCH_CONFIG"),
    NAMED(0x4211, "PTRACE_GET_SYSCALL_USER_DISPATCH_CONFIG"),
};
// getrandom(2) flags (linux/random.h).
constexpr FlagName kGrndFlagsData[] = {
    NAMED(1, "GRND_NONBLOCK"), NAMED(2, "GRND_RANDOM"), NAMED(4, "GRND_INSECURE"),
};
// madvise(2) advice (asm-generic/mman-common.h).
constexpr FlagName kMadvAdviceData[] = {
    NAMED(0, "MADV_NORMAL"), NAMED(1, "MADV_RANDOM"), NAMED(2, "MADV_SEQUENTIAL"), NAMED(3, "MADV_WILLNEED"),
    NAMED(4, "MADV_DONTNEED"), NAMED(8, "MADV_FREE"), NAMED(9, "MADV_REMOVE"), NAMED(10, "MADV_DONTFORK"),
    NAMED(11, "MADV_DOFORK"), NAMED(12, "MADV_MERGEABLE"), NAMED(13, "MADV_UNMERGEABLE"),
    NAMED(14, "MADV_HUGEPAGE"), NAMED(15, "MADV_NOHUGEPAGE"), NAMED(16, "MADV_DONTDUMP"),
    NAMED(17, "MADV_DODUMP"), NAMED(18, "MADV_WIPEONFORK"), NAMED(19, "MADV_KEEPONFORK"),
    NAMED(20, "MADV_COLD"), NAMED(21, "MADV_PAGEOUT"), NAMED(22, "MADV_POPULATE_READ"),
    NAMED(23, "MADV_POPULATE_WRITE"), NAMED(24, "MADV_DONTNEED_LOCKED"), NAMED(25, "MADV_COLLAPSE"),
    NAMED(100, "MADV_HWPOISON"), NAMED(101, "MADV_SOFT_OFFLINE"),
};
// seccomp(2) operations and filter flags (linux/seccomp.h).
constexpr FlagName kSeccompOpsData[] = {
    NAMED(0, "SECCOMP_SET_MODE_STRICT"), NAMED(1, "SECCOMP_SET_MODE_FILTER"),
    NAMED(2, "SECCOMP_GET_ACTION_AVAIL"), NAMED(3, "SECCOMP_GET_NOTIF_SIZES"),
};
constexpr FlagName kSeccompFilterFlagsData[] = {
    NAMED(1, "SECCOMP_FILTER_FLAG_TSYNC"), NAMED(2, "SECCOMP_FILTER_FLAG_LOG"),
    NAMED(4, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"), NAMED(8, "SECCOMP_FILTER_FLAG_NEW_LISTENER"),
    NAMED(16, "SECCOMP_FILTER_FLAG_TSYNC_ESRCH"), NAMED(32, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"),
};
// bpf(2) commands (linux/bpf.h), in their enum's order.
constexpr FlagName kBpfCmdsData[] = {
    NAMED(0, "BPF_MAP_CREATE"), NAMED(1, "BPF_MAP_LOOKUP_ELEM"), NAMED(2, "BPF_MAP_UPDATE_ELEM"),
    NAMED(3, "BPF_MAP_DELETE_ELEM"), NAMED(4, "BPF_MAP_GET_NEXT_KEY"), NAMED(5, "BPF_PROG_LOAD"),
    NAMED(6, "BPF_OBJ_PIN"), NAMED(7, "BPF_OBJ_GET"), NAMED(8, "BPF_PROG_ATTACH"), NAMED(9, "BPF_PROG_DETACH"),
    NAMED(10, "BPF_PROG_TEST_RUN"), NAMED(11, "BPF_PROG_GET_NEXT_ID"), NAMED(12, "BPF_MAP_GET_NEXT_ID"),
    NAMED(13, "BPF_PROG_GET_FD_BY_ID"), NAMED(14, "BPF_MAP_GET_FD_BY_ID"), NAMED(15, "BPF_OBJ_GET_INFO_BY_FD"),
    NAMED(16, "BPF_PROG_QUERY"), NAMED(17, "BPF_RAW_TRACEPOINT_OPEN"), NAMED(18, "BPF_BTF_LOAD"),
    NAMED(19, "BPF_BTF_GET_FD_BY_ID"), NAMED(20, "BPF_TASK_FD_QUERY"), NAMED(21, "BPF_MAP_LOOKUP_AND_DELETE_ELEM"),
    NAMED(22, "BPF_MAP_FREEZE"), NAMED(23, "BPF_BTF_GET_NEXT_ID"), NAMED(24, "BPF_MAP_LOOKUP_BATCH"),
    NAMED(25, "BPF_MAP_LOOKUP_AND_DELETE_BATCH"), NAMED(26, "BPF_MAP_UPDATE_BATCH"),
    NAMED(27, "BPF_MAP_DELETE_BATCH"), NAMED(28, "BPF_LINK_CREATE"), NAMED(29, "BPF_LINK_UPDATE"),
    NAMED(30, "BPF_LINK_GET_FD_BY_ID"), NAMED(31, "BPF_LINK_GET_NEXT_ID"), NAMED(32, "BPF_ENABLE_STATS"),
    NAMED(33, "BPF_ITER_CREATE"), NAMED(34, "BPF_LINK_DETACH"), NAMED(35, "BPF_PROG_BIND_MAP"),
};
// memfd_create(2) flags (linux/memfd.h; the hugetlb size bits above them stay hex).
constexpr FlagName kMfdFlagsData[] = {
    NAMED(1, "MFD_CLOEXEC"), NAMED(2, "MFD_ALLOW_SEALING"), NAMED(4, "MFD_HUGETLB"),
    NAMED(8, "MFD_NOEXEC_SEAL"), NAMED(0x10, "MFD_EXEC"),
};
// struct statfs's f_type: the filesystems' magic numbers (linux/magic.h), in strace's spelling
// (ext2, ext3 and ext4 share EXT2_SUPER_MAGIC).
constexpr FlagName kFsMagicsData[] = {
    NAMED(0x187, "AUTOFS_SUPER_MAGIC"), NAMED(0x1cd1, "DEVPTS_SUPER_MAGIC"), NAMED(0x4d44, "MSDOS_SUPER_MAGIC"),
    NAMED(0x6969, "NFS_SUPER_MAGIC"), NAMED(0x9660, "ISOFS_SUPER_MAGIC"), NAMED(0x9fa0, "PROC_SUPER_MAGIC"),
    NAMED(0xef53, "EXT2_SUPER_MAGIC"), NAMED(0x27e0eb, "CGROUP_SUPER_MAGIC"), NAMED(0x1021994, "TMPFS_MAGIC"),
    NAMED(0x1021997, "V9FS_MAGIC"), NAMED(0x9041934, "ANON_INODE_FS_MAGIC"), NAMED(0x19800202, "MQUEUE_MAGIC"),
    NAMED(0x2fc12fc1, "ZFS_SUPER_MAGIC"), NAMED(0x50495045, "PIPEFS_MAGIC"), NAMED(0x534f434b, "SOCKFS_MAGIC"),
    NAMED(0x58465342, "XFS_SB_MAGIC"), NAMED(0x62656572, "SYSFS_MAGIC"), NAMED(0x63677270, "CGROUP2_SUPER_MAGIC"),
    NAMED(0x64626720, "DEBUGFS_MAGIC"), NAMED(0x65735546, "FUSE_SUPER_MAGIC"), NAMED(0x6e736673, "NSFS_MAGIC"),
    NAMED(0x73636673, "SECURITYFS_MAGIC"), NAMED(0x73717368, "SQUASHFS_MAGIC"), NAMED(0x74726163, "TRACEFS_MAGIC"),
    NAMED(0x794c7630, "OVERLAYFS_SUPER_MAGIC"), NAMED(0x858458f6, "RAMFS_MAGIC"), NAMED(0x9123683e, "BTRFS_SUPER_MAGIC"),
    NAMED(0x958458f6, "HUGETLBFS_MAGIC"), NAMED(0xcafe4a11, "BPF_FS_MAGIC"), NAMED(0xde5e81e4, "EFIVARFS_MAGIC"),
    NAMED(0xf2f52010, "F2FS_SUPER_MAGIC"), NAMED(0xf97cff8c, "SELINUX_MAGIC"),
};
// struct statfs's f_flags, in strace's order (ST_VALID first; sys/statvfs.h).
constexpr FlagName kStatfsFlagsData[] = {
    NAMED(0x20, "ST_VALID"), FLAG(ST_RDONLY), FLAG(ST_NOSUID), FLAG(ST_NODEV), FLAG(ST_NOEXEC),
    FLAG(ST_SYNCHRONOUS), FLAG(ST_MANDLOCK), FLAG(ST_NOATIME), FLAG(ST_NODIRATIME), FLAG(ST_RELATIME),
    NAMED(0x2000, "ST_NOSYMFOLLOW"),
};
// ioctl's terminal and generic file requests (asm-generic/ioctls.h, as x86 numbers them; the
// ones encoding a struct size by NAMED, as glibc's headers lack struct termios2).
constexpr FlagName kIoctlRequestsData[] = {
    // TCSETS* share their numbers with OSS's SNDCTL_TMR_*: strace names both.
    FLAG(TCGETS), NAMED(TCSETS, "SNDCTL_TMR_START or TCSETS"), NAMED(TCSETSW, "SNDCTL_TMR_STOP or TCSETSW"),
    NAMED(TCSETSF, "SNDCTL_TMR_CONTINUE or TCSETSF"), FLAG(TCGETA), FLAG(TCSETA),
    FLAG(TCSBRK), FLAG(TCXONC), FLAG(TCFLSH), FLAG(TIOCEXCL), FLAG(TIOCNXCL), FLAG(TIOCSCTTY),
    FLAG(TIOCGPGRP), FLAG(TIOCSPGRP), FLAG(TIOCOUTQ), FLAG(TIOCSTI), FLAG(TIOCGWINSZ),
    FLAG(TIOCSWINSZ), FLAG(TIOCMGET), FLAG(FIONREAD), FLAG(FIONBIO), FLAG(TIOCNOTTY),
    FLAG(TIOCSETD), FLAG(TIOCGETD), FLAG(TIOCGSID), NAMED(0x802c542a, "TCGETS2"),
    NAMED(0x402c542b, "TCSETS2"), NAMED(0x80045430, "TIOCGPTN"), NAMED(0x40045431, "TIOCSPTLCK"),
    NAMED(0x5441, "TIOCGPTPEER"), FLAG(FIONCLEX), FLAG(FIOCLEX), FLAG(FIOASYNC), FLAG(FIOQSIZE),
};
constexpr FlagName kTcflushQueuesData[] = {FLAG(TCIFLUSH), FLAG(TCOFLUSH), FLAG(TCIOFLUSH)};
constexpr FlagName kTcxoncActionsData[] = {FLAG(TCOOFF), FLAG(TCOON), FLAG(TCIOFF), FLAG(TCION)};
// struct epoll_event's events, in strace's order (sys/epoll.h; EPOLLNVAL is the kernel's, glibc lacks it).
constexpr FlagName kEpollEventsData[] = {
    FLAG(EPOLLIN), FLAG(EPOLLPRI), FLAG(EPOLLOUT), FLAG(EPOLLERR), FLAG(EPOLLHUP), NAMED(0x20, "EPOLLNVAL"),
    FLAG(EPOLLRDNORM), FLAG(EPOLLRDBAND), FLAG(EPOLLWRNORM), FLAG(EPOLLWRBAND), FLAG(EPOLLMSG),
    FLAG(EPOLLRDHUP), FLAG(EPOLLEXCLUSIVE), FLAG(EPOLLWAKEUP), FLAG(EPOLLONESHOT), FLAG(EPOLLET),
};
// Socket protocols by family (socket's third argument): IPPROTO_* for AF_INET and AF_INET6,
// NETLINK_* for AF_NETLINK (linux/in.h, linux/netlink.h), in strace's spelling.
constexpr FlagName kIpProtocolsData[] = {
    NAMED(0, "IPPROTO_IP"), NAMED(1, "IPPROTO_ICMP"), NAMED(2, "IPPROTO_IGMP"), NAMED(4, "IPPROTO_IPIP"),
    NAMED(6, "IPPROTO_TCP"), NAMED(8, "IPPROTO_EGP"), NAMED(12, "IPPROTO_PUP"), NAMED(17, "IPPROTO_UDP"),
    NAMED(22, "IPPROTO_IDP"), NAMED(29, "IPPROTO_TP"), NAMED(33, "IPPROTO_DCCP"), NAMED(41, "IPPROTO_IPV6"),
    NAMED(43, "IPPROTO_ROUTING"), NAMED(44, "IPPROTO_FRAGMENT"), NAMED(46, "IPPROTO_RSVP"), NAMED(47, "IPPROTO_GRE"),
    NAMED(50, "IPPROTO_ESP"), NAMED(51, "IPPROTO_AH"), NAMED(58, "IPPROTO_ICMPV6"), NAMED(59, "IPPROTO_NONE"),
    NAMED(60, "IPPROTO_DSTOPTS"), NAMED(92, "IPPROTO_MTP"), NAMED(94, "IPPROTO_BEETPH"), NAMED(98, "IPPROTO_ENCAP"),
    NAMED(103, "IPPROTO_PIM"), NAMED(108, "IPPROTO_COMP"), NAMED(115, "IPPROTO_L2TP"), NAMED(132, "IPPROTO_SCTP"),
    NAMED(135, "IPPROTO_MH"), NAMED(136, "IPPROTO_UDPLITE"), NAMED(137, "IPPROTO_MPLS"), NAMED(143, "IPPROTO_ETHERNET"),
    NAMED(255, "IPPROTO_RAW"), NAMED(262, "IPPROTO_MPTCP"),
};
constexpr FlagName kNetlinkProtocolsData[] = {
    NAMED(0, "NETLINK_ROUTE"), NAMED(1, "NETLINK_UNUSED"), NAMED(2, "NETLINK_USERSOCK"),
    NAMED(3, "NETLINK_FIREWALL"), NAMED(4, "NETLINK_SOCK_DIAG"), NAMED(5, "NETLINK_NFLOG"),
    NAMED(6, "NETLINK_XFRM"), NAMED(7, "NETLINK_SELINUX"), NAMED(8, "NETLINK_ISCSI"),
    NAMED(9, "NETLINK_AUDIT"), NAMED(10, "NETLINK_FIB_LOOKUP"), NAMED(11, "NETLINK_CONNECTOR"),
    NAMED(12, "NETLINK_NETFILTER"), NAMED(13, "NETLINK_IP6_FW"), NAMED(14, "NETLINK_DNRTMSG"),
    NAMED(15, "NETLINK_KOBJECT_UEVENT"), NAMED(16, "NETLINK_GENERIC"), NAMED(18, "NETLINK_SCSITRANSPORT"),
    NAMED(19, "NETLINK_ECRYPTFS"), NAMED(20, "NETLINK_RDMA"), NAMED(21, "NETLINK_CRYPTO"),
    NAMED(22, "NETLINK_SMC"),
};
// Socket option names per level (asm-generic/socket.h as on x86, linux/tcp.h, linux/in.h,
// linux/in6.h), as strace names them: the _OLD spellings of the time options x86_64 uses.
constexpr FlagName kSolSocketOptionsData[] = {
    NAMED(1, "SO_DEBUG"), NAMED(2, "SO_REUSEADDR"), NAMED(3, "SO_TYPE"),
    NAMED(4, "SO_ERROR"), NAMED(5, "SO_DONTROUTE"), NAMED(6, "SO_BROADCAST"),
    NAMED(7, "SO_SNDBUF"), NAMED(8, "SO_RCVBUF"), NAMED(9, "SO_KEEPALIVE"),
    NAMED(10, "SO_OOBINLINE"), NAMED(11, "SO_NO_CHECK"), NAMED(12, "SO_PRIORITY"),
    NAMED(13, "SO_LINGER"), NAMED(14, "SO_BSDCOMPAT"), NAMED(15, "SO_REUSEPORT"),
    NAMED(16, "SO_PASSCRED"), NAMED(17, "SO_PEERCRED"), NAMED(18, "SO_RCVLOWAT"),
    NAMED(19, "SO_SNDLOWAT"), NAMED(20, "SO_RCVTIMEO_OLD"), NAMED(21, "SO_SNDTIMEO_OLD"),
    NAMED(22, "SO_SECURITY_AUTHENTICATION"), NAMED(23, "SO_SECURITY_ENCRYPTION_TRANSPORT"), NAMED(24, "SO_SECURITY_ENCRYPTION_NETWORK"),
    NAMED(25, "SO_BINDTODEVICE"), NAMED(26, "SO_ATTACH_FILTER"), NAMED(27, "SO_DETACH_FILTER"),
    NAMED(28, "SO_PEERNAME"), NAMED(29, "SO_TIMESTAMP_OLD"), NAMED(30, "SO_ACCEPTCONN"),
    NAMED(31, "SO_PEERSEC"), NAMED(32, "SO_SNDBUFFORCE"), NAMED(33, "SO_RCVBUFFORCE"),
    NAMED(34, "SO_PASSSEC"), NAMED(35, "SO_TIMESTAMPNS_OLD"), NAMED(36, "SO_MARK"),
    NAMED(37, "SO_TIMESTAMPING_OLD"), NAMED(38, "SO_PROTOCOL"), NAMED(39, "SO_DOMAIN"),
    NAMED(40, "SO_RXQ_OVFL"), NAMED(41, "SO_WIFI_STATUS"), NAMED(42, "SO_PEEK_OFF"),
    NAMED(43, "SO_NOFCS"), NAMED(44, "SO_LOCK_FILTER"), NAMED(45, "SO_SELECT_ERR_QUEUE"),
    NAMED(46, "SO_BUSY_POLL"), NAMED(47, "SO_MAX_PACING_RATE"), NAMED(48, "SO_BPF_EXTENSIONS"),
    NAMED(49, "SO_INCOMING_CPU"), NAMED(50, "SO_ATTACH_BPF"), NAMED(51, "SO_ATTACH_REUSEPORT_CBPF"),
    NAMED(52, "SO_ATTACH_REUSEPORT_EBPF"), NAMED(53, "SO_CNX_ADVICE"), NAMED(55, "SO_MEMINFO"),
    NAMED(56, "SO_INCOMING_NAPI_ID"), NAMED(57, "SO_COOKIE"), NAMED(59, "SO_PEERGROUPS"),
    NAMED(60, "SO_ZEROCOPY"), NAMED(61, "SO_TXTIME"), NAMED(62, "SO_BINDTOIFINDEX"),
    NAMED(63, "SO_TIMESTAMP_NEW"), NAMED(64, "SO_TIMESTAMPNS_NEW"), NAMED(65, "SO_TIMESTAMPING_NEW"),
    NAMED(66, "SO_RCVTIMEO_NEW"), NAMED(67, "SO_SNDTIMEO_NEW"), NAMED(68, "SO_DETACH_REUSEPORT_BPF"),
    NAMED(69, "SO_PREFER_BUSY_POLL"), NAMED(70, "SO_BUSY_POLL_BUDGET"), NAMED(71, "SO_NETNS_COOKIE"),
    NAMED(72, "SO_BUF_LOCK"), NAMED(73, "SO_RESERVE_MEM"), NAMED(74, "SO_TXREHASH"),
    NAMED(75, "SO_RCVMARK"),
};
constexpr FlagName kTcpOptionsData[] = {
    NAMED(1, "TCP_NODELAY"), NAMED(2, "TCP_MAXSEG"), NAMED(3, "TCP_CORK"),
    NAMED(4, "TCP_KEEPIDLE"), NAMED(5, "TCP_KEEPINTVL"), NAMED(6, "TCP_KEEPCNT"),
    NAMED(7, "TCP_SYNCNT"), NAMED(8, "TCP_LINGER2"), NAMED(9, "TCP_DEFER_ACCEPT"),
    NAMED(10, "TCP_WINDOW_CLAMP"), NAMED(11, "TCP_INFO"), NAMED(12, "TCP_QUICKACK"),
    NAMED(13, "TCP_CONGESTION"), NAMED(14, "TCP_MD5SIG"), NAMED(15, "TCP_COOKIE_TRANSACTIONS"),
    NAMED(16, "TCP_THIN_LINEAR_TIMEOUTS"), NAMED(17, "TCP_THIN_DUPACK"), NAMED(18, "TCP_USER_TIMEOUT"),
    NAMED(19, "TCP_REPAIR"), NAMED(20, "TCP_REPAIR_QUEUE"), NAMED(21, "TCP_QUEUE_SEQ"),
    NAMED(22, "TCP_REPAIR_OPTIONS"), NAMED(23, "TCP_FASTOPEN"), NAMED(24, "TCP_TIMESTAMP"),
    NAMED(25, "TCP_NOTSENT_LOWAT"), NAMED(26, "TCP_CC_INFO"), NAMED(27, "TCP_SAVE_SYN"),
    NAMED(28, "TCP_SAVED_SYN"), NAMED(29, "TCP_REPAIR_WINDOW"), NAMED(30, "TCP_FASTOPEN_CONNECT"),
    NAMED(31, "TCP_ULP"), NAMED(32, "TCP_MD5SIG_EXT"), NAMED(33, "TCP_FASTOPEN_KEY"),
    NAMED(34, "TCP_FASTOPEN_NO_COOKIE"), NAMED(35, "TCP_ZEROCOPY_RECEIVE"), NAMED(36, "TCP_INQ"),
    NAMED(37, "TCP_TX_DELAY"),
};
constexpr FlagName kIpOptionsData[] = {
    NAMED(1, "IP_TOS"), NAMED(2, "IP_TTL"), NAMED(3, "IP_HDRINCL"),
    NAMED(4, "IP_OPTIONS"), NAMED(5, "IP_ROUTER_ALERT"), NAMED(6, "IP_RECVOPTS"),
    NAMED(7, "IP_RETOPTS"), NAMED(8, "IP_PKTINFO"), NAMED(9, "IP_PKTOPTIONS"),
    NAMED(10, "IP_MTU_DISCOVER"), NAMED(11, "IP_RECVERR"), NAMED(12, "IP_RECVTTL"),
    NAMED(13, "IP_RECVTOS"), NAMED(14, "IP_MTU"), NAMED(15, "IP_FREEBIND"),
    NAMED(16, "IP_IPSEC_POLICY"), NAMED(17, "IP_XFRM_POLICY"), NAMED(18, "IP_PASSSEC"),
    NAMED(19, "IP_TRANSPARENT"), NAMED(20, "IP_ORIGDSTADDR"), NAMED(21, "IP_MINTTL"),
    NAMED(22, "IP_NODEFRAG"), NAMED(23, "IP_CHECKSUM"), NAMED(24, "IP_BIND_ADDRESS_NO_PORT"),
    NAMED(25, "IP_RECVFRAGSIZE"), NAMED(26, "IP_RECVERR_RFC4884"), NAMED(32, "IP_MULTICAST_IF"),
    NAMED(33, "IP_MULTICAST_TTL"), NAMED(34, "IP_MULTICAST_LOOP"), NAMED(35, "IP_ADD_MEMBERSHIP"),
    NAMED(36, "IP_DROP_MEMBERSHIP"), NAMED(37, "IP_UNBLOCK_SOURCE"), NAMED(38, "IP_BLOCK_SOURCE"),
    NAMED(39, "IP_ADD_SOURCE_MEMBERSHIP"), NAMED(40, "IP_DROP_SOURCE_MEMBERSHIP"), NAMED(41, "IP_MSFILTER"),
    NAMED(42, "MCAST_JOIN_GROUP"), NAMED(43, "MCAST_BLOCK_SOURCE"), NAMED(44, "MCAST_UNBLOCK_SOURCE"),
    NAMED(45, "MCAST_LEAVE_GROUP"), NAMED(46, "MCAST_JOIN_SOURCE_GROUP"), NAMED(47, "MCAST_LEAVE_SOURCE_GROUP"),
    NAMED(48, "MCAST_MSFILTER"), NAMED(49, "IP_MULTICAST_ALL"), NAMED(50, "IP_UNICAST_IF"),
};
constexpr FlagName kIpv6OptionsData[] = {
    NAMED(1, "IPV6_ADDRFORM"), NAMED(2, "IPV6_2292PKTINFO"), NAMED(3, "IPV6_2292HOPOPTS"),
    NAMED(4, "IPV6_2292DSTOPTS"), NAMED(5, "IPV6_2292RTHDR"), NAMED(6, "IPV6_2292PKTOPTIONS"),
    NAMED(7, "IPV6_CHECKSUM"), NAMED(8, "IPV6_2292HOPLIMIT"), NAMED(9, "IPV6_NEXTHOP"),
    NAMED(10, "IPV6_AUTHHDR"), NAMED(11, "IPV6_FLOWINFO"), NAMED(16, "IPV6_UNICAST_HOPS"),
    NAMED(17, "IPV6_MULTICAST_IF"), NAMED(18, "IPV6_MULTICAST_HOPS"), NAMED(19, "IPV6_MULTICAST_LOOP"),
    NAMED(20, "IPV6_ADD_MEMBERSHIP"), NAMED(21, "IPV6_DROP_MEMBERSHIP"), NAMED(22, "IPV6_ROUTER_ALERT"),
    NAMED(23, "IPV6_MTU_DISCOVER"), NAMED(24, "IPV6_MTU"), NAMED(25, "IPV6_RECVERR"),
    NAMED(26, "IPV6_V6ONLY"), NAMED(27, "IPV6_JOIN_ANYCAST"), NAMED(28, "IPV6_LEAVE_ANYCAST"),
    NAMED(29, "IPV6_MULTICAST_ALL"), NAMED(30, "IPV6_ROUTER_ALERT_ISOLATE"), NAMED(31, "IPV6_RECVERR_RFC4884"),
    NAMED(32, "IPV6_FLOWLABEL_MGR"), NAMED(33, "IPV6_FLOWINFO_SEND"), NAMED(34, "IPV6_IPSEC_POLICY"),
    NAMED(35, "IPV6_XFRM_POLICY"), NAMED(36, "IPV6_HDRINCL"), NAMED(42, "MCAST_JOIN_GROUP"),
    NAMED(43, "MCAST_BLOCK_SOURCE"), NAMED(44, "MCAST_UNBLOCK_SOURCE"), NAMED(45, "MCAST_LEAVE_GROUP"),
    NAMED(46, "MCAST_JOIN_SOURCE_GROUP"), NAMED(47, "MCAST_LEAVE_SOURCE_GROUP"), NAMED(48, "MCAST_MSFILTER"),
    NAMED(49, "IPV6_RECVPKTINFO"), NAMED(50, "IPV6_PKTINFO"), NAMED(51, "IPV6_RECVHOPLIMIT"),
    NAMED(52, "IPV6_HOPLIMIT"), NAMED(53, "IPV6_RECVHOPOPTS"), NAMED(54, "IPV6_HOPOPTS"),
    NAMED(55, "IPV6_RTHDRDSTOPTS"), NAMED(56, "IPV6_RECVRTHDR"), NAMED(57, "IPV6_RTHDR"),
    NAMED(58, "IPV6_RECVDSTOPTS"), NAMED(59, "IPV6_DSTOPTS"), NAMED(60, "IPV6_RECVPATHMTU"),
    NAMED(61, "IPV6_PATHMTU"), NAMED(62, "IPV6_DONTFRAG"), NAMED(66, "IPV6_RECVTCLASS"),
    NAMED(67, "IPV6_TCLASS"), NAMED(70, "IPV6_AUTOFLOWLABEL"), NAMED(72, "IPV6_ADDR_PREFERENCES"),
    NAMED(73, "IPV6_MINHOPCOUNT"), NAMED(74, "IPV6_ORIGDSTADDR"), NAMED(75, "IPV6_TRANSPARENT"),
    NAMED(76, "IPV6_UNICAST_IF"), NAMED(77, "IPV6_RECVFRAGSIZE"), NAMED(78, "IPV6_FREEBIND"),
};
// A directory entry's d_type (dirent.h).
constexpr FlagName kDirentTypesData[] = {
    FLAG(DT_UNKNOWN), FLAG(DT_FIFO), FLAG(DT_CHR), FLAG(DT_DIR), FLAG(DT_BLK), FLAG(DT_REG),
    FLAG(DT_LNK), FLAG(DT_SOCK), FLAG(DT_WHT),
};
// fadvise64's advice (fcntl.h; x86's values: s390 numbers the last two differently).
constexpr FlagName kFadvAdviceData[] = {
    FLAG(POSIX_FADV_NORMAL), FLAG(POSIX_FADV_RANDOM), FLAG(POSIX_FADV_SEQUENTIAL),
    FLAG(POSIX_FADV_WILLNEED), FLAG(POSIX_FADV_DONTNEED), FLAG(POSIX_FADV_NOREUSE),
};
// getrusage's who, a C int: RUSAGE_CHILDREN (-1) as the low 32 bits enumerations compare.
constexpr FlagName kRusageWhoData[] = {
    FLAG(RUSAGE_SELF), NAMED(0xffffffffu, "RUSAGE_CHILDREN"), FLAG(RUSAGE_THREAD),
};
// The O_CLOEXEC and O_NONBLOCK bits under each call's own names, in strace's order.
constexpr FlagName kEpollFlagsData[] = {FLAG(EPOLL_CLOEXEC)};
constexpr FlagName kEfdFlagsData[] = {FLAG(EFD_SEMAPHORE), FLAG(EFD_CLOEXEC), FLAG(EFD_NONBLOCK)};
constexpr FlagName kTfdFlagsData[] = {FLAG(TFD_CLOEXEC), FLAG(TFD_NONBLOCK)};
constexpr FlagName kSfdFlagsData[] = {FLAG(SFD_CLOEXEC), FLAG(SFD_NONBLOCK)};
constexpr FlagName kInotifyFlagsData[] = {FLAG(IN_NONBLOCK), FLAG(IN_CLOEXEC)};

// strace's order (its xlat/pollflags.in); POLLREMOVE and POLL_BUSY_LOOP are the kernel's own.
constexpr FlagName kPollEventsData[] = {
    FLAG(POLLIN), FLAG(POLLPRI), FLAG(POLLOUT), FLAG(POLLERR), FLAG(POLLHUP), FLAG(POLLNVAL),
    FLAG(POLLRDNORM), FLAG(POLLRDBAND), FLAG(POLLWRNORM), FLAG(POLLWRBAND), FLAG(POLLMSG),
    NAMED(0x1000, "POLLREMOVE"), FLAG(POLLRDHUP), NAMED(0x8000, "POLL_BUSY_LOOP"),
};
// struct sigaction's sa_flags, in strace's order (asm/signal.h; SA_RESTORER is x86's).
constexpr FlagName kSigactionFlagsData[] = {
    NAMED(0x04000000, "SA_RESTORER"), NAMED(0x08000000, "SA_ONSTACK"), NAMED(0x10000000, "SA_RESTART"),
    NAMED(0x40000000, "SA_NODEFER"), NAMED(0x80000000, "SA_RESETHAND"), NAMED(0x00000004, "SA_SIGINFO"),
    NAMED(0x00000001, "SA_NOCLDSTOP"), NAMED(0x00000002, "SA_NOCLDWAIT"), NAMED(0x00000400, "SA_UNSUPPORTED"),
    NAMED(0x00000800, "SA_EXPOSE_TAGBITS"),
};
// statx's stx_attributes and stx_attributes_mask (linux/stat.h).
constexpr FlagName kStatxAttrsData[] = {
    NAMED(0x4, "STATX_ATTR_COMPRESSED"), NAMED(0x10, "STATX_ATTR_IMMUTABLE"), NAMED(0x20, "STATX_ATTR_APPEND"),
    NAMED(0x40, "STATX_ATTR_NODUMP"), NAMED(0x800, "STATX_ATTR_ENCRYPTED"), NAMED(0x1000, "STATX_ATTR_AUTOMOUNT"),
    NAMED(0x2000, "STATX_ATTR_MOUNT_ROOT"), NAMED(0x100000, "STATX_ATTR_VERITY"), NAMED(0x200000, "STATX_ATTR_DAX"),
};
// statx's sync type (the AT_STATX_SYNC_TYPE bits of its flags); 0 is AT_STATX_SYNC_AS_STAT, which
// strace names too (file.cpp).
constexpr FlagName kStatxSyncData[] = {
    NAMED(0x2000, "AT_STATX_FORCE_SYNC"), NAMED(0x4000, "AT_STATX_DONT_SYNC"),
};
// openat2's open_how.resolve (linux/openat2.h).
constexpr FlagName kResolveFlagsData[] = {
    NAMED(0x01, "RESOLVE_NO_XDEV"), NAMED(0x02, "RESOLVE_NO_MAGICLINKS"), NAMED(0x04, "RESOLVE_NO_SYMLINKS"),
    NAMED(0x08, "RESOLVE_BENEATH"), NAMED(0x10, "RESOLVE_IN_ROOT"), NAMED(0x20, "RESOLVE_CACHED"),
};
// cap_user_header_t.version (linux/capability.h).
constexpr FlagName kCapVersionsData[] = {
    NAMED(0x19980330, "_LINUX_CAPABILITY_VERSION_1"), NAMED(0x20071026, "_LINUX_CAPABILITY_VERSION_2"),
    NAMED(0x20080522, "_LINUX_CAPABILITY_VERSION_3"),
};
constexpr FlagName kStatxMaskData[] = {
    NAMED(0xfff, "STATX_ALL"),  // BASIC_STATS and BTIME: strace's name for the pair
    FLAG(STATX_BASIC_STATS),  // the union of TYPE..BLOCKS: claims them first, as strace shows it
    FLAG(STATX_TYPE), FLAG(STATX_MODE), FLAG(STATX_NLINK), FLAG(STATX_UID), FLAG(STATX_GID),
    FLAG(STATX_ATIME), FLAG(STATX_MTIME), FLAG(STATX_CTIME), FLAG(STATX_INO), FLAG(STATX_SIZE),
    FLAG(STATX_BLOCKS), FLAG(STATX_BTIME), NAMED(0x1000, "STATX_MNT_ID"),
    NAMED(0x2000, "STATX_DIOALIGN"),
};

}  // namespace

constinit const FlagTable kOpenAccess{kOpenAccessData};
constinit const FlagTable kOpenFlags{kOpenFlagsData};
constinit const FlagTable kAtFlags{kAtFlagsData};
constinit const FlagTable kAccessAtFlags{kAccessAtFlagsData};
constinit const FlagTable kAccessMode{kAccessModeData};
constinit const FlagTable kWhence{kWhenceData};
constinit const FlagTable kFdFlags{kFdFlagsData};
constinit const FlagTable kFcntlCmds{kFcntlCmdsData};
constinit const FlagTable kCloneFlags{kCloneFlagsData};
constinit const FlagTable kNsFlags{kNsFlagsData};
constinit const FlagTable kWaitOptions{kWaitOptionsData};
constinit const FlagTable kPrctlOptions{kPrctlOptionsData};
constinit const FlagTable kMountFlags{kMountFlagsData};
constinit const FlagTable kUmountFlags{kUmountFlagsData};
constinit const FlagTable kMmapProt{kMmapProtData};
constinit const FlagTable kMmapType{kMmapTypeData};
constinit const FlagTable kMmapFlags{kMmapFlagsData};
constinit const FlagTable kMremapFlags{kMremapFlagsData};
constinit const FlagTable kAddressFamilies{kAddressFamiliesData};
constinit const FlagTable kSocketTypes{kSocketTypesData};
constinit const FlagTable kSocketFlags{kSocketFlagsData};
constinit const FlagTable kMsgFlags{kMsgFlagsData};
constinit const FlagTable kShutdownHow{kShutdownHowData};
constinit const FlagTable kSocketLevels{kSocketLevelsData};
constinit const FlagTable kFutexCmds{kFutexCmdsData};
constinit const FlagTable kFutexBitset{kFutexBitsetData};
constinit const FlagTable kFutexWakeOps{kFutexWakeOpsData};
constinit const FlagTable kFutexWaitvFlags{kFutexWaitvFlagsData};
constinit const FlagTable kFutexWakeOpFlags{kFutexWakeOpFlagsData};
constinit const FlagTable kFutexWakeOpCmps{kFutexWakeOpCmpsData};
constinit const FlagTable kSigprocmaskHow{kSigprocmaskHowData};
constinit const FlagTable kArchPrctlCodes{kArchPrctlCodesData};
constinit const FlagTable kRlimits{kRlimitsData};
constinit const FlagTable kClockIds{kClockIdsData};
constinit const FlagTable kEpollOps{kEpollOpsData};
constinit const FlagTable kRenameFlags{kRenameFlagsData};
constinit const FlagTable kStatxMask{kStatxMaskData};
constinit const FlagTable kResolveFlags{kResolveFlagsData};
constinit const FlagTable kStatxAttrs{kStatxAttrsData};
constinit const FlagTable kSigactionFlags{kSigactionFlagsData};
constinit const FlagTable kStatxSync{kStatxSyncData};
constinit const FlagTable kCapVersions{kCapVersionsData};
constinit const FlagTable kPtraceRequests{kPtraceRequestsData};
constinit const FlagTable kGrndFlags{kGrndFlagsData};
constinit const FlagTable kMadvAdvice{kMadvAdviceData};
constinit const FlagTable kSeccompOps{kSeccompOpsData};
constinit const FlagTable kSeccompFilterFlags{kSeccompFilterFlagsData};
constinit const FlagTable kBpfCmds{kBpfCmdsData};
constinit const FlagTable kMfdFlags{kMfdFlagsData};
constinit const FlagTable kDirentTypes{kDirentTypesData};
constinit const FlagTable kFsMagics{kFsMagicsData};
constinit const FlagTable kStatfsFlags{kStatfsFlagsData};
constinit const FlagTable kIoctlRequests{kIoctlRequestsData};
constinit const FlagTable kTcflushQueues{kTcflushQueuesData};
constinit const FlagTable kTcxoncActions{kTcxoncActionsData};
constinit const FlagTable kEpollEvents{kEpollEventsData};
constinit const FlagTable kIpProtocols{kIpProtocolsData};
constinit const FlagTable kNetlinkProtocols{kNetlinkProtocolsData};
constinit const FlagTable kSolSocketOptions{kSolSocketOptionsData};
constinit const FlagTable kTcpOptions{kTcpOptionsData};
constinit const FlagTable kIpOptions{kIpOptionsData};
constinit const FlagTable kIpv6Options{kIpv6OptionsData};
constinit const FlagTable kFadvAdvice{kFadvAdviceData};
constinit const FlagTable kRusageWho{kRusageWhoData};
constinit const FlagTable kEpollFlags{kEpollFlagsData};
constinit const FlagTable kEfdFlags{kEfdFlagsData};
constinit const FlagTable kTfdFlags{kTfdFlagsData};
constinit const FlagTable kSfdFlags{kSfdFlagsData};
constinit const FlagTable kInotifyFlags{kInotifyFlagsData};
constinit const FlagTable kPollEvents{kPollEventsData};


std::span<const FlagTable> all_flag_tables() {
  static const FlagTable kAll[] = {
      kOpenAccess,
      kOpenFlags,
      kAtFlags,
      kAccessAtFlags,
      kAccessMode,
      kWhence,
      kFdFlags,
      kFcntlCmds,
      kCloneFlags,
      kNsFlags,
      kWaitOptions,
      kPrctlOptions,
      kPrctlDumpable,
      kPrctlMceKillPolicy,
      kPrctlSpecCtrl,
      kMountFlags,
      kUmountFlags,
      kMmapProt,
      kMmapType,
      kMmapFlags,
      kMremapFlags,
      kAddressFamilies,
      kSocketTypes,
      kSocketFlags,
      kMsgFlags,
      kShutdownHow,
      kSocketLevels,
      kFutexCmds,
      kFutexBitset,
      kFutexWakeOps,
      kFutexWaitvFlags,
      kFutexWakeOpFlags,
      kFutexWakeOpCmps,
      kSigprocmaskHow,
      kArchPrctlCodes,
      kRlimits,
      kClockIds,
      kEpollOps,
      kRenameFlags,
      kStatxMask,
      kResolveFlags,
      kStatxAttrs,
      kSigactionFlags,
      kStatxSync,
      kCapVersions,
      kPtraceRequests,
      kGrndFlags,
      kMadvAdvice,
      kSeccompOps,
      kSeccompFilterFlags,
      kBpfCmds,
      kMfdFlags,
      kDirentTypes,
      kFadvAdvice,
      kRusageWho,
      kFsMagics,
      kStatfsFlags,
      kIoctlRequests,
      kTcflushQueues,
      kTcxoncActions,
      kEpollEvents,
      kIpProtocols,
      kNetlinkProtocols,
      kSolSocketOptions,
      kTcpOptions,
      kIpOptions,
      kIpv6Options,
      kEpollFlags,
      kEfdFlags,
      kTfdFlags,
      kSfdFlags,
      kInotifyFlags,
      kPollEvents,
      kFlockOps,
      kFallocModes,
      kCloseRangeFlags,
      kInotifyMask,
      kXattrFlags,
      kMlockFlags,
      kMsyncFlags,
      kSpliceFlags,
      kSyncFileRangeFlags,
      kPkeyAccess,
      kPrioWhich,
      kSchedPolicies,
      kPersonaTypes,
      kPersonaFlags,
      kMembarrierCmds,
      kMembarrierFlags,
      kFOwnerTypes,
      kScmTypes,
      kWaitIdTypes,
      kKcmpTypes,
      kRemapFlags,
      kSchedAttrFlags,
      kAdjtimexModes,
      kAdjtimexStatus,
      kAdjtimexStates,
      kTimerFlags,
      kMempolicyModes,
      kIpcKeys,
      kShmgetFlags,
      kShmatFlags,
      kShmctlCmds,
      kFlockTypes,
      kFileSeals,
      kFanInitFlags,
      kFanClasses,
      kFanMarkFlags,
      kFanEvents,
      kIpcGetFlags,
      kSemOpFlags,
      kSemctlCmds,
      kMsgctlCmds,
      kIpcMsgFlags,
      kSigevNotify,
      kKeySpecs,
      kKeyctlCmds,
      kKeyPerms,
      kIoprioWho,
      kIoprioClasses,
      kRwfFlags,
      kItimerWhich,
      kSigaltstackFlags,
      kSiCodes,
      kSigchldCodes,
      kSigsegvCodes,
      kSigbusCodes,
      kSigillCodes,
      kSigfpeCodes,
      kSigtrapCodes,
      kSigpollCodes,
      kSigsysCodes,
      kAuditArches,
  };
  return kAll;
}

}  // namespace capsule::tables
