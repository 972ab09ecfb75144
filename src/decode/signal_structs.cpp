// The signal structures a call reads or fills beyond masks and actions: sigaltstack's stack_t
// ({ss_sp=…, ss_flags=SS_DISABLE, ss_size=…}), the siginfo_t rt_sigtimedwait and waitid write and
// rt_sigqueueinfo reads (its
// fields as in a signal line, siginfo.cpp). x86_64 layouts; i386's stay pointers.
#include <csignal>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/siginfo.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// stack_t of the x86_64 ABI, declared here so that the headers' version does not matter.
struct Stack64 {
  uint64_t sp;
  int32_t flags;
  uint32_t pad;
  uint64_t size;
};

Arg stack_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  Stack64 st{};
  if (ctx.is_i386() || !read_object(ctx.mem, addr, st)) return Arg::hex(addr);
  const auto flags = static_cast<uint32_t>(st.flags);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(pointer_arg(st.sp).named("ss_sp"));
  s.items.push_back(flags_field_arg(tables::kSigaltstackFlags, flags).named("ss_flags"));
  s.items.push_back(Arg::uinteger(st.size).named("ss_size"));
  return s;
}

Arg siginfo_out_arg(const DecodeContext& ctx, uint64_t addr) {
  siginfo_t si{};
  if (addr == 0 || !ctx.succeeded() || ctx.is_i386() || !read_object(ctx.mem, addr, si)) return pointer_arg(addr);
  return siginfo_arg(si);
}

// The siginfo a call reads (rt_sigqueueinfo): shown as strace does, the fields its code fills.
Arg siginfo_in_arg(const DecodeContext& ctx, uint64_t addr) {
  siginfo_t si{};
  if (addr == 0) return Arg::null();
  if (ctx.is_i386() || !read_object(ctx.mem, addr, si)) return Arg::hex(addr);
  return siginfo_arg(si);
}

}  // namespace

Arg decode_signal_struct_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  switch (spec.type) {
    case ArgType::SigStackIn:
      return stack_arg(ctx, addr);
    case ArgType::SigStackOut:
      return ctx.succeeded() ? stack_arg(ctx, addr) : pointer_arg(addr);
    case ArgType::SigInfoIn:
      return siginfo_in_arg(ctx, addr);
    default:  // SigInfoOut
      return siginfo_out_arg(ctx, addr);
  }
}

}  // namespace capsule
