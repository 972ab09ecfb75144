// What each syscall's arguments are, declared once as data: the parameter names (exactly as in the
// Linux man pages' C prototypes, section 2), their types, and the return type. The native decoders
// and the strace parser both use it, so both backends name and shape arguments the same way.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "decode/flags.h"
#include "decode/syscall_facts.h"
#include "event/syscall_event.h"

namespace capsule {

// Parameter name of argument `index` of `syscall` ("pathname" for openat's second); "arg<index>"
// when the syscall or the index is not in the table.
std::string arg_name(std::string_view syscall, size_t index);

// How one argument register is understood. The decoders switch on this, never on the syscall
// name. "len" below is the ParamSpec's `related` argument index.
enum class ArgType : uint8_t {
  // Plain numbers.
  Int,         // C int: low 32 bits, signed
  Pid,         // a process, thread or group id (pid_t): an Int, declared as an id (the corpus
               // comparison replaces these, and only these, with PID)
  Long,        // long / off_t / loff_t: 64 bits, signed
  UInt,        // unsigned int: low 32 bits
  Id,          // uid_t/gid_t: unsigned, but (uid_t)-1 ("unchanged") shown as -1, as strace does
  ULong,       // size_t / unsigned long
  Hex,         // an opaque word, always 0x… (ioctl requests, keys, offsets shown in hex)
  Ptr,         // a pointer we do not follow: NULL or 0x…
  Fd,          // a file descriptor
  DirFd,       // a file descriptor or AT_FDCWD
  Mode,        // file mode bits, octal
  OpenMode,    // open's mode: octal, omitted (as strace does) unless flags (arg `related`) create
  // Memory the syscall reads (decoded at exit unless noted) or writes (decoded at exit).
  Path,        // NUL-terminated string (paths, names)
  BufIn,       // bytes, length in arg `related`
  BufOut,      // bytes written by the call, length = return value
  RandomOut,   // BufOut whose bytes are random data (getrandom): strace shows them in hex even when
               // every byte happens to be printable (its QUOTE_FORCE_HEX)
  PathOut,     // NUL-terminated string written by the call (getcwd)
  StrArray,    // NULL-terminated char*[] (argv, envp); forces decoding at entry
  FdPair,      // int[2] written by the call (pipe, socketpair)
  GidList,     // gid_t[len]
  GidListOut,  // gid_t[] the call fills, as many as it returns (getgroups; none when len is 0)
  IovIn,       // struct iovec[len] the call reads
  IovOut,      // struct iovec[len] the call fills; return value = total bytes
  SockAddrIn,  // struct sockaddr, length in arg `related`
  SockAddrOut, // struct sockaddr written by the call, socklen_t* in arg `related`
  SockLenPtr,  // socklen_t* value-result (shown as its value at exit)
  MsgHdrIn,    // struct msghdr the call reads (sendmsg)
  MsgHdrOut,   // struct msghdr the call fills (recvmsg); return value = total bytes
  MmsgHdrIn,   // struct mmsghdr[vlen in `related`] sendmmsg sends; msg_len set for those sent
  MmsgHdrOut,  // struct mmsghdr[vlen in `related`] recvmmsg fills, as many as it returns
  CloneArgs,   // struct clone_args, size in arg `related`
  IntOut,      // an int the call writes, shown as strace does: [N] (clone's parent_tid)
  SigFrame,    // rt_sigreturn's signal frame at the stack pointer: the mask it restores, {mask=[…]};
               // read at entry, left out when the backend gives no stack pointer
  Timespec,    // const struct timespec*
  UtimeTimes,  // utimensat's struct timespec[2], UTIME_NOW / UTIME_OMIT by name (the renderer adds
               // each time's date comment, as strace -v does)
  StatOut,     // struct stat the call fills (x86_64 layout; i386's stay pointers)
  StatxOut,    // struct statx the call fills
  StatxFlags,  // statx's flags: the sync type, always named, then AT_*
  RlimitIn,    // struct rlimit / rlimit64 the call reads (64-bit fields; i386's getrlimit family stays a pointer)
  RlimitOut,   // struct rlimit / rlimit64 the call fills
  SigSetIn,    // sigset_t* the call reads, its size in arg `related`
  SigSetOut,   // sigset_t* the call fills, its size in arg `related`
  SigActionIn,   // struct sigaction the call reads (x86_64 layout; i386's stays a pointer), sigset size in `related`
  SigActionOut,  // struct sigaction the call fills
  SigStackIn,  // stack_t the call reads (sigaltstack's ss; x86_64 layout, i386's stays a pointer)
  SigStackOut, // stack_t the call fills (sigaltstack's old_ss)
  SigInfoOut,  // siginfo_t the call fills (rt_sigtimedwait, waitid; x86_64 layout)
  SigInfoIn,   // siginfo_t the call reads (rt_sigqueueinfo; x86_64 layout)
  CloneParentTid,  // clone's parent_tid: the int the call wrote there, [1234], or with
                   // CLONE_PIDFD in the flags (argument `related`) the pidfd, [5<pid:1234>]
  RemoteFd,    // an fd number in another process (pidfd_getfd's targetfd): written as an fd, named
               // by the enricher from that process's table (enrich/pidfd_refs.h)
  WaitId,      // waitid's id: a pid, or with P_PIDFD (the idtype in `related`) a pidfd
  FileMode,    // mknod's mode: the file type and the permissions, S_IFIFO|0600
  MknodDev,    // mknod's dev, makedev(0x1, 0x3), shown only for the device types of the mode in
               // `related` (strace leaves it out for a fifo, a socket or a file)
  ArchPrctlAddr,  // arch_prctl's addr: the word ARCH_GET_FS/GS (the code in `related`) wrote,
                  // [0x7f…], else the address
  MincoreVec,  // mincore's vec: a byte a page of the length in `related`, [1, 0, 0]
  NodeMaskIn,  // unsigned long[] NUMA node mask the call reads, `related` its maxnode (bits):
               // [0x00000000000001] (decode/node_mask.h)
  NodeMaskOut, // the same, filled by the call (get_mempolicy)
  MempolicyOut,  // int the call fills with an MPOL_* mode (get_mempolicy): [MPOL_DEFAULT]
  SchedAttrIn,   // struct sched_attr the call reads (sched_setattr)
  SchedAttrOut,  // struct sched_attr the call fills (sched_getattr)
  IovRemote,   // struct iovec[len] in another process (process_vm_readv/writev's remote_iov): the
               // pointers and lengths, not followed
  OpenHow,     // openat2's struct open_how, size in arg `related`
  CapHeader,   // cap_user_header_t: {version, pid}
  CapDataIn,   // cap_user_data_t the call reads (capset); its version is in arg `related`'s header
  CapDataOut,  // cap_user_data_t the call fills (capget)
  WaitStatus,  // int* status written by wait4/waitpid
  DirentOut,   // struct linux_dirent[] getdents filled, buffer size in arg `related`
  Dirent64Out, // struct linux_dirent64[] getdents64 filled, buffer size in arg `related`
  TimespecOut, // struct timespec the call fills (clock_getres)
  TimevalOut,  // struct timeval the call fills (gettimeofday)
  ItimervalIn, // struct itimerval the call reads (setitimer's new value)
  ItimervalOut,  // struct itimerval the call fills (getitimer, setitimer's old value)
  ItimerspecIn,  // struct itimerspec the call reads (timer_settime, timerfd_settime)
  ItimerspecOut, // struct itimerspec the call fills (the *_gettime calls, the old values)
  UtsnameOut,  // struct utsname the call fills
  SysinfoOut,  // struct sysinfo the call fills (x86_64 layout; i386's stays a pointer)
  RusageOut,   // struct rusage the call fills (x86_64 layout; i386's stays a pointer)
  StatfsOut,   // struct statfs the call fills (x86_64 layout; i386's stays a pointer)
  IoctlRequest,  // ioctl's request: TCGETS…, else hex
  IoctlArg,      // ioctl's argument, shaped by the request in `related` ([1], {ws_row=…}, TCIFLUSH),
                 // absent for the requests that take none (FIOCLEX), else hex
  EpollEventIn,  // struct epoll_event the call reads (epoll_ctl)
  EpollEventsOut,  // struct epoll_event[] the call fills; count = return value
  CpuSetIn,    // cpu_set_t the call reads, its size in `related`: the CPUs in it, [0 1]
  CpuSetOut,   // cpu_set_t the call fills, as many bytes as it returns
  FdSet,       // fd_set the call reads and rewrites (select), `related` the nfds bits in it: the fds
               // as the call read them, [3 4]; forces decoding at entry (the kernel leaves only
               // the ready ones, which strace shows after the return value: RetType::Selected)
  TimevalIn,   // struct timeval the call reads (select's timeout)
  PselectSigmask,  // pselect6's {sigmask=[USR1], sigsetsize=8}: a sigset pointer and its size
  Persona,     // personality's persona: PER_LINUX|ADDR_NO_RANDOMIZE, 0xffffffff (the query) as a number
  TimexOut,    // struct timex adjtimex/clock_adjtime filled (x86_64 layout; i386's stays a pointer)
  PollFds,     // struct pollfd[count in `related`]: fd and events as the call read them, and the
               // revents a successful call wrote (strace shows those after the return value)
  SockProtocol,  // socket's protocol, named by the family in arg `related` (IPPROTO_TCP)
  SockOptName,   // a socket option, named by the level in arg `related` (SO_REUSEADDR)
  SockOptIn,     // setsockopt's value, length in arg `related`: "[1]" for an int
  SockOptOut,    // getsockopt's value, socklen_t* in arg `related`: "[1]" for an int
  // Symbolic constants and flag sets.
  OpenFlags,   // O_RDONLY|O_CREAT…
  OFlags,      // O_* without an access mode (pipe2, dup3, inotify_init1…)
  AtFlags,     // AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH…
  AccessAtFlags,  // faccessat2: AT_EACCESS|AT_SYMLINK_NOFOLLOW…
  AccessMode,  // F_OK / R_OK|W_OK|X_OK
  Whence,      // SEEK_SET…
  Signal,      // SIGTERM
  CloneFlags,  // CLONE_VM|…|SIGCHLD (exit signal in the low byte)
  NsFlags,     // CLONE_NEW* (unshare, setns)
  WaitOptions, // WNOHANG|__WALL…
  PrctlOption, // PR_SET_NAME…
  PrctlArg2,   // prctl's arg2: a string for PR_SET_NAME, a signal for PR_SET_PDEATHSIG, else Hex
  MountFlags,  // MS_RDONLY|MS_BIND…
  UmountFlags, // MNT_FORCE|MNT_DETACH…
  MmapProt,    // PROT_READ|PROT_WRITE
  MmapFlags,   // MAP_PRIVATE|MAP_ANONYMOUS
  MremapFlags, // MREMAP_MAYMOVE…
  SockDomain,  // AF_INET…
  SockType,    // SOCK_STREAM|SOCK_CLOEXEC
  SockFlags,   // SOCK_NONBLOCK|SOCK_CLOEXEC (accept4)
  MsgFlags,    // MSG_DONTWAIT|…
  ShutdownHow, // SHUT_RD…
  SockLevel,   // SOL_SOCKET, IPPROTO_TCP…
  FcntlCmd,    // F_GETFL…
  FcntlArg,    // fcntl's third argument: shape depends on the command; absent for F_GET*
  FutexOp,     // FUTEX_WAIT_PRIVATE…; it decides which of futex's other arguments are shown
  FutexTimeout,  // futex's fourth: a timeout, or val2 for the requeue operations (futex_layout.h)
  FutexWaiters,  // struct futex_waitv[count in `related`] futex_waitv reads: [{val=0x1, uaddr=…, flags=FUTEX_32}]
  FutexVal3,   // futex's sixth: FUTEX_BITSET_MATCH_ANY or a bitset, else a number
  SigHow,      // SIG_BLOCK…
  ArchPrctl,   // ARCH_SET_FS…
  Rlimit,      // RLIMIT_NOFILE…
  ClockId,     // CLOCK_MONOTONIC…
  EpollOp,     // EPOLL_CTL_ADD…
  RenameFlags, // RENAME_NOREPLACE…
  StatxMask,   // STATX_BASIC_STATS…
  PtraceRequest,  // PTRACE_ATTACH…
  GrndFlags,   // GRND_NONBLOCK|GRND_RANDOM
  MadvAdvice,  // MADV_DONTNEED…
  SeccompOp,   // SECCOMP_SET_MODE_FILTER…
  SeccompFlags,  // SECCOMP_FILTER_FLAG_TSYNC|…
  BpfCmd,      // BPF_PROG_LOAD…
  MfdFlags,    // MFD_CLOEXEC|MFD_ALLOW_SEALING
  FadvAdvice,  // POSIX_FADV_SEQUENTIAL…
  RusageWho,   // RUSAGE_SELF…
  IdType,      // waitid's P_PID, P_PIDFD…
  KcmpType,    // KCMP_FILE, KCMP_VM…
  KcmpIdx,     // kcmp's idx1/idx2: fds with KCMP_FILE (the type in `related`), else numbers
  RemapFlags,  // remap_file_pages's flags: MAP_NONBLOCK, MAP_FILE for 0 (as strace writes it)
  MembarrierCmd,    // MEMBARRIER_CMD_QUERY…
  MembarrierFlags,  // MEMBARRIER_CMD_FLAG_CPU: it decides whether membarrier's cpu_id is shown
  EpollFlags,  // EPOLL_CLOEXEC: O_CLOEXEC under the call's own names, as strace shows them
  EfdFlags,    // EFD_SEMAPHORE|EFD_CLOEXEC|EFD_NONBLOCK
  TfdFlags,    // TFD_CLOEXEC|TFD_NONBLOCK
  SfdFlags,    // SFD_CLOEXEC|SFD_NONBLOCK
  InotifyFlags,  // IN_NONBLOCK|IN_CLOEXEC
  FlockOp,     // LOCK_EX|LOCK_NB
  FallocMode,  // FALLOC_FL_KEEP_SIZE…
  CloseRangeFlags,  // CLOSE_RANGE_CLOEXEC|CLOSE_RANGE_UNSHARE
  InotifyMask, // IN_CREATE|IN_MODIFY… (inotify_add_watch)
  XattrFlags,  // XATTR_CREATE / XATTR_REPLACE
  MlockFlags,  // MLOCK_ONFAULT
  MsyncFlags,  // MS_SYNC|MS_INVALIDATE
  SpliceFlags, // SPLICE_F_MOVE|SPLICE_F_MORE…
  SyncFileRangeFlags,  // SYNC_FILE_RANGE_WRITE…
  PkeyAccess,  // PKEY_DISABLE_ACCESS|PKEY_DISABLE_WRITE
  PrioWhich,   // PRIO_PROCESS…
  SchedPolicy, // SCHED_OTHER, SCHED_FIFO…
  TimerFlags,  // TIMER_ABSTIME
  MempolicyMode,  // MPOL_DEFAULT, MPOL_BIND…
  ShmatFlags,  // SHM_RDONLY|SHM_RND…
  ShmctlCmd,   // IPC_RMID, IPC_STAT, SHM_LOCK…
  IoprioWho,   // IOPRIO_WHO_PROCESS…
  IoprioValue, // IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4)
  RwfFlags,    // RWF_HIPRI|RWF_DSYNC… (preadv2/pwritev2)
  ItimerWhich, // ITIMER_REAL…
  IpcKey,      // a System V key: IPC_PRIVATE for 0, else hex
  ShmgetFlags, // shmget's flags: IPC_CREAT|IPC_EXCL… then the permission bits in octal (IPC_CREAT|0600)
  IpcGetFlags, // semget's and msgget's flags: IPC_CREAT|IPC_EXCL… then the permission bits in
               // octal, always three digits or more (IPC_CREAT|0600, 000)
  SemctlCmd,   // IPC_RMID, GETVAL, SETVAL…
  MsgctlCmd,   // IPC_RMID, MSG_STAT…
  IpcMsgFlags, // IPC_NOWAIT|MSG_NOERROR… (msgsnd, msgrcv)
  SemBufs,     // struct sembuf[count in `related`] semop/semtimedop read
  MsgBufIn,    // struct msgbuf msgsnd reads, {mtype=3, mtext="…"}, msgsz in `related`
  MsgBufOut,   // struct msgbuf msgrcv fills: msgsz (in `related`) bytes of mtext, as strace shows
  MqAttrOpen,  // mq_open's struct mq_attr, shown only when the flags (arg `related`) hold O_CREAT
  MqAttrIn,    // struct mq_attr the call reads (mq_getsetattr's newattr): mq_flags named
  MqAttrOut,   // struct mq_attr the call fills (mq_getsetattr's oldattr)
  SigEventIn,  // struct sigevent the call reads (mq_notify, timer_create)
  UIntOut,     // an unsigned int the call writes, [N], when it succeeded (mq_timedreceive's priority)
  OffsetIn,    // loff_t* the call reads and moves (splice, copy_file_range): its value before the
               // call, [2], as strace shows it; forces decoding at entry
  OffsetOut,   // off_t* the call reads and moves (sendfile): its value after the call, [10] (strace
               // writes "[4] => [10]": the strace parser keeps the value after)
  FanInitFlags,  // fanotify_init's flags: the notification class, always named (FAN_CLASS_NOTIF),
                 // then FAN_CLOEXEC|FAN_NONBLOCK…
  FanMarkFlags,  // FAN_MARK_ADD|FAN_MARK_ONLYDIR…
  FanEventMask,  // FAN_OPEN|FAN_CLOSE_WRITE|FAN_EVENT_ON_CHILD… (a 64-bit mask)
  KeySerial,   // a key id: KEY_SPEC_PROCESS_KEYRING… for the special ones, else its number
  KeyctlCmd,   // KEYCTL_READ…; it decides which of keyctl's other arguments are shown
  KeyctlArg,   // keyctl's second to fifth: shaped by the command in `related` (keyctl_layout.h)
  Unshown,     // a register strace never writes (preadv2's pos_h: the offset's high word, 0 on
               // 64-bit): the native decoder leaves it out, the strace parser skips it
};

// What the return value is.
enum class RetType : uint8_t {
  Int,       // a count or status
  Fd,        // a new file descriptor
  Hex,       // an address (mmap, brk)
  NoReturn,  // never returns on success (exit, exit_group); forces decoding at entry
  Fcntl,     // depends on fcntl's command: an fd for F_DUPFD*, flags for F_GETFL/F_GETFD, else Int
  Octal,     // a file mode (umask)
  Polled,    // a count of ready fds, then the revents strace lists after it (poll, ppoll)
  Selected,  // a count of ready fds, then the sets the kernel left and the time left, read at the
             // exit into the last argument, kSelectResultArg: "1 (in [3], left {…})", "0 (Timeout)"
  SchedPolicy,  // a scheduling policy, named after it: "0 (SCHED_OTHER)"
  Signal,    // a signal number, named after it: "12 (SIGUSR2)"
  Prctl,     // depends on prctl's option: PR_GET_DUMPABLE's mode, PR_MCE_KILL_GET's policy…
  Ioprio,    // an I/O priority: "16388 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4))"
  Persona,   // the old persona: "0 (PER_LINUX)", "0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)"
  Membarrier,  // MEMBARRIER_CMD_QUERY's result, the commands supported: "0x18 (MEMBARRIER_CMD_…)"
  ClockState,  // adjtimex's clock state: "5 (TIME_ERROR)"
};

// select's and pselect6's result (RetType::Selected): a Struct, the event's last argument, whose
// fields in, out, except (the fds left in each set, as numbers) and left (the timeout's rest) strace
// writes after the return value; the decoder reads it at the exit, the strace parser from there.
inline constexpr std::string_view kSelectResultArg = "result";

// ppoll's time left (RetType::Polled with a timeout): a timespec, the event's last argument, read
// at the exit and written after the revents, "= 1 ([{fd=3, revents=POLLIN}], left {…})".
inline constexpr std::string_view kPolledLeftArg = "left";

// The event's RetKind of a successful call of this return type; fcntl's depends on its command
// (the second argument), which the native decoder reads from the registers and the strace
// parser from the constant strace named.
RetKind success_ret_kind(RetType ret, uint64_t fcntl_cmd);

// How strace spells a successful Int return beyond a decimal: umask's old mask in octal (022),
// fcntl's F_GETFL and F_GETFD results as flags ("0x8002 (flags O_RDWR|O_LARGEFILE)"), poll's
// ready fds ("1 ([{fd=3, revents=POLLIN}])", "0 (Timeout)"), a constant's name after the number
// ("0 (SCHED_OTHER)", "0x2 (F_UNLCK)"). The names come from the flag tables.
struct RetSpelling {
  enum class Form : uint8_t {
    Decimal,
    Octal,      // "022"
    Polled,     // poll's revents
    Selected,   // select's ready sets and time left
    OpenFlags,  // "0x8002 (flags O_RDWR|O_LARGEFILE)": access mode and O_* bits
    HexFlags,   // "0x2 (seals F_SEAL_SHRINK)": `prefix`, then the bits of `names`
    Named,      // "1 (SUID_DUMP_USER)": the entry of `names` equal to the value
    HexNamed,   // "0x2 (F_UNLCK)": the same, the number in hex
    Signal,     // "12 (SIGUSR2)"
    Ioprio,     // "0 (IOPRIO_PRIO_VALUE(IOPRIO_CLASS_NONE, 0))"
    Persona,    // "0x40000 (PER_LINUX|ADDR_NO_RANDOMIZE)", 0 bare
  };
  Form form = Form::Decimal;
  FlagTable names = {};
  std::string_view prefix;  // HexFlags: "flags ", "seals "
  std::string_view zero;    // HexFlags: what 0 is called; empty: 0 is written bare
};
// `selector` is the argument ret_selector() names (fcntl's command, prctl's option).
RetSpelling ret_spelling(RetType ret, uint64_t selector);
// The argument a return type's spelling depends on; -1 for none.
int ret_selector(RetType ret);

struct ParamSpec {
  std::string_view name;  // empty: no such parameter
  ArgType type = ArgType::Hex;
  int8_t related = -1;    // index of the length/size/count argument this one depends on
};

// One row of the syscall table (syscall_table.def): the signature and the facts every stage
// derives its view from.
struct SyscallSignature {
  std::string_view name;
  RetType ret = RetType::Int;
  // False for a row known by name only (UNDECODED): no parameters are declared, the decoders show
  // six raw words, and find_signature() does not return it.
  bool decoded = true;
  SyscallFacts facts = {};
  uint8_t nargs = 0;
  std::array<ParamSpec, 6> params{};
  // Bit i set: params[i] holds file descriptors (Fd, DirFd, or FdPair's two), so that a consumer
  // looking for fd arguments (the enricher) reads only those. Set by the table, from the types.
  uint8_t fd_params = 0;

