#include "decode/arg_types.h"

#include "decode/flag_tables.h"

namespace capsule {

const SymbolicType* symbolic_type(ArgType type) {
  using namespace tables;
  // Flag sets and enumerations; every constant table an argument type uses directly.
  static const SymbolicType kOFlags{kOpenFlags, false, "0"}, kAt{kAtFlags, false, "0"},
      kAccessAt{kAccessAtFlags, false, "0"}, kAccess{kAccessMode, false, "F_OK"},
      kWhenceT{kWhence, true, {}}, kNs{kNsFlags, false, "0"}, kWait{kWaitOptions, false, "0"},
      kPrctl{kPrctlOptions, true, {}}, kMount{kMountFlags, false, "0"},
      kUmount{kUmountFlags, false, "0"}, kProt{kMmapProt, false, "PROT_NONE"},
      kMremap{kMremapFlags, false, "0"}, kDomain{kAddressFamilies, true, {}},
      kSockFl{kSocketFlags, false, "0"}, kMsg{kMsgFlags, false, "0"},
      kShutdown{kShutdownHow, true, {}}, kLevel{kSocketLevels, true, {}},
      kFcntl{kFcntlCmds, true, {}}, kSigHow{kSigprocmaskHow, true, {}},
      kArch{kArchPrctlCodes, true, {}}, kRlimit{kRlimits, true, {}}, kClock{kClockIds, true, {}},
      kEpoll{kEpollOps, true, {}}, kRename{kRenameFlags, false, "0"},
      kStatx{kStatxMask, false, "0"}, kPtrace{kPtraceRequests, true, {}},
      kGrnd{kGrndFlags, false, "0"}, kMadv{kMadvAdvice, true, {}},
      kSeccompOp{kSeccompOps, true, {}}, kSeccompFl{kSeccompFilterFlags, false, "0"},
      kBpf{kBpfCmds, true, {}}, kMfd{kMfdFlags, false, "0"},
      kFadv{kFadvAdvice, true, {}}, kRusage{kRusageWho, true, {}}, kEpollFl{kEpollFlags, false, "0"},
      kEfd{kEfdFlags, false, "0"}, kTfd{kTfdFlags, false, "0"}, kSfd{kSfdFlags, false, "0"},
      kInotify{kInotifyFlags, false, "0"}, kFlock{kFlockOps, false, "0"},
      kFalloc{kFallocModes, false, "0"}, kCloseRange{kCloseRangeFlags, false, "0"},
      kInotifyMaskT{kInotifyMask, false, "0"}, kXattr{kXattrFlags, false, "0"},
      kMlock{kMlockFlags, false, "0"}, kMsync{kMsyncFlags, false, "0"},
      kSplice{kSpliceFlags, false, "0"}, kSyncRange{kSyncFileRangeFlags, false, "0"},
      kPkey{kPkeyAccess, false, "0"}, kPrio{kPrioWhich, true, {}}, kSched{kSchedPolicies, true, {}},
      kTimer{kTimerFlags, false, "0"}, kMpol{kMempolicyModes, true, {}},
      kShmat{kShmatFlags, false, "0"}, kShmctl{kShmctlCmds, true, {}}, kIoprio{kIoprioWho, true, {}},
      kRwf{kRwfFlags, false, "0"}, kItimer{kItimerWhich, true, {}},
      kSemctl{kSemctlCmds, true, {}}, kMsgctl{kMsgctlCmds, true, {}},
      kIpcMsg{kIpcMsgFlags, false, "0"}, kKeySerial{kKeySpecs, true, {}},
      kKeyctl{kKeyctlCmds, true, {}}, kFanMark{kFanMarkFlags, false, "0"},
      kFanEvent{kFanEvents, false, "0"}, kMembarrier{kMembarrierCmds, true, {}},
      kMembarrierFl{kMembarrierFlags, false, "0"}, kIdType{kWaitIdTypes, true, {}},
      kKcmp{kKcmpTypes, true, {}}, kRemap{kRemapFlags, false, "MAP_FILE"};
  switch (type) {
    case ArgType::OFlags: return &kOFlags;
    case ArgType::MembarrierCmd: return &kMembarrier;
    case ArgType::IdType: return &kIdType;
    case ArgType::KcmpType: return &kKcmp;
    case ArgType::RemapFlags: return &kRemap;
    case ArgType::MembarrierFlags: return &kMembarrierFl;
    case ArgType::AtFlags: return &kAt;
    case ArgType::AccessAtFlags: return &kAccessAt;
    case ArgType::AccessMode: return &kAccess;
    case ArgType::Whence: return &kWhenceT;
    case ArgType::NsFlags: return &kNs;
    case ArgType::WaitOptions: return &kWait;
    case ArgType::PrctlOption: return &kPrctl;
    case ArgType::MountFlags: return &kMount;
    case ArgType::UmountFlags: return &kUmount;
    case ArgType::MmapProt: return &kProt;
    case ArgType::MremapFlags: return &kMremap;
    case ArgType::SockDomain: return &kDomain;
    case ArgType::SockFlags: return &kSockFl;
    case ArgType::MsgFlags: return &kMsg;
    case ArgType::ShutdownHow: return &kShutdown;
    case ArgType::SockLevel: return &kLevel;
    case ArgType::FcntlCmd: return &kFcntl;
    case ArgType::SigHow: return &kSigHow;
    case ArgType::ArchPrctl: return &kArch;
    case ArgType::Rlimit: return &kRlimit;
    case ArgType::ClockId: return &kClock;
    case ArgType::EpollOp: return &kEpoll;
    case ArgType::RenameFlags: return &kRename;
    case ArgType::StatxMask: return &kStatx;
    case ArgType::PtraceRequest: return &kPtrace;
    case ArgType::GrndFlags: return &kGrnd;
    case ArgType::MadvAdvice: return &kMadv;
    case ArgType::SeccompOp: return &kSeccompOp;
    case ArgType::SeccompFlags: return &kSeccompFl;
    case ArgType::BpfCmd: return &kBpf;
    case ArgType::MfdFlags: return &kMfd;
    case ArgType::FadvAdvice: return &kFadv;
    case ArgType::RusageWho: return &kRusage;
    case ArgType::EpollFlags: return &kEpollFl;
    case ArgType::EfdFlags: return &kEfd;
    case ArgType::TfdFlags: return &kTfd;
    case ArgType::SfdFlags: return &kSfd;
    case ArgType::InotifyFlags: return &kInotify;
    case ArgType::FlockOp: return &kFlock;
    case ArgType::FallocMode: return &kFalloc;
    case ArgType::CloseRangeFlags: return &kCloseRange;
    case ArgType::InotifyMask: return &kInotifyMaskT;
    case ArgType::XattrFlags: return &kXattr;
    case ArgType::MlockFlags: return &kMlock;
    case ArgType::MsyncFlags: return &kMsync;
    case ArgType::SpliceFlags: return &kSplice;
    case ArgType::SyncFileRangeFlags: return &kSyncRange;
    case ArgType::PkeyAccess: return &kPkey;
    case ArgType::PrioWhich: return &kPrio;
    case ArgType::SchedPolicy: return &kSched;
    case ArgType::TimerFlags: return &kTimer;
    case ArgType::MempolicyMode: return &kMpol;
    case ArgType::ShmatFlags: return &kShmat;
    case ArgType::ShmctlCmd: return &kShmctl;
    case ArgType::IoprioWho: return &kIoprio;
    case ArgType::RwfFlags: return &kRwf;
    case ArgType::ItimerWhich: return &kItimer;
    case ArgType::SemctlCmd: return &kSemctl;
    case ArgType::MsgctlCmd: return &kMsgctl;
    case ArgType::IpcMsgFlags: return &kIpcMsg;
    case ArgType::KeySerial: return &kKeySerial;
    case ArgType::KeyctlCmd: return &kKeyctl;
    case ArgType::FanMarkFlags: return &kFanMark;
    case ArgType::FanEventMask: return &kFanEvent;
    default: return nullptr;
  }
}

Arg unknown_constant(uint64_t v, std::string_view label) {
  std::string text;
  append_hex_or_zero(text, v);
  text.append(" /* ").append(label).append(" */");
  return Arg::symbol(std::move(text), v);
}

std::string_view unknown_label(ArgType type) {
  switch (type) {
    case ArgType::AccessMode: return "?_OK";
    case ArgType::Whence: return "SEEK_???";
    case ArgType::SockDomain: return "AF_???";
    case ArgType::FcntlCmd: return "F_???";
    case ArgType::ClockId: return "CLOCK_???";
    case ArgType::MadvAdvice: return "MADV_???";
    case ArgType::GrndFlags: return "GRND_???";
    case ArgType::ArchPrctl: return "ARCH_???";
    case ArgType::PrctlOption: return "PR_???";
    case ArgType::Rlimit: return "RLIMIT_???";
    case ArgType::SchedPolicy: return "SCHED_???";
    case ArgType::SyncFileRangeFlags: return "SYNC_FILE_RANGE_???";
    default: return {};
  }
}

Arg symbolic_value(const SymbolicType& kind, uint64_t v, std::string_view unknown) {
  if (kind.is_enum) {
    // Enumerations are C ints: compare the low 32 bits, show unknown values as signed numbers.
    const auto low = static_cast<uint32_t>(v);
    if (const FlagName* f = find_constant(kind.table, low)) return Arg::symbol(std::string(f->name), f->value);
    return unknown.empty() ? Arg::integer(static_cast<int32_t>(low)) : unknown_constant(low, unknown);
  }
  if (!unknown.empty() && v != 0) {
    bool named = false;
    for (const FlagName& f : kind.table) named = named || (f.value != 0 && (v & f.value) == f.value);
    if (!named) return unknown_constant(v, unknown);
  }
  return Arg::symbol(flags_string(kind.table, v, kind.zero), v);
}

}  // namespace capsule
