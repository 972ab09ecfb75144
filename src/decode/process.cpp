// Process-family arguments: signals, clone flags and clone3's struct, wait statuses, futex ops,
// capget/capset's header and capability sets.
#include <linux/futex.h>
#include <sched.h>
#include <sys/wait.h>
#include <ucontext.h>

#include <algorithm>
#include <cstddef>

#include "decode/arg_types.h"
#include "decode/capabilities.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/futex_layout.h"
#include "decode/names.h"
#include "decode/struct_array.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

constexpr int kMaxSignal = 64;
constexpr uint64_t kCloneSignalMask = 0xFF;  // CSIGNAL: clone's exit signal lives in the low byte

// struct clone_args (linux/sched.h), as many fields as every kernel since 5.3 reads (VER0) plus
// set_tid/cgroup, all u64. Declared here so that older headers do not matter.
struct CloneArgsV2 {
  uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
  uint64_t set_tid, set_tid_size, cgroup;
};
constexpr uint64_t kCloneArgsSizeVer0 = 64;
constexpr uint64_t kCloneIntoCgroup = 0x200000000ULL;  // linux/sched.h's, which glibc's lacks

void append_signal(std::string& out, uint64_t sig) {
  if (sig >= 1 && sig <= kMaxSignal) {
    out.append(signal_name(static_cast<int>(sig)));
  } else {
    append_hex(out, sig);
  }
}

Arg clone_args_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const uint64_t size = ctx.related(spec);
  if (addr == 0) return Arg::null();
  CloneArgsV2 ca{};
  const size_t want = static_cast<size_t>(std::min<uint64_t>(size, sizeof ca));
  if (size < kCloneArgsSizeVer0 || ctx.mem.read(addr, &ca, want) != want) return Arg::hex(addr);

  // The fields strace's clone.c shows: the pointers only where a flag makes the kernel use them.
  Arg s;
  s.kind = ArgKind::Struct;
  auto& f = s.items;
  // flags here are 64 bits and carry no signal: clone3 has a separate exit_signal.
  f.push_back(Arg::symbol(flags_string(tables::kCloneFlags, ca.flags), ca.flags).named("flags"));
  if ((ca.flags & CLONE_PIDFD) != 0) f.push_back(pointer_arg(ca.pidfd).named("pidfd"));
  if ((ca.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) != 0)
    f.push_back(pointer_arg(ca.child_tid).named("child_tid"));
  if ((ca.flags & CLONE_PARENT_SETTID) != 0) f.push_back(pointer_arg(ca.parent_tid).named("parent_tid"));
  f.push_back((ca.exit_signal < INT32_MAX ? signal_arg(static_cast<int64_t>(ca.exit_signal))
                                          : Arg::uinteger(ca.exit_signal)).named("exit_signal"));
  f.push_back(pointer_arg(ca.stack).named("stack"));
  f.push_back(Arg::hex(ca.stack_size).named("stack_size"));
  if ((ca.flags & CLONE_SETTLS) != 0) f.push_back(pointer_arg(ca.tls).named("tls"));
  if (ca.set_tid != 0 || ca.set_tid_size != 0) {
    f.push_back(pointer_arg(ca.set_tid).named("set_tid"));
    f.push_back(Arg::integer(static_cast<int64_t>(ca.set_tid_size)).named("set_tid_size"));
  }
  if (want > offsetof(CloneArgsV2, cgroup) && (ca.cgroup != 0 || (ca.flags & kCloneIntoCgroup) != 0))
    f.push_back(Arg::integer(static_cast<int64_t>(ca.cgroup)).named("cgroup"));
  return s;
}

// An int the call wrote (clone's parent_tid, read where the child's creation is reported):
// "[12345]", or the pointer when it cannot be read.
Arg int_out_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  int32_t v = 0;
  if (addr == 0 || !read_object(ctx.mem, addr, v)) return pointer_arg(addr);
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(Arg::integer(v));
  return a;
}