  // Arguments the call destroys (execve's argv) or calls that never return are read at entry.
  bool decode_at_entry() const;
  // A call decoded at its exit with some arguments that the call may rewrite and that strace
  // shows as they were at the entry (capget's header, whose unknown version the kernel replaces):
  // the decoder reads every argument at the entry too and keeps those (read_at_entry).
  bool has_entry_params() const;
};

// Whether an argument of this type is shown as the call found it although the call is decoded at
// its exit (SyscallSignature::has_entry_params).
// A timespec the call reads is shown as it was passed: ppoll rewrites its timeout with the time left.
constexpr bool read_at_entry(ArgType t) { return t == ArgType::CapHeader || t == ArgType::Timespec; }

// Whether an argument of this type holds file descriptors (an fd, a dirfd, a pipe's pair, poll's
// array).
constexpr bool holds_fds(ArgType t) {
  return t == ArgType::Fd || t == ArgType::DirFd || t == ArgType::FdPair || t == ArgType::PollFds ||
         t == ArgType::FdSet || t == ArgType::WaitId || t == ArgType::KcmpIdx;
}

// Whether an argument of this type is an fd given the value of its `related` argument: waitid's
// id with P_PIDFD, kcmp's indexes with KCMP_FILE (the native decoder and the strace parser).
bool fd_by_related(ArgType t, uint64_t related_value);

// The signature of syscall `nr` on `arch` (kArchX86_64 / kArchI386); nullptr when the table does
// not describe its arguments. O(1): indexed by number once, on first use.
const SyscallSignature* find_signature(uint32_t arch, int nr);
// By name (architecture-neutral shapes; the x86_64 ones where the two differ); nullptr if unknown
// or not decoded.
const SyscallSignature* find_signature(std::string_view name);
// The row of a syscall, decoded or not (for its facts); nullptr when the table has none.
const SyscallSignature* find_syscall(uint32_t arch, int nr);
const SyscallSignature* find_syscall(std::string_view name);
// Every row of the table, decoded or not (for the stages' derived views, tests and tools).
std::span<const SyscallSignature> all_signatures();

}  // namespace capsule
