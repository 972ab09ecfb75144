// Constant tables of single-purpose calls (flock, fallocate, splice, the scheduler, System V
// shared memory…), each read by one or two syscalls' arguments. Same rules as flag_tables.cpp:
// FLAG(X) stringifies the header's own macro; the order is strace's, which is the order it names
// them in.
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/kcmp.h>
#include <linux/keyctl.h>
#include <linux/membarrier.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <signal.h>
#include <sys/fanotify.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>

#include "decode/flag_tables.h"

#define FLAG(x) FlagName{static_cast<uint64_t>(x), #x}
#define NAMED(v, n) FlagName{static_cast<uint64_t>(v), n}

namespace capsule::tables {
namespace {

constexpr FlagName kFlockOpsData[] = {
    FLAG(LOCK_SH), FLAG(LOCK_EX), FLAG(LOCK_NB), FLAG(LOCK_UN), FLAG(LOCK_MAND), FLAG(LOCK_READ),
    FLAG(LOCK_WRITE),
};
constexpr FlagName kFallocModesData[] = {
    FLAG(FALLOC_FL_KEEP_SIZE), FLAG(FALLOC_FL_PUNCH_HOLE), FLAG(FALLOC_FL_NO_HIDE_STALE),
    FLAG(FALLOC_FL_COLLAPSE_RANGE), FLAG(FALLOC_FL_ZERO_RANGE), FLAG(FALLOC_FL_INSERT_RANGE),
    FLAG(FALLOC_FL_UNSHARE_RANGE),
};
constexpr FlagName kCloseRangeFlagsData[] = {FLAG(CLOSE_RANGE_UNSHARE), FLAG(CLOSE_RANGE_CLOEXEC)};
// Single bits only: strace never writes the IN_ALL_EVENTS / IN_CLOSE / IN_MOVE unions.
constexpr FlagName kInotifyMaskData[] = {
    FLAG(IN_ACCESS), FLAG(IN_MODIFY), FLAG(IN_ATTRIB), FLAG(IN_CLOSE_WRITE), FLAG(IN_CLOSE_NOWRITE),
    FLAG(IN_OPEN), FLAG(IN_MOVED_FROM), FLAG(IN_MOVED_TO), FLAG(IN_CREATE), FLAG(IN_DELETE),
    FLAG(IN_DELETE_SELF), FLAG(IN_MOVE_SELF), FLAG(IN_UNMOUNT), FLAG(IN_Q_OVERFLOW), FLAG(IN_IGNORED),
    FLAG(IN_ONLYDIR), FLAG(IN_DONT_FOLLOW), FLAG(IN_EXCL_UNLINK), FLAG(IN_MASK_CREATE),
    FLAG(IN_MASK_ADD), FLAG(IN_ISDIR), FLAG(IN_ONESHOT),
};
constexpr FlagName kXattrFlagsData[] = {FLAG(XATTR_CREATE), FLAG(XATTR_REPLACE)};
constexpr FlagName kMlockFlagsData[] = {FLAG(MLOCK_ONFAULT)};
constexpr FlagName kMsyncFlagsData[] = {FLAG(MS_ASYNC), FLAG(MS_SYNC), FLAG(MS_INVALIDATE)};
constexpr FlagName kSpliceFlagsData[] = {
    FLAG(SPLICE_F_MOVE), FLAG(SPLICE_F_NONBLOCK), FLAG(SPLICE_F_MORE), FLAG(SPLICE_F_GIFT),
};
constexpr FlagName kSyncFileRangeFlagsData[] = {
    FLAG(SYNC_FILE_RANGE_WAIT_BEFORE), FLAG(SYNC_FILE_RANGE_WRITE), FLAG(SYNC_FILE_RANGE_WAIT_AFTER),
};
constexpr FlagName kPkeyAccessData[] = {FLAG(PKEY_DISABLE_ACCESS), FLAG(PKEY_DISABLE_WRITE)};
constexpr FlagName kPrioWhichData[] = {FLAG(PRIO_PROCESS), FLAG(PRIO_PGRP), FLAG(PRIO_USER)};
constexpr FlagName kSchedPoliciesData[] = {
    FLAG(SCHED_OTHER), FLAG(SCHED_FIFO), FLAG(SCHED_RR), FLAG(SCHED_BATCH), FLAG(SCHED_ISO),
    FLAG(SCHED_IDLE), FLAG(SCHED_DEADLINE),
};
constexpr FlagName kTimerFlagsData[] = {FLAG(TIMER_ABSTIME)};
constexpr FlagName kMempolicyModesData[] = {
    FLAG(MPOL_DEFAULT), FLAG(MPOL_PREFERRED), FLAG(MPOL_BIND), FLAG(MPOL_INTERLEAVE), FLAG(MPOL_LOCAL),
    FLAG(MPOL_PREFERRED_MANY),
};
constexpr FlagName kIpcKeysData[] = {FLAG(IPC_PRIVATE)};
// personality's execution domain (its low byte, PER_MASK): strace names the byte, then the flags.
constexpr FlagName kPersonaTypesData[] = {
    FLAG(PER_LINUX), NAMED(1, "PER_SVR4"), NAMED(2, "PER_SVR3"), NAMED(3, "PER_SCOSVR3"),
    NAMED(4, "PER_WYSEV386"), NAMED(5, "PER_ISCR4"), FLAG(PER_BSD), NAMED(7, "PER_XENIX"),
    FLAG(PER_LINUX32), NAMED(9, "PER_IRIX32"), NAMED(0xa, "PER_IRIXN32"), NAMED(0xb, "PER_IRIX64"),
    FLAG(PER_RISCOS), NAMED(0xd, "PER_SOLARIS"), NAMED(0xe, "PER_UW7"), FLAG(PER_OSF4), FLAG(PER_HPUX),
};
constexpr FlagName kPersonaFlagsData[] = {
    FLAG(UNAME26), FLAG(ADDR_NO_RANDOMIZE), FLAG(FDPIC_FUNCPTRS), FLAG(MMAP_PAGE_ZERO),
    FLAG(ADDR_COMPAT_LAYOUT), FLAG(READ_IMPLIES_EXEC), FLAG(ADDR_LIMIT_32BIT), FLAG(SHORT_INODE),
    FLAG(WHOLE_SECONDS), FLAG(STICKY_TIMEOUTS), FLAG(ADDR_LIMIT_3GB),
};
constexpr FlagName kMembarrierCmdsData[] = {
    FLAG(MEMBARRIER_CMD_QUERY), FLAG(MEMBARRIER_CMD_GLOBAL), FLAG(MEMBARRIER_CMD_GLOBAL_EXPEDITED),
    FLAG(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED), FLAG(MEMBARRIER_CMD_PRIVATE_EXPEDITED),
    FLAG(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED), FLAG(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE),
    FLAG(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE), FLAG(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ),
    FLAG(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ),
};
constexpr FlagName kWaitIdTypesData[] = {FLAG(P_ALL), FLAG(P_PID), FLAG(P_PGID), FLAG(P_PIDFD)};
constexpr FlagName kKcmpTypesData[] = {
    FLAG(KCMP_FILE), FLAG(KCMP_VM), FLAG(KCMP_FILES), FLAG(KCMP_FS), FLAG(KCMP_SIGHAND), FLAG(KCMP_IO),
    FLAG(KCMP_SYSVSEM), FLAG(KCMP_EPOLL_TFD),
};
constexpr FlagName kRemapFlagsData[] = {FLAG(MAP_NONBLOCK)};
// linux/sched.h's values (the header clashes with glibc's sched.h).
constexpr FlagName kSchedAttrFlagsData[] = {
    NAMED(0x01, "SCHED_FLAG_RESET_ON_FORK"), NAMED(0x02, "SCHED_FLAG_RECLAIM"), NAMED(0x04, "SCHED_FLAG_DL_OVERRUN"),
    NAMED(0x08, "SCHED_FLAG_KEEP_POLICY"), NAMED(0x10, "SCHED_FLAG_KEEP_PARAMS"),
    NAMED(0x20, "SCHED_FLAG_UTIL_CLAMP_MIN"), NAMED(0x40, "SCHED_FLAG_UTIL_CLAMP_MAX"),
};
constexpr FlagName kScmTypesData[] = {FLAG(SCM_RIGHTS), FLAG(SCM_CREDENTIALS), NAMED(3, "SCM_SECURITY")};
constexpr FlagName kFOwnerTypesData[] = {FLAG(F_OWNER_TID), FLAG(F_OWNER_PID), FLAG(F_OWNER_PGRP)};
constexpr FlagName kMembarrierFlagsData[] = {FLAG(MEMBARRIER_CMD_FLAG_CPU)};
// The two compound modes first: append_flags takes the first entry whose bits are all set.
constexpr FlagName kAdjtimexModesData[] = {
    FLAG(ADJ_OFFSET_SS_READ), FLAG(ADJ_OFFSET_SINGLESHOT), FLAG(ADJ_OFFSET), FLAG(ADJ_FREQUENCY),
    FLAG(ADJ_MAXERROR), FLAG(ADJ_ESTERROR), FLAG(ADJ_STATUS), FLAG(ADJ_TIMECONST), FLAG(ADJ_TAI),
    FLAG(ADJ_SETOFFSET), FLAG(ADJ_MICRO), FLAG(ADJ_NANO), FLAG(ADJ_TICK),
};
constexpr FlagName kAdjtimexStatusData[] = {
    FLAG(STA_PLL), FLAG(STA_PPSFREQ), FLAG(STA_PPSTIME), FLAG(STA_FLL), FLAG(STA_INS), FLAG(STA_DEL),
    FLAG(STA_UNSYNC), FLAG(STA_FREQHOLD), FLAG(STA_PPSSIGNAL), FLAG(STA_PPSJITTER), FLAG(STA_PPSWANDER),
    FLAG(STA_PPSERROR), FLAG(STA_CLOCKERR), FLAG(STA_NANO), FLAG(STA_MODE), FLAG(STA_CLK),
};
constexpr FlagName kAdjtimexStatesData[] = {
    FLAG(TIME_OK), FLAG(TIME_INS), FLAG(TIME_DEL), FLAG(TIME_OOP), FLAG(TIME_WAIT), FLAG(TIME_ERROR),
};
// shmget's flags above the permission bits (which strace writes in octal after them).
constexpr FlagName kShmgetFlagsData[] = {
    FLAG(IPC_CREAT), FLAG(IPC_EXCL), FLAG(SHM_HUGETLB), FLAG(SHM_NORESERVE),
};
constexpr FlagName kShmatFlagsData[] = {FLAG(SHM_RDONLY), FLAG(SHM_RND), FLAG(SHM_REMAP), FLAG(SHM_EXEC)};
constexpr FlagName kShmctlCmdsData[] = {
    FLAG(IPC_RMID), FLAG(IPC_SET), FLAG(IPC_STAT), FLAG(IPC_INFO), FLAG(SHM_LOCK), FLAG(SHM_UNLOCK),
    FLAG(SHM_STAT), FLAG(SHM_INFO), FLAG(SHM_STAT_ANY),
};
constexpr FlagName kFlockTypesData[] = {FLAG(F_RDLCK), FLAG(F_WRLCK), FLAG(F_UNLCK)};
constexpr FlagName kFileSealsData[] = {
    FLAG(F_SEAL_SEAL), FLAG(F_SEAL_SHRINK), FLAG(F_SEAL_GROW), FLAG(F_SEAL_WRITE), FLAG(F_SEAL_FUTURE_WRITE),
};
// fanotify_init's flags above the notification class (FAN_CLASS_*, the bits of 0x0c, named apart).
constexpr FlagName kFanInitFlagsData[] = {
    FLAG(FAN_CLOEXEC), FLAG(FAN_NONBLOCK), FLAG(FAN_UNLIMITED_QUEUE), FLAG(FAN_UNLIMITED_MARKS),
    FLAG(FAN_ENABLE_AUDIT), FLAG(FAN_REPORT_PIDFD), FLAG(FAN_REPORT_TID), FLAG(FAN_REPORT_FID),
    FLAG(FAN_REPORT_DIR_FID), FLAG(FAN_REPORT_NAME), FLAG(FAN_REPORT_TARGET_FID),
};
constexpr FlagName kFanClassesData[] = {
    FLAG(FAN_CLASS_NOTIF), FLAG(FAN_CLASS_CONTENT), FLAG(FAN_CLASS_PRE_CONTENT),
};
constexpr FlagName kFanMarkFlagsData[] = {
    FLAG(FAN_MARK_ADD), FLAG(FAN_MARK_REMOVE), FLAG(FAN_MARK_DONT_FOLLOW), FLAG(FAN_MARK_ONLYDIR),
    FLAG(FAN_MARK_MOUNT), FLAG(FAN_MARK_IGNORED_MASK), FLAG(FAN_MARK_IGNORED_SURV_MODIFY),
    FLAG(FAN_MARK_FLUSH), FLAG(FAN_MARK_FILESYSTEM), FLAG(FAN_MARK_EVICTABLE), FLAG(FAN_MARK_IGNORE),
};
constexpr FlagName kFanEventsData[] = {
    FLAG(FAN_ACCESS), FLAG(FAN_MODIFY), FLAG(FAN_ATTRIB), FLAG(FAN_CLOSE_WRITE), FLAG(FAN_CLOSE_NOWRITE),
    FLAG(FAN_OPEN), FLAG(FAN_MOVED_FROM), FLAG(FAN_MOVED_TO), FLAG(FAN_CREATE), FLAG(FAN_DELETE),
    FLAG(FAN_DELETE_SELF), FLAG(FAN_MOVE_SELF), FLAG(FAN_OPEN_EXEC), FLAG(FAN_Q_OVERFLOW),
    FLAG(FAN_FS_ERROR), FLAG(FAN_OPEN_PERM), FLAG(FAN_ACCESS_PERM), FLAG(FAN_OPEN_EXEC_PERM),
    FLAG(FAN_EVENT_ON_CHILD), FLAG(FAN_RENAME), FLAG(FAN_ONDIR),
};
// semget's and msgget's flags above the permission bits (strace's resource flags).
constexpr FlagName kIpcGetFlagsData[] = {FLAG(IPC_CREAT), FLAG(IPC_EXCL), FLAG(IPC_NOWAIT)};
constexpr FlagName kSemOpFlagsData[] = {FLAG(SEM_UNDO), FLAG(IPC_NOWAIT)};
constexpr FlagName kSemctlCmdsData[] = {
    FLAG(IPC_RMID), FLAG(IPC_SET), FLAG(IPC_STAT), FLAG(IPC_INFO), FLAG(GETPID), FLAG(GETVAL),
    FLAG(GETALL), FLAG(GETNCNT), FLAG(GETZCNT), FLAG(SETVAL), FLAG(SETALL), FLAG(SEM_STAT),
    FLAG(SEM_INFO), FLAG(SEM_STAT_ANY),
};
constexpr FlagName kMsgctlCmdsData[] = {
    FLAG(IPC_RMID), FLAG(IPC_SET), FLAG(IPC_STAT), FLAG(IPC_INFO), FLAG(MSG_STAT), FLAG(MSG_INFO),
    FLAG(MSG_STAT_ANY),
};
constexpr FlagName kIpcMsgFlagsData[] = {FLAG(IPC_NOWAIT), FLAG(MSG_NOERROR), FLAG(MSG_EXCEPT), FLAG(MSG_COPY)};
constexpr FlagName kSigevNotifyData[] = {
    FLAG(SIGEV_SIGNAL), FLAG(SIGEV_NONE), FLAG(SIGEV_THREAD), FLAG(SIGEV_THREAD_ID),
};
// Key ids as 32-bit words (the special ones are negative; an enumeration compares low 32 bits).
constexpr FlagName kKeySpecsData[] = {
    NAMED(static_cast<uint32_t>(KEY_SPEC_THREAD_KEYRING), "KEY_SPEC_THREAD_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_PROCESS_KEYRING), "KEY_SPEC_PROCESS_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_SESSION_KEYRING), "KEY_SPEC_SESSION_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_USER_KEYRING), "KEY_SPEC_USER_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_USER_SESSION_KEYRING), "KEY_SPEC_USER_SESSION_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_GROUP_KEYRING), "KEY_SPEC_GROUP_KEYRING"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_REQKEY_AUTH_KEY), "KEY_SPEC_REQKEY_AUTH_KEY"),
    NAMED(static_cast<uint32_t>(KEY_SPEC_REQUESTOR_KEYRING), "KEY_SPEC_REQUESTOR_KEYRING"),
};
constexpr FlagName kKeyctlCmdsData[] = {
    FLAG(KEYCTL_GET_KEYRING_ID), FLAG(KEYCTL_JOIN_SESSION_KEYRING), FLAG(KEYCTL_UPDATE),
    FLAG(KEYCTL_REVOKE), FLAG(KEYCTL_CHOWN), FLAG(KEYCTL_SETPERM), FLAG(KEYCTL_DESCRIBE),
    FLAG(KEYCTL_CLEAR), FLAG(KEYCTL_LINK), FLAG(KEYCTL_UNLINK), FLAG(KEYCTL_SEARCH), FLAG(KEYCTL_READ),
    FLAG(KEYCTL_INSTANTIATE), FLAG(KEYCTL_NEGATE), FLAG(KEYCTL_SET_REQKEY_KEYRING),
    FLAG(KEYCTL_SET_TIMEOUT), FLAG(KEYCTL_ASSUME_AUTHORITY), FLAG(KEYCTL_GET_SECURITY),
    FLAG(KEYCTL_SESSION_TO_PARENT), FLAG(KEYCTL_REJECT), FLAG(KEYCTL_INSTANTIATE_IOV),
    FLAG(KEYCTL_INVALIDATE), FLAG(KEYCTL_GET_PERSISTENT), FLAG(KEYCTL_DH_COMPUTE),
    FLAG(KEYCTL_PKEY_QUERY), FLAG(KEYCTL_PKEY_ENCRYPT), FLAG(KEYCTL_PKEY_DECRYPT),
    FLAG(KEYCTL_PKEY_SIGN), FLAG(KEYCTL_PKEY_VERIFY), FLAG(KEYCTL_RESTRICT_KEYRING), FLAG(KEYCTL_MOVE),
    FLAG(KEYCTL_CAPABILITIES), FLAG(KEYCTL_WATCH_KEY),
};
// Key permissions (keyutils' KEY_POS_* …, which no uapi header declares): possessor, user, group,
// other, each view|read|write|search|link|setattr; single bits only, as strace names them.
constexpr FlagName kKeyPermsData[] = {
    NAMED(0x01000000, "KEY_POS_VIEW"), NAMED(0x02000000, "KEY_POS_READ"), NAMED(0x04000000, "KEY_POS_WRITE"),
    NAMED(0x08000000, "KEY_POS_SEARCH"), NAMED(0x10000000, "KEY_POS_LINK"), NAMED(0x20000000, "KEY_POS_SETATTR"),
    NAMED(0x00010000, "KEY_USR_VIEW"), NAMED(0x00020000, "KEY_USR_READ"), NAMED(0x00040000, "KEY_USR_WRITE"),
    NAMED(0x00080000, "KEY_USR_SEARCH"), NAMED(0x00100000, "KEY_USR_LINK"), NAMED(0x00200000, "KEY_USR_SETATTR"),
    NAMED(0x00000100, "KEY_GRP_VIEW"), NAMED(0x00000200, "KEY_GRP_READ"), NAMED(0x00000400, "KEY_GRP_WRITE"),
    NAMED(0x00000800, "KEY_GRP_SEARCH"), NAMED(0x00001000, "KEY_GRP_LINK"), NAMED(0x00002000, "KEY_GRP_SETATTR"),
    NAMED(0x00000001, "KEY_OTH_VIEW"), NAMED(0x00000002, "KEY_OTH_READ"), NAMED(0x00000004, "KEY_OTH_WRITE"),
    NAMED(0x00000008, "KEY_OTH_SEARCH"), NAMED(0x00000010, "KEY_OTH_LINK"), NAMED(0x00000020, "KEY_OTH_SETATTR"),
};
// linux/ioprio.h is not C++ (a parameter named "class"): its enum's values, spelled here.
constexpr FlagName kIoprioWhoData[] = {
    NAMED(1, "IOPRIO_WHO_PROCESS"), NAMED(2, "IOPRIO_WHO_PGRP"), NAMED(3, "IOPRIO_WHO_USER"),
};
constexpr FlagName kIoprioClassesData[] = {
    NAMED(0, "IOPRIO_CLASS_NONE"), NAMED(1, "IOPRIO_CLASS_RT"), NAMED(2, "IOPRIO_CLASS_BE"),
    NAMED(3, "IOPRIO_CLASS_IDLE"),
};
constexpr FlagName kRwfFlagsData[] = {
    FLAG(RWF_HIPRI), FLAG(RWF_DSYNC), FLAG(RWF_SYNC), FLAG(RWF_NOWAIT), FLAG(RWF_APPEND),
};
// SS_AUTODISARM is in linux/signal.h only, which clashes with glibc's signal.h.
constexpr FlagName kSigaltstackFlagsData[] = {FLAG(SS_ONSTACK), FLAG(SS_DISABLE), NAMED(1u << 31, "SS_AUTODISARM")};
constexpr FlagName kItimerWhichData[] = {FLAG(ITIMER_REAL), FLAG(ITIMER_VIRTUAL), FLAG(ITIMER_PROF)};

}  // namespace

