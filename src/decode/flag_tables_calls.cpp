// Constant tables of single-purpose calls (flock, fallocate, splice, the scheduler, System V
// shared memory…), each read by one or two syscalls' arguments. Same rules as flag_tables.cpp:
// FLAG(X) stringifies the header's own macro; the order is strace's, which is the order it names
// them in.
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/mempolicy.h>
#include <sched.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <sys/uio.h>
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
// shmget's flags above the permission bits (which strace writes in octal after them).
constexpr FlagName kShmgetFlagsData[] = {
    FLAG(IPC_CREAT), FLAG(IPC_EXCL), FLAG(SHM_HUGETLB), FLAG(SHM_NORESERVE),
};
constexpr FlagName kShmatFlagsData[] = {FLAG(SHM_RDONLY), FLAG(SHM_RND), FLAG(SHM_REMAP), FLAG(SHM_EXEC)};
constexpr FlagName kShmctlCmdsData[] = {
    FLAG(IPC_RMID), FLAG(IPC_SET), FLAG(IPC_STAT), FLAG(IPC_INFO), FLAG(SHM_LOCK), FLAG(SHM_UNLOCK),
    FLAG(SHM_STAT), FLAG(SHM_INFO), FLAG(SHM_STAT_ANY),
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
constinit const FlagTable kShmgetFlags{kShmgetFlagsData};
constinit const FlagTable kShmatFlags{kShmatFlagsData};
constinit const FlagTable kShmctlCmds{kShmctlCmdsData};
constinit const FlagTable kIoprioWho{kIoprioWhoData};
constinit const FlagTable kIoprioClasses{kIoprioClassesData};
constinit const FlagTable kRwfFlags{kRwfFlagsData};
constinit const FlagTable kItimerWhich{kItimerWhichData};
constinit const FlagTable kSigaltstackFlags{kSigaltstackFlagsData};

}  // namespace capsule::tables
