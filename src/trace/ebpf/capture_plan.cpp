#include "trace/ebpf/capture_plan.h"

#include <linux/capability.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <ctime>

#include "event/syscall_event.h"

namespace capsule {

ArgCapture capture_for(ArgType type) {
  // Sizes are the x86_64 kernel structs the decoders read whole (stat_struct.cpp, tracee_data.cpp,
  // process.cpp, system_info.cpp…), taken from the system headers where they declare them; a type
  // not listed stays a pointer until its capture is added here.
  switch (type) {
    case ArgType::Path: return {CAPSULE_CAP_PATH, 0, false};
    case ArgType::PathOut: return {CAPSULE_CAP_PATH, 0, true};
    case ArgType::BufIn: return {CAPSULE_CAP_BUF_ARG, 0, false};
    case ArgType::SockAddrIn: return {CAPSULE_CAP_BUF_ARG, 0, false};
    case ArgType::SigSetIn: return {CAPSULE_CAP_BUF_ARG, 0, false};      // sigset_t, size in `related`
    case ArgType::SigSetOut: return {CAPSULE_CAP_BUF_ARG, 0, true};
    case ArgType::SockAddrOut: return {CAPSULE_CAP_BUF_LENPTR, 0, true};  // length: *addrlen after the call
    case ArgType::BufOut:
    case ArgType::RandomOut: return {CAPSULE_CAP_BUF_RET, 0, true};
    case ArgType::CpuSetIn: return {CAPSULE_CAP_BUF_ARG, 0, false};       // cpu_set_t, size in `related`
    case ArgType::CpuSetOut: return {CAPSULE_CAP_BUF_RET, 0, true};
    case ArgType::StrArray: return {CAPSULE_CAP_STRARRAY, 0, false};
    case ArgType::FdPair: return {CAPSULE_CAP_FIXED, 8, true};           // int[2]
    case ArgType::WaitStatus: return {CAPSULE_CAP_FIXED, 4, true};       // int
    case ArgType::Timespec: return {CAPSULE_CAP_FIXED, 16, false};       // struct timespec
    case ArgType::UtimeTimes: return {CAPSULE_CAP_FIXED, 32, false};     // struct timespec[2]
    case ArgType::RlimitIn: return {CAPSULE_CAP_FIXED, 16, false};       // struct rlimit64
    case ArgType::RlimitOut: return {CAPSULE_CAP_FIXED, 16, true};
    case ArgType::SockLenPtr: return {CAPSULE_CAP_FIXED, 4, false};      // socklen_t
    case ArgType::IntOut:
    case ArgType::CloneParentTid: return {CAPSULE_CAP_FIXED, 4, false};  // int (clone's parent_tid or pidfd)
    case ArgType::SigActionIn: return {CAPSULE_CAP_FIXED, 32, false};    // handler, flags, restorer, mask
    case ArgType::SigActionOut: return {CAPSULE_CAP_FIXED, 32, true};
    case ArgType::SigStackIn: return {CAPSULE_CAP_FIXED, sizeof(stack_t), false};
    case ArgType::SigStackOut: return {CAPSULE_CAP_FIXED, sizeof(stack_t), true};
    case ArgType::StatOut: return {CAPSULE_CAP_FIXED, 144, true};        // struct stat
    case ArgType::StatxOut: return {CAPSULE_CAP_FIXED, 256, true};       // struct statx
    case ArgType::IovIn: return {CAPSULE_CAP_IOVEC, 0, false};           // count in `related`
    case ArgType::IovOut: return {CAPSULE_CAP_IOVEC, 0, true};           // the first ret bytes
    case ArgType::MsgHdrIn: return {CAPSULE_CAP_MSGHDR, 0, false};
    case ArgType::MsgHdrOut: return {CAPSULE_CAP_MSGHDR, 0, true};
    case ArgType::MmsgHdrIn: return {CAPSULE_CAP_MMSGHDR, 0, false};   // vlen in `related`
    case ArgType::MmsgHdrOut: return {CAPSULE_CAP_MMSGHDR, 0, true};
    case ArgType::CloneArgs: return {CAPSULE_CAP_ARRAY_ARG, 1, false};   // bytes in `related`
    case ArgType::OpenHow: return {CAPSULE_CAP_ARRAY_ARG, 1, false};
    case ArgType::GidList: return {CAPSULE_CAP_ARRAY_ARG, sizeof(gid_t), false};
    case ArgType::SockOptIn: return {CAPSULE_CAP_BUF_ARG, 0, false};     // optlen in `related`
    case ArgType::SockOptOut: return {CAPSULE_CAP_BUF_LENPTR, 0, true};  // *optlen after the call
    case ArgType::DirentOut: return {CAPSULE_CAP_ARRAY_RET, 1, true};    // ret bytes
    case ArgType::Dirent64Out: return {CAPSULE_CAP_ARRAY_RET, 1, true};
    case ArgType::EpollEventsOut: return {CAPSULE_CAP_ARRAY_RET, sizeof(epoll_event), true};
    case ArgType::FdSet: return {CAPSULE_CAP_FDSET, 0, false};          // nfds bits in `related`
    case ArgType::TimevalIn: return {CAPSULE_CAP_FIXED, sizeof(timeval), false};
    // fcntl's struct flock (32 bytes, the largest) or f_owner_ex, read after the call; as a number
    // (F_SETFL's flags, F_DUPFD's fd) it reads nothing.
    case ArgType::FcntlArg: return {CAPSULE_CAP_FIXED, sizeof(struct flock), false};
    case ArgType::SigInfoIn: return {CAPSULE_CAP_FIXED, sizeof(siginfo_t), false};
    case ArgType::SigInfoOut: return {CAPSULE_CAP_FIXED, sizeof(siginfo_t), true};
    case ArgType::ArchPrctlAddr: return {CAPSULE_CAP_FIXED, 8, true};   // the base ARCH_GET_FS wrote
    // NUMA node masks: maxnode (`related`) bits in whole 8-byte words, the layout of an fd_set
    case ArgType::NodeMaskIn: return {CAPSULE_CAP_FDSET, 0, false};
    case ArgType::NodeMaskOut: return {CAPSULE_CAP_FDSET, 0, true};
    case ArgType::MempolicyOut: return {CAPSULE_CAP_FIXED, 4, true};   // int
    case ArgType::MincoreVec: return {CAPSULE_CAP_BUF_ARG, 0, true};     // at most a byte a byte of length
    case ArgType::SchedAttrIn: return {CAPSULE_CAP_FIXED, 56, false};   // struct sched_attr (VER1)
    case ArgType::SchedAttrOut: return {CAPSULE_CAP_FIXED, 56, true};
    case ArgType::IovRemote: return {CAPSULE_CAP_ARRAY_ARG, 16, false};  // struct iovec[count in `related`]
    case ArgType::TimexOut: return {CAPSULE_CAP_FIXED, sizeof(timex), true};
    case ArgType::PselectSigmask: return {CAPSULE_CAP_SIZED_PTR, 8, false};  // the kernel's sigset_t
    case ArgType::PollFds: return {CAPSULE_CAP_ARRAY_ARG, sizeof(pollfd), false};  // after the call: revents
    case ArgType::EpollEventIn: return {CAPSULE_CAP_FIXED, sizeof(epoll_event), false};
    case ArgType::TimespecOut: return {CAPSULE_CAP_FIXED, sizeof(timespec), true};
    case ArgType::TimevalOut: return {CAPSULE_CAP_FIXED, sizeof(timeval), true};
    case ArgType::ItimerspecIn: return {CAPSULE_CAP_FIXED, sizeof(itimerspec), false};
    case ArgType::ItimerspecOut: return {CAPSULE_CAP_FIXED, sizeof(itimerspec), true};
    case ArgType::ItimervalIn: return {CAPSULE_CAP_FIXED, sizeof(itimerval), false};
    case ArgType::ItimervalOut: return {CAPSULE_CAP_FIXED, sizeof(itimerval), true};
    case ArgType::FutexWaiters: return {CAPSULE_CAP_ARRAY_ARG, 24, false};  // struct futex_waitv[count]
    case ArgType::FutexTimeout: return {CAPSULE_CAP_FIXED, sizeof(timespec), false};  // or val2: unread
    case ArgType::UtsnameOut: return {CAPSULE_CAP_FIXED, sizeof(utsname), true};
    case ArgType::SysinfoOut: return {CAPSULE_CAP_FIXED, sizeof(struct sysinfo), true};
    case ArgType::RusageOut: return {CAPSULE_CAP_FIXED, sizeof(rusage), true};
    case ArgType::StatfsOut: return {CAPSULE_CAP_FIXED, sizeof(struct statfs), true};
    case ArgType::CapHeader: return {CAPSULE_CAP_FIXED, sizeof(__user_cap_header_struct), false};
    // Two structs: versions 2 and 3 (version 1's one is read as the first of them).
    case ArgType::CapDataIn: return {CAPSULE_CAP_FIXED, 2 * sizeof(__user_cap_data_struct), false};
    case ArgType::CapDataOut: return {CAPSULE_CAP_FIXED, 2 * sizeof(__user_cap_data_struct), true};
    // prctl's second argument: a thread name (TASK_COMM_LEN bytes, NUL included) or an int the
    // call wrote ([SIGTERM]); as a number it reads nothing.
    case ArgType::PrctlArg2: return {CAPSULE_CAP_FIXED, 16, false};
    case ArgType::OffsetIn:   // read at entry (the plan's at_entry)
    case ArgType::OffsetOut: return {CAPSULE_CAP_FIXED, 8, false};     // loff_t
    // ioctl's int, struct winsize or the kernel's struct termios (36 bytes, the largest); as a
    // number (TCFLSH's queue) it reads nothing.
    case ArgType::IoctlArg: return {CAPSULE_CAP_FIXED, 36, false};
    case ArgType::SemBufs: return {CAPSULE_CAP_ARRAY_ARG, sizeof(sembuf), false};  // nsops in `related`
    case ArgType::MqAttrOpen:
    case ArgType::MqAttrIn: return {CAPSULE_CAP_FIXED, sizeof(mq_attr), false};
    case ArgType::MqAttrOut: return {CAPSULE_CAP_FIXED, sizeof(mq_attr), true};
    case ArgType::SigEventIn: return {CAPSULE_CAP_FIXED, sizeof(sigevent), false};
    case ArgType::UIntOut: return {CAPSULE_CAP_FIXED, 4, true};           // unsigned int
    // keyctl's strings (a type, a description, a payload or what KEYCTL_READ wrote, up to a NUL);
    // as a number or a key id it reads nothing.
    case ArgType::KeyctlArg: return {CAPSULE_CAP_PATH, 0, false};
    // msgsnd/msgrcv's struct msgbuf: a long, then msgsz (in `related`) bytes of mtext.
    case ArgType::MsgBufIn: return {CAPSULE_CAP_HEADED_BUF, sizeof(long), false};
    case ArgType::MsgBufOut: return {CAPSULE_CAP_HEADED_BUF, sizeof(long), true};
    default: return {};
  }
}

capsule_plan plan_for(const SyscallSignature& sig) {
  capsule_plan plan{};
  if (!sig.decoded) return plan;
  plan.at_entry = sig.decode_at_entry() ? 1 : 0;
  if (sig.facts.effect == Effect::Socket || sig.facts.effect == Effect::Accept) plan.names_ret_fd = 1;
  // A call on an fd: a socket named only in part before is named again at its entry.
  if (sig.nargs > 0 && sig.params[0].type == ArgType::Fd) plan.fd_arg0 = 1;
  for (size_t i = 0; i < sig.nargs && i < 6; ++i) {
    const ParamSpec& p = sig.params[i];
    if (p.type == ArgType::Path && sig.ret == RetType::Fd) plan.names_ret_fd = 1;
    // A socket is named by sock_diag from its inode and protocol, when it is made and again
    // after the calls that give it an address or a peer.
    if (i == 0 && p.type == ArgType::Fd && (sig.facts.effect == Effect::Bind || sig.facts.effect == Effect::Connect)) {
      plan.socket_arg = 1;
    }
    // pipe's two fds are named pipe:[INO] after the pipe's inode, as /proc shows them;
    // socketpair's by sock_diag.
    if (p.type == ArgType::FdPair) plan.fd_pair = static_cast<__u8>(i + 1);
    // The fds a recvmsg received (SCM_RIGHTS) are named as they arrive, as an open's.
    const bool message = p.type == ArgType::MsgHdrOut || p.type == ArgType::MmsgHdrOut;
    if (sig.facts.effect == Effect::ReceiveFds && message) plan.receives_fds = static_cast<__u8>(i + 1);
    const ArgCapture c = capture_for(p.type);
    if (c.kind == CAPSULE_CAP_NONE) continue;
    const bool needs_related = c.kind == CAPSULE_CAP_BUF_ARG || c.kind == CAPSULE_CAP_BUF_LENPTR ||
                               c.kind == CAPSULE_CAP_IOVEC || c.kind == CAPSULE_CAP_ARRAY_ARG ||
                               c.kind == CAPSULE_CAP_FDSET || c.kind == CAPSULE_CAP_MMSGHDR ||
                               c.kind == CAPSULE_CAP_HEADED_BUF;
    if (needs_related && (p.related < 0 || p.related >= 6)) continue;
    plan.kind[i] = static_cast<__u8>(c.kind);
    plan.related[i] = static_cast<__u8>(p.related < 0 ? 0 : p.related);
    plan.size[i] = c.size;
    if (c.success_only) plan.success_only = static_cast<__u8>(plan.success_only | (1u << i));
    // select's sets and timeout, read at entry, are read again after a successful call: the
    // ready fds and the time left the decoder shows after the return value (RetType::Selected).
    const bool rewritten = c.kind == CAPSULE_CAP_FDSET || p.type == ArgType::Timespec || p.type == ArgType::TimevalIn;
    if (plan.at_entry != 0 && sig.ret == RetType::Selected && rewritten) plan.after = static_cast<__u8>(plan.after | (1u << i));
  }
  return plan;
}

std::vector<capsule_plan> x86_64_capture_plans() {
  std::vector<capsule_plan> plans(CAPSULE_MAX_NR);
  for (int nr = 0; nr < CAPSULE_MAX_NR; ++nr) {
    if (const SyscallSignature* sig = find_signature(kArchX86_64, nr)) plans[static_cast<size_t>(nr)] = plan_for(*sig);
  }
  return plans;
}

}  // namespace capsule
