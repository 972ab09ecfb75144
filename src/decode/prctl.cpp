// prctl: which arguments an option takes and how its second is written, as strace 6.1 does
// (prctl_layout.h), and the decoder of that second argument.
#include <sys/prctl.h>

#include "decode/capabilities.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/prctl_layout.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// Options by how many arguments strace writes (the option included) and their second's shape.
struct PrctlOptionShape {
  uint32_t option;
  uint8_t count;
  PrctlArg2 arg2;
};

constexpr PrctlOptionShape kPrctlShapes[] = {
    // Nothing but the option: the result says it all.
    {PR_GET_KEEPCAPS, 1, PrctlArg2::Hex}, {PR_GET_SECCOMP, 1, PrctlArg2::Hex},
    {PR_GET_TIMERSLACK, 1, PrctlArg2::Hex}, {PR_GET_TIMING, 1, PrctlArg2::Hex},
    {PR_GET_DUMPABLE, 1, PrctlArg2::Hex}, {PR_GET_SECUREBITS, 1, PrctlArg2::Hex},
    {PR_GET_FP_MODE, 1, PrctlArg2::Hex}, {PR_SVE_GET_VL, 1, PrctlArg2::Hex},
    {PR_SME_GET_VL, 1, PrctlArg2::Hex}, {PR_TASK_PERF_EVENTS_DISABLE, 1, PrctlArg2::Hex},
    {PR_TASK_PERF_EVENTS_ENABLE, 1, PrctlArg2::Hex},
    // The option and what the call wrote through its second argument.
    {PR_GET_CHILD_SUBREAPER, 2, PrctlArg2::UIntOut}, {PR_GET_ENDIAN, 2, PrctlArg2::UIntOut},
    {PR_GET_FPEMU, 2, PrctlArg2::UIntOut}, {PR_GET_FPEXC, 2, PrctlArg2::UIntOut},
    {PR_GET_NAME, 2, PrctlArg2::NameOut}, {PR_GET_PDEATHSIG, 2, PrctlArg2::SignalOut},
    {PR_GET_TID_ADDRESS, 2, PrctlArg2::Hex}, {PR_GET_TSC, 2, PrctlArg2::Hex},
    {PR_GET_UNALIGN, 2, PrctlArg2::Hex},
    // The option and one value.
    {PR_SET_CHILD_SUBREAPER, 2, PrctlArg2::Unsigned}, {PR_SET_ENDIAN, 2, PrctlArg2::Unsigned},
    {PR_SET_FPEMU, 2, PrctlArg2::Unsigned}, {PR_SET_FPEXC, 2, PrctlArg2::Unsigned},
    {PR_SET_KEEPCAPS, 2, PrctlArg2::Unsigned}, {PR_SET_TIMING, 2, PrctlArg2::Unsigned},
    {PR_SET_DUMPABLE, 2, PrctlArg2::Dumpable}, {PR_CAPBSET_DROP, 2, PrctlArg2::Capability},
    {PR_CAPBSET_READ, 2, PrctlArg2::Capability}, {PR_SET_NAME, 2, PrctlArg2::Name},
    {PR_SET_PDEATHSIG, 2, PrctlArg2::Signal}, {PR_SET_PTRACER, 2, PrctlArg2::Signed},
    {PR_SET_TIMERSLACK, 2, PrctlArg2::Signed}, {PR_SET_SECUREBITS, 2, PrctlArg2::Hex},
    {PR_SET_TSC, 2, PrctlArg2::Hex}, {PR_SET_UNALIGN, 2, PrctlArg2::Hex},
    {PR_SET_FP_MODE, 2, PrctlArg2::Hex}, {PR_SVE_SET_VL, 2, PrctlArg2::Hex},
    {PR_SME_SET_VL, 2, PrctlArg2::Hex}, {PR_GET_SPECULATION_CTRL, 2, PrctlArg2::Hex},
    {PR_SET_SPECULATION_CTRL, 3, PrctlArg2::Hex},
    // A number, then the three unused words in hex.
    {PR_SET_NO_NEW_PRIVS, 5, PrctlArg2::Unsigned}, {PR_SET_THP_DISABLE, 5, PrctlArg2::Unsigned},
    {PR_SET_IO_FLUSHER, 5, PrctlArg2::Unsigned},
};