// cap_user_header_t and cap_user_data_t (linux/capability.h), declared here so that the headers'
// versions do not matter.
struct CapHeaderData {
  uint32_t version;
  int32_t pid;
};
struct CapSetWords {
  uint32_t effective, permitted, inheritable;
};
constexpr uint32_t kCapVersion1 = 0x19980330;  // one struct of 32-bit sets
constexpr uint32_t kCapVersion2 = 0x20071026;  // two structs: bits 0-31, then 32-63
constexpr uint32_t kCapVersion3 = 0x20080522;  // as version 2

}  // namespace

Arg cap_version_arg(uint32_t version) {
  const FlagName* v = find_constant(tables::kCapVersions, version);
  return v != nullptr ? Arg::symbol(std::string(v->name), v->value) : unknown_constant(version, "_LINUX_CAPABILITY_VERSION_???");
}

namespace {

// Read at the entry (read_at_entry): capget's version probe is shown with the version it was
// called with (0), not the one the kernel writes back.
Arg cap_header_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  CapHeaderData h{};
  if (ctx.mem.read(addr, &h, sizeof h) != sizeof h) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(cap_version_arg(h.version).named("version"));
  s.items.push_back(Arg::integer(h.pid).named("pid"));
  return s;
}

// The sets as strace shows them, one 64-bit set each whatever the version: {effective=1<<CAP_…,
// permitted=…, inheritable=…}. The header (argument `related`) says how many structs there are.
Arg cap_data_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (spec.type == ArgType::CapDataOut && !ctx.succeeded()) return pointer_arg(addr);
  CapHeaderData h{};
  const uint64_t header = ctx.related(spec);
  if (header == 0 || ctx.mem.read(header, &h, sizeof h) != sizeof h) return Arg::hex(addr);
  size_t n = 0;
  if (h.version == kCapVersion1) n = 1;
  if (h.version == kCapVersion2 || h.version == kCapVersion3) n = 2;
  CapSetWords w[2]{};
  if (n == 0 || ctx.mem.read(addr, w, n * sizeof w[0]) != n * sizeof w[0]) return Arg::hex(addr);
  const auto set = [&](uint32_t CapSetWords::*field, std::string_view name) {
    const uint64_t mask = w[0].*field | (n == 2 ? static_cast<uint64_t>(w[1].*field) << 32 : 0);
    if (mask == 0) return Arg::integer(0).named(std::string(name));  // a number, as the parser reads strace's "0"
    std::string text;
    append_capability_set(text, mask);
    return Arg::symbol(std::move(text), mask).named(std::string(name));
  };
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(set(&CapSetWords::effective, "effective"));
  s.items.push_back(set(&CapSetWords::permitted, "permitted"));
  s.items.push_back(set(&CapSetWords::inheritable, "inheritable"));
  return s;
}

constexpr uint64_t kKernelSigsetSize = 8;  // the kernel's sigset_t: 64 signals

// A signal in a set, as strace names it: CHLD, RTMIN (32), RT_2 (34) … RT_32 (64).
void append_set_member(std::string& out, int sig) {
  if (sig < kKernelSigRtMin) {
    const std::string_view name = signal_name(sig);
    out.append(name.starts_with("SIG") ? name.substr(3) : name);
  } else if (sig == kKernelSigRtMin) {
    out.append("RTMIN");
  } else {
    out.append("RT_").append(std::to_string(sig - kKernelSigRtMin));
  }
}

// rt_sigprocmask's sets; a size other than the kernel's is refused by it: the pointer.
Arg sigset_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (spec.type == ArgType::SigSetOut && !ctx.succeeded()) return pointer_arg(addr);
  uint64_t mask = 0;
  if (ctx.related(spec) != kKernelSigsetSize || ctx.mem.read(addr, &mask, sizeof mask) != sizeof mask) {
    return Arg::hex(addr);
  }
  return sigset_value(mask);
}

// rt_sigreturn's frame on x86_64, as strace reads it (its rt_sigreturn.c): the handler's return
// popped the frame's first word (pretcode), so the frame starts a word below the stack pointer,
// and the mask the call restores is glibc's ucontext_t's uc_sigmask after it.
constexpr uint64_t kSigmaskInFrame = 8 + offsetof(ucontext_t, uc_sigmask);

Arg sigframe_arg(const DecodeContext& ctx) {
  const uint64_t addr = ctx.call.stack_pointer - 8 + kSigmaskInFrame;
  uint64_t mask = 0;
  if (ctx.mem.read(addr, &mask, sizeof mask) != sizeof mask) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(sigset_value(mask).named("mask"));
  return s;
}

