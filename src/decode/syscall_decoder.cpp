// Entry and exit of the decode stage: look the call up in the signature table (an index, no
// search), decode each declared argument by its type, fill the result.
//
// Syscalls the table does not describe get all six registers as Hex arguments named arg0..arg5:
// libseccomp gives names but no arities, and showing every register loses nothing (the table
// covers every call common programs make, so this is the rare case).
#include "decode/syscall_decoder.h"

#include <fcntl.h>

#include <algorithm>

#include "decode/decode_context.h"
#include "decode/arg_layout.h"
#include "decode/names.h"
#include "decode/signatures.h"

namespace capsule {
namespace {

constexpr size_t kRawArgCount = 6;
constexpr std::string_view kRawArgNames[kRawArgCount] = {"arg0", "arg1", "arg2",
                                                         "arg3", "arg4", "arg5"};

void fill_identity(const RawSyscall& call, SyscallEvent& ev) {
  ev.arch = call.arch;
  ev.nr = call.nr;
  const std::string_view name = syscall_name(call.arch, call.nr);
  if (name == "syscall_unknown") {  // outside the name table: keep the number visible
    ev.name = "syscall_" + std::to_string(call.nr);
  } else {
    ev.name.assign(name);
  }
}

// `at_entry`: the arguments decode_entry read of a call decoded at its exit (has_entry_params):
// those of a read_at_entry type are taken from there.
void decode_args(const SyscallSignature* sig, const DecodeContext& ctx, SyscallEvent& ev,
                 const std::vector<Arg>* at_entry = nullptr) {
  ev.args.clear();
  if (sig == nullptr) {
    ev.args.reserve(kRawArgCount);
    for (size_t i = 0; i < kRawArgCount; ++i) {
      ev.args.push_back(Arg::hex(ctx.reg(i)));
      ev.args.back().name.assign(kRawArgNames[i]);
    }
    return;
  }
  ev.args.reserve(sig->nargs);
  const int selector = layout_selector(*sig);
  const uint8_t shown = shown_params(*sig, selector < 0 ? 0 : ctx.reg(static_cast<size_t>(selector)));
  for (size_t i = 0; i < sig->nargs; ++i) {
    if ((shown & (1u << i)) == 0) continue;  // an argument strace leaves out for this operation
    const ParamSpec& spec = sig->params[i];
    Arg arg;
    if (at_entry != nullptr && read_at_entry(spec.type)) {
      const auto found = std::find_if(at_entry->begin(), at_entry->end(), [&](const Arg& a) { return a.name == spec.name; });
      if (found != at_entry->end()) {
        ev.args.push_back(*found);
        continue;
      }
    }
    if (!decode_arg(ctx, i, spec, arg)) continue;
    arg.name.assign(spec.name);
    ev.args.push_back(std::move(arg));
  }
}

RetKind ret_kind(const SyscallSignature* sig, const RawSyscall& call) {
  if (sig == nullptr) return RetKind::Int;
  return success_ret_kind(sig->ret, static_cast<uint32_t>(call.args[1]));  // fcntl's cmd is an int
}

}  // namespace

bool SyscallDecoder::decode_entry(const RawSyscall& call, TraceeMemory& mem,
                                  SyscallEvent& ev) const {
  fill_identity(call, ev);
  const SyscallSignature* sig = find_signature(call.arch, call.nr);
  if (sig == nullptr) return false;
  const bool whole = sig->decode_at_entry();
  if (!whole && !sig->has_entry_params()) return false;
  const DecodeContext ctx{call, mem, opts_};
  decode_args(sig, ctx, ev);
  return whole;  // else decode_exit reads the call again, keeping the read_at_entry arguments
}

void SyscallDecoder::decode_exit(const RawSyscall& call, int64_t rval, bool is_error,
                                 bool args_done, TraceeMemory& mem, SyscallEvent& ev) const {
  if (ev.name.empty()) fill_identity(call, ev);
  const SyscallSignature* sig = find_signature(call.arch, call.nr);
  if (!args_done) {
    const DecodeContext ctx{call, mem, opts_, true, rval, is_error};
    if (sig != nullptr && sig->has_entry_params() && !ev.args.empty()) {
      const std::vector<Arg> at_entry = std::move(ev.args);
      decode_args(sig, ctx, ev, &at_entry);
    } else {
      decode_args(sig, ctx, ev);
    }
  }
  ev.has_ret = true;
  if (is_error) {
    ev.ret = -1;
    ev.err = static_cast<int>(-rval);
    ev.ret_kind = RetKind::Int;
  } else {
    ev.ret = rval;
    ev.err = 0;
    ev.ret_kind = ret_kind(sig, call);
    // select's ready sets and time left: what the call wrote into its arguments, which were read
    // at the entry.
    if (sig != nullptr && sig->ret == RetType::Selected && rval > 0) {
      const DecodeContext ctx{call, mem, opts_, true, rval, is_error};
      ev.args.push_back(select_result_arg(ctx, *sig).named(std::string(kSelectResultArg)));
    }
    // ppoll's time left: its timeout as the call rewrote it.
    if (sig != nullptr && sig->ret == RetType::Polled && rval > 0) {
      for (size_t i = 0; i < sig->nargs; ++i) {
        if (sig->params[i].type != ArgType::Timespec || call.args[i] == 0) continue;
        const DecodeContext ctx{call, mem, opts_, true, rval, is_error};
        ev.args.push_back(timespec_arg(ctx, ctx.reg(i)).named(std::string(kPolledLeftArg)));
      }
    }
  }
}

}  // namespace capsule