// The dumpable modes (the kernel's SUID_DUMP_*, which no uapi header declares).
constexpr FlagName kPrctlDumpableData[] = {
    {0, "SUID_DUMP_DISABLE"}, {1, "SUID_DUMP_USER"}, {2, "SUID_DUMP_ROOT"},
};
// PR_MCE_KILL_GET's result: the machine-check kill policy.
constexpr FlagName kPrctlMceKillPolicyData[] = {
    {PR_MCE_KILL_LATE, "PR_MCE_KILL_LATE"}, {PR_MCE_KILL_EARLY, "PR_MCE_KILL_EARLY"},
    {PR_MCE_KILL_DEFAULT, "PR_MCE_KILL_DEFAULT"},
};
// PR_GET_SPECULATION_CTRL's result: a set of PR_SPEC_* bits (0 is PR_SPEC_NOT_AFFECTED).
constexpr FlagName kPrctlSpecCtrlData[] = {
    {PR_SPEC_PRCTL, "PR_SPEC_PRCTL"}, {PR_SPEC_ENABLE, "PR_SPEC_ENABLE"},
    {PR_SPEC_DISABLE, "PR_SPEC_DISABLE"}, {PR_SPEC_FORCE_DISABLE, "PR_SPEC_FORCE_DISABLE"},
    {PR_SPEC_DISABLE_NOEXEC, "PR_SPEC_DISABLE_NOEXEC"},
};

constexpr size_t kPrctlCommLen = 16;  // the kernel's TASK_COMM_LEN, the NUL included
constexpr int kPrctlMaxSignal = 128;  // above it strace writes PR_SET_PDEATHSIG's value as a number

// An int the call wrote, [v] (or the pointer when it failed or the memory is unreadable).
bool prctl_int_out(const DecodeContext& ctx, uint64_t addr, int32_t& v) {
  return ctx.succeeded() && addr != 0 && read_object(ctx.mem, addr, v);
}

Arg prctl_boxed(Arg item) {
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(std::move(item));
  return a;
}

}  // namespace

namespace tables {
constinit const FlagTable kPrctlDumpable{kPrctlDumpableData};
constinit const FlagTable kPrctlMceKillPolicy{kPrctlMceKillPolicyData};
constinit const FlagTable kPrctlSpecCtrl{kPrctlSpecCtrlData};
}  // namespace tables

PrctlLayout prctl_layout(uint64_t option) {
  const auto op = static_cast<uint32_t>(option);
  for (const PrctlOptionShape& s : kPrctlShapes) {
    if (s.option == op) return {static_cast<uint8_t>((1u << s.count) - 1), s.arg2};
  }
  return {};
}

Arg prctl_arg2_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t v = ctx.reg(index);
  switch (prctl_layout(ctx.related(spec)).arg2) {
    case PrctlArg2::Hex: return Arg::hex(v);
    case PrctlArg2::Unsigned: return unsigned_number_arg(v);
    case PrctlArg2::Signed: return Arg::integer(ctx.as_long(index));
    case PrctlArg2::Name: return cstring_arg(ctx.mem, v, kPrctlCommLen - 1);
    case PrctlArg2::NameOut:
      return ctx.succeeded() ? cstring_arg(ctx.mem, v, kPrctlCommLen) : pointer_arg(v);
    case PrctlArg2::Signal:
      return v > kPrctlMaxSignal ? unsigned_number_arg(v) : signal_arg(static_cast<int64_t>(v));
    case PrctlArg2::SignalOut: {
      int32_t sig = 0;
      return prctl_int_out(ctx, v, sig) ? prctl_boxed(signal_arg(sig)) : pointer_arg(v);
    }
    case PrctlArg2::UIntOut: {
      int32_t n = 0;
      return prctl_int_out(ctx, v, n) ? prctl_boxed(Arg::integer(static_cast<uint32_t>(n))) : pointer_arg(v);
    }
    case PrctlArg2::Dumpable:
      if (const FlagName* f = find_constant(tables::kPrctlDumpable, v)) return Arg::symbol(std::string(f->name), v);
      return Arg::hex(v);
    case PrctlArg2::Capability: {
      const std::string_view name = v < 64 ? known_capability_name(static_cast<unsigned>(v)) : std::string_view{};
      return name.empty() ? Arg::hex(v) : Arg::symbol(std::string(name), v);
    }
  }
  return Arg::hex(v);
}

}  // namespace capsule