// The kernel's struct sigaction on x86_64 (handler, flags, restorer, mask), as strace writes it:
// {sa_handler=SIG_DFL|SIG_IGN|0x…, sa_mask=[…], sa_flags=SA_…, sa_restorer=0x… (with SA_RESTORER)}.
Arg sigaction_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (ctx.is_i386()) return pointer_arg(addr);
  if (spec.type == ArgType::SigActionOut && !ctx.succeeded()) return pointer_arg(addr);
  struct {
    uint64_t handler, flags, restorer, mask;
  } sa{};
  if (ctx.related(spec) != kKernelSigsetSize || ctx.mem.read(addr, &sa, sizeof sa) != sizeof sa) {
    return Arg::hex(addr);
  }
  constexpr uint64_t kSaRestorer = 0x04000000;
  Arg s;
  s.kind = ArgKind::Struct;
  Arg handler = sa.handler == 0 ? Arg::symbol("SIG_DFL", 0) : sa.handler == 1 ? Arg::symbol("SIG_IGN", 1) : Arg::hex(sa.handler);
  s.items.push_back(std::move(handler).named("sa_handler"));
  s.items.push_back(sigset_value(sa.mask).named("sa_mask"));
  s.items.push_back((sa.flags == 0 ? Arg::integer(0) : Arg::symbol(flags_string(tables::kSigactionFlags, sa.flags), sa.flags))
                        .named("sa_flags"));
  if ((sa.flags & kSaRestorer) != 0) s.items.push_back(pointer_arg(sa.restorer).named("sa_restorer"));
  return s;
}

// One limit as strace writes it: RLIM64_INFINITY, whole KiB above 1 KiB as "8192*1024", else the
// number (the strace parser reads those back the same way).
Arg rlimit_value(uint64_t v) {
  if (v == ~uint64_t{0}) return Arg::symbol("RLIM64_INFINITY", v);
  if (v > 1024 && v % 1024 == 0) return Arg::raw(std::to_string(v / 1024) + "*1024");
  return v > static_cast<uint64_t>(INT64_MAX) ? Arg::uinteger(v) : Arg::integer(static_cast<int64_t>(v));
}

// struct rlimit64 (prlimit64 everywhere; getrlimit/setrlimit on x86_64, whose struct rlimit has
// the same two 64-bit fields). i386's getrlimit family uses 32-bit fields: left a pointer.
Arg rlimit_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  // The name lookup only for i386, where the layouts differ.
  if (ctx.is_i386() && ctx.call.nr != syscall_number(kArchI386, "prlimit64")) return pointer_arg(addr);
  if (spec.type == ArgType::RlimitOut && !ctx.succeeded()) return pointer_arg(addr);
  uint64_t lim[2] = {0, 0};
  if (ctx.mem.read(addr, lim, sizeof lim) != sizeof lim) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(rlimit_value(lim[0]).named("rlim_cur"));
  s.items.push_back(rlimit_value(lim[1]).named("rlim_max"));
  return s;
}

// strace's rendering of a wait status: {WIFEXITED(s) && WEXITSTATUS(s) == 0}.
std::string wait_status_text(int status) {
  std::string t = "{";
  if (WIFEXITED(status)) {
    t += "WIFEXITED(s) && WEXITSTATUS(s) == " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    t += "WIFSIGNALED(s) && WTERMSIG(s) == ";
    append_signal(t, static_cast<uint64_t>(WTERMSIG(status)));
    if (WCOREDUMP(status)) t += " && WCOREDUMP(s)";
  } else if (WIFSTOPPED(status)) {
    t += "WIFSTOPPED(s) && WSTOPSIG(s) == ";
    append_signal(t, static_cast<uint64_t>(WSTOPSIG(status)));
    // ptrace event stops carry the event number above the stop signal.
    if (const int event = status >> 16; event != 0) {
      t += " && (s >> 16) == " + std::to_string(event);
    }
  } else if (WIFCONTINUED(status)) {
    t += "WIFCONTINUED(s)";
  } else {
    append_hex(t, static_cast<uint32_t>(status));
  }
  t += "}";
  return t;
}