constinit const FlagTable kFlockOps{kFlockOpsData};
constinit const FlagTable kFallocModes{kFallocModesData};
constinit const FlagTable kCloseRangeFlags{kCloseRangeFlagsData};
constinit const FlagTable kInotifyMask{kInotifyMaskData};
constinit const FlagTable kXattrFlags{kXattrFlagsData};
constinit const FlagTable kMlockFlags{kMlockFlagsData};
constinit const FlagTable kMsyncFlags{kMsyncFlagsData};
constinit const FlagTable kSpliceFlags{kSpliceFlagsData};
constinit const FlagTable kSyncFileRangeFlags{kSyncFileRangeFlagsData};
constinit const FlagTable kPkeyAccess{kPkeyAccessData};
constinit const FlagTable kPrioWhich{kPrioWhichData};
constinit const FlagTable kSchedPolicies{kSchedPoliciesData};
constinit const FlagTable kTimerFlags{kTimerFlagsData};
constinit const FlagTable kMempolicyModes{kMempolicyModesData};
constinit const FlagTable kIpcKeys{kIpcKeysData};
constinit const FlagTable kPersonaTypes{kPersonaTypesData};
constinit const FlagTable kPersonaFlags{kPersonaFlagsData};
constinit const FlagTable kMembarrierCmds{kMembarrierCmdsData};
constinit const FlagTable kMembarrierFlags{kMembarrierFlagsData};
constinit const FlagTable kFOwnerTypes{kFOwnerTypesData};
constinit const FlagTable kScmTypes{kScmTypesData};
constinit const FlagTable kWaitIdTypes{kWaitIdTypesData};
constinit const FlagTable kKcmpTypes{kKcmpTypesData};
constinit const FlagTable kRemapFlags{kRemapFlagsData};
constinit const FlagTable kSchedAttrFlags{kSchedAttrFlagsData};
constinit const FlagTable kAdjtimexModes{kAdjtimexModesData};
constinit const FlagTable kAdjtimexStatus{kAdjtimexStatusData};
constinit const FlagTable kAdjtimexStates{kAdjtimexStatesData};
constinit const FlagTable kShmgetFlags{kShmgetFlagsData};
constinit const FlagTable kShmatFlags{kShmatFlagsData};
constinit const FlagTable kShmctlCmds{kShmctlCmdsData};
constinit const FlagTable kFlockTypes{kFlockTypesData};
constinit const FlagTable kFileSeals{kFileSealsData};
constinit const FlagTable kFanInitFlags{kFanInitFlagsData};
constinit const FlagTable kFanClasses{kFanClassesData};
constinit const FlagTable kFanMarkFlags{kFanMarkFlagsData};
constinit const FlagTable kFanEvents{kFanEventsData};
constinit const FlagTable kIpcGetFlags{kIpcGetFlagsData};
constinit const FlagTable kSemOpFlags{kSemOpFlagsData};
constinit const FlagTable kSemctlCmds{kSemctlCmdsData};
constinit const FlagTable kMsgctlCmds{kMsgctlCmdsData};
constinit const FlagTable kIpcMsgFlags{kIpcMsgFlagsData};
constinit const FlagTable kSigevNotify{kSigevNotifyData};
constinit const FlagTable kKeySpecs{kKeySpecsData};
constinit const FlagTable kKeyctlCmds{kKeyctlCmdsData};
constinit const FlagTable kKeyPerms{kKeyPermsData};
constinit const FlagTable kIoprioWho{kIoprioWhoData};
constinit const FlagTable kIoprioClasses{kIoprioClassesData};
constinit const FlagTable kRwfFlags{kRwfFlagsData};
constinit const FlagTable kItimerWhich{kItimerWhichData};
constinit const FlagTable kSigaltstackFlags{kSigaltstackFlagsData};

}  // namespace capsule::tables
