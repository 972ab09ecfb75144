// The one place that maps an ArgType to its decoder. Plain numbers and table-only constants are
// handled here; everything with structure goes to its family's file.
#include "decode/arg_types.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"

namespace capsule {
namespace {

Arg symbolic_arg(const SymbolicType& kind, const DecodeContext& ctx, size_t index, ArgType type) {
  return symbolic_value(kind, ctx.reg(index), unknown_label(type));
}

}  // namespace

bool decode_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec, Arg& out) {
  if (const SymbolicType* kind = symbolic_type(spec.type)) {
    out = symbolic_arg(*kind, ctx, index, spec.type);
    return true;
  }
  switch (spec.type) {
    case ArgType::Int:
    case ArgType::Pid: out = Arg::integer(ctx.as_int(index)); return true;
    case ArgType::Long: out = Arg::integer(ctx.as_long(index)); return true;
    case ArgType::UInt: out = Arg::uinteger(static_cast<uint32_t>(ctx.reg(index))); return true;
    case ArgType::Id: {
      const auto id = static_cast<uint32_t>(ctx.reg(index));
      out = id == UINT32_MAX ? Arg::integer(-1) : Arg::uinteger(id);
      return true;
    }
    case ArgType::ULong: out = Arg::uinteger(ctx.reg(index)); return true;
    case ArgType::Hex: out = Arg::hex(ctx.reg(index)); return true;
    case ArgType::Ptr: out = pointer_arg(ctx.reg(index)); return true;
    case ArgType::Fd:
    case ArgType::RemoteFd: out = Arg::fd(ctx.as_int(index)); return true;
    // The kernel's umode_t is an unsigned short: higher bits never reach it (strace shows the same).
    case ArgType::Mode: out = Arg::octal(ctx.reg(index) & 0xffff); return true;

    case ArgType::OpenMode:
    case ArgType::FcntlArg:
    case ArgType::MknodDev:
      // Arguments this call does not have (the command or the flags say so), as strace omits.
      if (!file_arg_present(ctx, spec)) return false;
      out = decode_file_arg(ctx, index, spec);
      return true;

    case ArgType::DirFd:
    case ArgType::FanInitFlags:
    case ArgType::OffsetIn:
    case ArgType::OffsetOut:
    case ArgType::OpenFlags:
    case ArgType::OpenHow:
    case ArgType::StatxFlags:
      out = decode_file_arg(ctx, index, spec);
      return true;

    case ArgType::SigFrame:
      // Without the stack pointer there is no frame to read: shown as strace without one, "()".
      if (ctx.call.stack_pointer == 0 || ctx.is_i386()) return false;
      out = decode_process_arg(ctx, index, spec);
      return true;

    case ArgType::Signal:
    case ArgType::CloneFlags:
    case ArgType::CloneArgs:
    case ArgType::IntOut:
    case ArgType::CloneParentTid:
    case ArgType::WaitStatus:
    case ArgType::FutexOp:
    case ArgType::FutexWaiters:
    case ArgType::FutexTimeout:
    case ArgType::FutexVal3:
    case ArgType::CapHeader:
    case ArgType::CapDataIn:
    case ArgType::CapDataOut:
    case ArgType::RlimitIn:
    case ArgType::RlimitOut:
    case ArgType::SigSetIn:
    case ArgType::SigSetOut:
    case ArgType::SigActionIn:
    case ArgType::SigActionOut:
      out = decode_process_arg(ctx, index, spec);
      return true;

    case ArgType::MmapFlags:
      out = decode_memory_arg(ctx, index, spec);
      return true;

    case ArgType::SockAddrIn:
    case ArgType::SockAddrOut:
    case ArgType::SockLenPtr:
    case ArgType::SockType:
    case ArgType::MsgHdrIn:
    case ArgType::MsgHdrOut:
    case ArgType::MmsgHdrIn:
    case ArgType::MmsgHdrOut:
      out = decode_net_arg(ctx, index, spec);
      return true;

    case ArgType::Path:
    case ArgType::BufIn:
    case ArgType::BufOut:
    case ArgType::RandomOut:
    case ArgType::PathOut:
    case ArgType::StrArray:
    case ArgType::FdPair:
    case ArgType::GidList:
    case ArgType::GidListOut:
    case ArgType::IovIn:
    case ArgType::IovOut:
    case ArgType::Timespec:
    case ArgType::UtimeTimes:
    case ArgType::TimespecOut:
    case ArgType::TimevalOut:
    case ArgType::TimevalIn:
    case ArgType::ItimervalIn:
    case ArgType::ItimervalOut:
    case ArgType::ItimerspecIn:
    case ArgType::ItimerspecOut:
    case ArgType::StatOut:
    case ArgType::StatxOut:
      out = decode_data_arg(ctx, index, spec);
      return true;

    case ArgType::UtsnameOut:
    case ArgType::SysinfoOut:
    case ArgType::RusageOut:
      out = decode_system_info_arg(ctx, index, spec);
      return true;

    case ArgType::SockProtocol:
    case ArgType::SockOptName:
    case ArgType::SockOptIn:
    case ArgType::SockOptOut:
      out = decode_sockopt_arg(ctx, index, spec);
      return true;

    case ArgType::EpollEventIn:
    case ArgType::EpollEventsOut:
      out = decode_epoll_arg(ctx, index, spec);
      return true;

    case ArgType::CpuSetIn:
    case ArgType::CpuSetOut:
      out = cpu_set_arg(ctx, index, spec);
      return true;

    case ArgType::PollFds:
      out = poll_fds_arg(ctx, index, spec);
      return true;

    case ArgType::FdSet:
      out = fd_set_arg(ctx, index, spec);
      return true;

    case ArgType::PselectSigmask:
      out = pselect_sigmask_arg(ctx, index);
      return true;

    case ArgType::WaitId:
    case ArgType::KcmpIdx:
      // waitid's pidfd (P_PIDFD), kcmp's fds (KCMP_FILE), annotated as strace does; else numbers.
      if (fd_by_related(spec.type, ctx.related(spec))) {
        out = Arg::fd(ctx.as_int(index));
      } else {
        out = spec.type == ArgType::WaitId ? Arg::integer(ctx.as_int(index)) : unsigned_number_arg(ctx.reg(index));
      }
      return true;

    case ArgType::FileMode: {
      const auto mode = static_cast<uint32_t>(ctx.reg(index) & 0xffff);  // umode_t
      out = Arg::symbol(file_mode_text(mode), mode);
      return true;
    }

    case ArgType::ArchPrctlAddr:
    case ArgType::MincoreVec:
    case ArgType::NodeMaskIn:
    case ArgType::NodeMaskOut:
    case ArgType::MempolicyOut:
      out = decode_memory_arg(ctx, index, spec);
      return true;

    case ArgType::SchedAttrIn:
    case ArgType::SchedAttrOut:
      out = sched_attr_arg(ctx, index, spec.type == ArgType::SchedAttrOut);
      return true;

    case ArgType::IovRemote:
      out = remote_iovec_array_arg(ctx, ctx.reg(index), ctx.related(spec));
      return true;

    case ArgType::Persona:
      out = persona_arg(ctx, index);
      return true;

    case ArgType::TimexOut:
      out = timex_arg(ctx, index);
      return true;

    case ArgType::StatfsOut:
      out = decode_statfs_arg(ctx, index, spec);
      return true;

    case ArgType::IoctlRequest:
      out = decode_ioctl_arg(ctx, index, spec);
      return true;

    case ArgType::IoctlArg:
      if (!ioctl_arg_present(ctx, spec)) return false;  // FIOCLEX: strace writes no argument
      out = decode_ioctl_arg(ctx, index, spec);
      return true;

    case ArgType::SigStackIn:
    case ArgType::SigStackOut:
    case ArgType::SigInfoOut:
    case ArgType::SigInfoIn:
      out = decode_signal_struct_arg(ctx, index, spec);
      return true;

    case ArgType::PrctlArg2:
      out = prctl_arg2_arg(ctx, index, spec);
      return true;

    case ArgType::KeyctlArg:
      out = keyctl_arg(ctx, index, spec);
      return true;

    case ArgType::MqAttrOpen:
    case ArgType::MqAttrIn:
    case ArgType::MqAttrOut:
    case ArgType::SigEventIn:
    case ArgType::UIntOut:
      if (!mq_arg_present(ctx, spec)) return false;  // mq_open's attr without O_CREAT, as strace omits
      out = decode_mq_arg(ctx, index, spec);
      return true;

    case ArgType::IoprioValue:
      out = ioprio_value_arg(ctx, index);
      return true;

    case ArgType::IpcKey:
    case ArgType::ShmgetFlags:
    case ArgType::IpcGetFlags:
    case ArgType::SemBufs:
    case ArgType::MsgBufIn:
    case ArgType::MsgBufOut:
      out = decode_ipc_arg(ctx, index, spec);
      return true;

    case ArgType::Unshown:
      return false;  // arg_layout.cpp leaves it out already; never shown in any case

    case ArgType::DirentOut:
    case ArgType::Dirent64Out:
      out = decode_dirent_arg(ctx, index, spec);
      return true;

    default:
      out = Arg::hex(ctx.reg(index));
      return true;
  }
}

}  // namespace capsule