Arg wait_status_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  // Only a reaped child (return > 0) has a status written; otherwise show the pointer.
  if (addr == 0 || !ctx.succeeded() || ctx.rval <= 0) return pointer_arg(addr);
  int status = 0;
  if (!read_object(ctx.mem, addr, status)) return Arg::hex(addr);
  Arg a;
  a.kind = ArgKind::Array;  // a pointer to one int, shown as strace does: [{…}]
  a.items.push_back(Arg::symbol(wait_status_text(status), static_cast<uint32_t>(status)));
  return a;
}


// futex's fourth register: a timeout, or val2 for the requeue operations.
Arg futex_timeout_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  switch (futex_layout(ctx.related(spec)).slot) {
    case FutexSlot::Timeout: return timespec_arg(ctx, ctx.reg(index));
    case FutexSlot::Val2: return Arg::uinteger(static_cast<uint32_t>(ctx.reg(index)));
    case FutexSlot::Address: break;
  }
  return pointer_arg(ctx.reg(index));
}

// One field of FUTEX_WAKE_OP's operation shifted into place, "FUTEX_OP_CMP_GT<<24", a number
// where the table has no name, "0x9<<24 /* FUTEX_OP_CMP_??? */", as strace writes both.
void append_wake_op_field(std::string& out, FlagTable table, uint32_t value, std::string_view shift,
                          std::string_view unknown) {
  if (const FlagName* f = find_constant(table, value)) {
    out.append(f->name).append(shift);
    return;
  }
  append_hex(out, value);
  out.append(shift).append(" /* ").append(unknown).append(" */");
}

// FUTEX_WAKE_OP's val3 (FUTEX_OP(op, oparg, cmp, cmparg)): its four fields in strace's order.
std::string futex_wake_op_text(uint32_t v) {
  std::string out;
  uint32_t op = v >> 28;
  if ((op & FUTEX_OP_OPARG_SHIFT) != 0) {
    out.append("FUTEX_OP_OPARG_SHIFT<<28|");
    op &= ~static_cast<uint32_t>(FUTEX_OP_OPARG_SHIFT);
  }
  append_wake_op_field(out, tables::kFutexWakeOps, op, "<<28", "FUTEX_OP_???");
  out.push_back('|');
  append_hex_or_zero(out, (v >> 12) & 0xfff);
  out.append("<<12|");
  append_wake_op_field(out, tables::kFutexWakeOpCmps, (v >> 24) & 0xf, "<<24", "FUTEX_OP_CMP_???");
  out.push_back('|');
  append_hex_or_zero(out, v & 0xfff);
  return out;
}

// futex's sixth register, an unsigned int.
Arg futex_val3_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const auto v = static_cast<uint32_t>(ctx.reg(index));
  switch (futex_layout(ctx.related(spec)).val3) {
    case FutexVal3Kind::Bitset:
      if (const FlagName* f = find_constant(tables::kFutexBitset, v)) return Arg::symbol(std::string(f->name), v);
      return Arg::hex(v);
    case FutexVal3Kind::Number: return Arg::uinteger(v);
    case FutexVal3Kind::WakeOp: return Arg::symbol(futex_wake_op_text(v), v);
    case FutexVal3Kind::Hex: break;
  }
  return Arg::hex(v);
}

// futex_waitv's waiters: each word's expected value, address and size/private flags.
Arg futex_waiters_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  struct Waiter {  // struct futex_waitv (linux/futex.h), declared here for older headers
    uint64_t val, uaddr;
    uint32_t flags, reserved;
  };
  const uint64_t count = static_cast<uint32_t>(ctx.related(spec));
  return struct_array_arg<Waiter>(ctx, ctx.reg(index), count, [](const Waiter& w) {
    Arg s;
    s.kind = ArgKind::Struct;
    s.items.push_back(Arg::hex(w.val).named("val"));
    s.items.push_back(pointer_arg(w.uaddr).named("uaddr"));
    s.items.push_back(Arg::symbol(flags_string(tables::kFutexWaitvFlags, w.flags, "0"), w.flags).named("flags"));
    return s;
  });
}

}  // namespace

// A sigset as strace writes it: [CHLD TERM] (an Array of names, space-separated), or, when half
// or more of the 64 signals are in it, the complement: ~[RTMIN RT_1] (kept as text, as the strace
// parser keeps it).
Arg sigset_value(uint64_t mask) {
  const bool complement = __builtin_popcountll(mask) >= 32;
  const uint64_t shown = complement ? ~mask : mask;  // bit n-1: signal n
  Arg set;
  set.kind = ArgKind::Array;
  set.space_separated = true;
  std::string text = "~[";
  for (int sig = 1; sig <= 64; ++sig) {
    if (((shown >> (sig - 1)) & 1u) == 0) continue;
    std::string name;
    append_set_member(name, sig);
    if (!complement) {
      set.items.push_back(Arg::symbol(std::move(name), static_cast<uint64_t>(sig)));
      continue;
    }
    if (text.size() > 2) text.push_back(' ');
    text += name;
  }
  return complement ? Arg::raw(text + "]") : set;
}

Arg signal_arg(int64_t sig) {
  if (sig >= 1 && sig <= kMaxSignal) {
    return Arg::symbol(std::string(signal_name(static_cast<int>(sig))), static_cast<uint64_t>(sig));
  }
  return Arg::integer(sig);
}

Arg clone_flags_arg(uint64_t flags) {
  std::string text;
  const uint64_t sig = flags & kCloneSignalMask;
  const uint64_t rest = flags & ~kCloneSignalMask;
  if (rest != 0) append_flags(text, tables::kCloneFlags, rest);
  if (sig != 0) {
    if (!text.empty()) text.push_back('|');
    append_signal(text, sig);
  }
  if (text.empty()) text = "0";
  return Arg::symbol(std::move(text), flags);
}

Arg futex_op_arg(uint64_t op) {
  const uint64_t cmd = op & static_cast<uint64_t>(FUTEX_CMD_MASK);
  const FlagName* name = find_constant(tables::kFutexCmds, cmd);
  if (name == nullptr) return unknown_constant(op, "FUTEX_???");
  std::string t(name->name);
  if ((op & FUTEX_PRIVATE_FLAG) != 0) t += "_PRIVATE";
  if ((op & FUTEX_CLOCK_REALTIME) != 0) t += "|FUTEX_CLOCK_REALTIME";
  return Arg::symbol(std::move(t), op);
}

Arg decode_process_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  switch (spec.type) {
    case ArgType::Signal: return signal_arg(ctx.as_int(index));
    case ArgType::CloneFlags: return clone_flags_arg(ctx.reg(index));
    case ArgType::CloneArgs: return clone_args_arg(ctx, index, spec);
    case ArgType::IntOut: return int_out_arg(ctx, index);
    case ArgType::CloneParentTid: {
      Arg a = int_out_arg(ctx, index);
      // With CLONE_PIDFD the kernel wrote the new process's pidfd there.
      if (a.kind == ArgKind::Array && (ctx.related(spec) & CLONE_PIDFD) != 0) a.items[0].kind = ArgKind::Fd;
      return a;
    }
    case ArgType::SigFrame: return sigframe_arg(ctx);
    case ArgType::WaitStatus: return wait_status_arg(ctx, index);
    case ArgType::FutexOp: return futex_op_arg(ctx.reg(index));
    case ArgType::FutexTimeout: return futex_timeout_arg(ctx, index, spec);
    case ArgType::FutexVal3: return futex_val3_arg(ctx, index, spec);
    case ArgType::FutexWaiters: return futex_waiters_arg(ctx, index, spec);
    case ArgType::CapHeader: return cap_header_arg(ctx, index);
    case ArgType::CapDataIn:
    case ArgType::CapDataOut: return cap_data_arg(ctx, index, spec);
    case ArgType::RlimitIn:
    case ArgType::RlimitOut: return rlimit_arg(ctx, index, spec);
    case ArgType::SigSetIn:
    case ArgType::SigSetOut: return sigset_arg(ctx, index, spec);
    case ArgType::SigActionIn:
    case ArgType::SigActionOut: return sigaction_arg(ctx, index, spec);
    default: return Arg::hex(ctx.reg(index));
  }
}

}  // namespace capsule
