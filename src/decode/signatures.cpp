// The syscall table (syscall_table.def) and its two indexes: by (arch, number) for the tracer's hot
// path, by name for the strace parser and arg_name(). Both are built once, on first use.
#include "decode/signatures.h"

#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <linux/perf_event.h>
#include <sys/fanotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "decode/flag_tables.h"
#include "decode/names.h"
#include "event/syscall_event.h"

namespace capsule {
namespace {

constexpr SyscallSignature make_signature(std::string_view name, RetType ret, SyscallFacts facts,
                                          std::initializer_list<ParamSpec> params, bool decoded = true) {
  SyscallSignature sig;
  sig.name = name;
  sig.ret = ret;
  sig.decoded = decoded;
  sig.facts = facts;
  for (const ParamSpec& p : params) {
    if (holds_fds(p.type)) sig.fd_params |= static_cast<uint8_t>(1u << sig.nargs);
    sig.params[sig.nargs++] = p;
  }
  return sig;
}

// Short names for the rows' facts (syscall_table.def).
using E = Effect;
using K = ActionKind;
using T = TargetRule;
using A = PathAccess;
constexpr uint8_t NET = kClassNetwork, PROC = kClassProcess, MEM = kClassMemory, SIG = kClassSignal,
                  IPC = kClassIpc, CREDS = kClassCreds;

#define UNPAREN(...) __VA_ARGS__
#define P(n, t) ParamSpec{#n, ArgType::t, -1}
#define PR(n, t, k) ParamSpec{#n, ArgType::t, k}
#define SYSCALL(nm, ret, facts, ...) make_signature(#nm, RetType::ret, SyscallFacts{UNPAREN facts}, {__VA_ARGS__}),
#define UNDECODED(nm, facts) make_signature(#nm, RetType::Int, SyscallFacts{UNPAREN facts}, {}, false),

constexpr SyscallSignature kSignatures[] = {
#include "decode/syscall_table.def"
};
#undef UNDECODED

// Where i386 differs from x86_64 under the same name. Everything else is shared.
constexpr SyscallSignature kI386Signatures[] = {
    // i386 passes tls before child_tid (the kernel's CONFIG_CLONE_BACKWARDS).
    SYSCALL(clone, Int, (), P(flags, CloneFlags), P(stack, Ptr), P(parent_tid, IntOut), P(tls, Ptr),
            P(child_tid, Ptr))
    // old_mmap: one pointer to a struct holding the six arguments.
    SYSCALL(mmap, Hex, (), P(args, Ptr))
    // old_select: one pointer to a struct holding the five arguments.
    SYSCALL(select, Int, (), P(args, Ptr))
};

#undef SYSCALL
#undef PR
#undef P
#undef UNPAREN

// The syscall numbers we index; names.cpp covers the same range.
constexpr int kMaxSyscallNumber = 1024;

using NumberIndex = std::vector<const SyscallSignature*>;

// The i386 rows that differ only in their parameters take their facts from the shared row, so
// that a fact is still declared once.
const std::vector<SyscallSignature>& i386_rows() {
  static const std::vector<SyscallSignature> rows = [] {
    std::vector<SyscallSignature> out(std::begin(kI386Signatures), std::end(kI386Signatures));
    for (SyscallSignature& row : out) {
      for (const SyscallSignature& shared : kSignatures) {
        if (shared.name == row.name) row.facts = shared.facts;
      }
    }
    return out;
  }();
  return rows;
}

NumberIndex build_number_index(uint32_t arch) {
  NumberIndex index(kMaxSyscallNumber, nullptr);
  auto add = [&](const SyscallSignature& sig) {
    int nr = syscall_number(arch, sig.name);
    if (nr >= 0 && nr < kMaxSyscallNumber) index[static_cast<size_t>(nr)] = &sig;
  };
  for (const SyscallSignature& sig : kSignatures) add(sig);
  if (arch == kArchI386) {
    for (const SyscallSignature& sig : i386_rows()) add(sig);  // overrides the shared ones
  }
  return index;
}

std::vector<const SyscallSignature*> build_name_index() {
  std::vector<const SyscallSignature*> index;
  for (const SyscallSignature& sig : kSignatures) index.push_back(&sig);
  std::sort(index.begin(), index.end(),
            [](const SyscallSignature* a, const SyscallSignature* b) { return a->name < b->name; });
  return index;
}

}  // namespace

bool SyscallSignature::decode_at_entry() const {
  if (ret == RetType::NoReturn) return true;
  for (uint8_t i = 0; i < nargs; ++i) {
    const ArgType t = params[i].type;
    if (t == ArgType::StrArray || t == ArgType::SigFrame || t == ArgType::OffsetIn || t == ArgType::FdSet) return true;
  }
  return false;
}

bool SyscallSignature::has_entry_params() const {
  for (uint8_t i = 0; i < nargs; ++i) {
    if (read_at_entry(params[i].type)) return true;
  }
  return false;
}

RetKind success_ret_kind(RetType ret, uint64_t fcntl_cmd) {
  switch (ret) {
    case RetType::Fd: return RetKind::Fd;
    case RetType::Hex: return RetKind::Hex;
    case RetType::Fcntl:
      return fcntl_cmd == F_DUPFD || fcntl_cmd == F_DUPFD_CLOEXEC ? RetKind::Fd : RetKind::Int;
    case RetType::Int:
    case RetType::Octal:
    case RetType::Polled:
    case RetType::Selected:
    case RetType::SchedPolicy:
    case RetType::Signal:
    case RetType::Prctl:
    case RetType::Ioprio:
    case RetType::Persona:
    case RetType::Membarrier:
    case RetType::ClockState:
    case RetType::NoReturn:
      break;
  }
  return RetKind::Int;
}

RetSpelling ret_spelling(RetType ret, uint64_t selector) {
  using F = RetSpelling::Form;
  switch (ret) {
    case RetType::Octal: return {F::Octal, FlagTable{}, "", ""};
    case RetType::Polled: return {F::Polled, FlagTable{}, "", ""};
    case RetType::Selected: return {F::Selected, FlagTable{}, "", ""};
    case RetType::SchedPolicy: return {F::Named, tables::kSchedPolicies, "", ""};
    case RetType::Signal: return {F::Signal, FlagTable{}, "", ""};
    case RetType::Ioprio: return {F::Ioprio, FlagTable{}, "", ""};
    case RetType::Persona: return {F::Persona, FlagTable{}, "", ""};
    case RetType::ClockState: return {F::Named, tables::kAdjtimexStates, "", ""};
    case RetType::Membarrier:
      if (selector == MEMBARRIER_CMD_QUERY) return {F::HexFlags, tables::kMembarrierCmds, "", ""};
      break;
    case RetType::Fcntl:
      if (selector == F_GETFL) return {F::OpenFlags, FlagTable{}, "", ""};
      if (selector == F_GETFD) return {F::HexFlags, tables::kFdFlags, "flags ", ""};
      if (selector == F_GET_SEALS) return {F::HexFlags, tables::kFileSeals, "seals ", ""};
      if (selector == F_GETLEASE) return {F::HexNamed, tables::kFlockTypes, "", ""};
      if (selector == F_GETSIG) return {F::Signal, FlagTable{}, "", ""};
      break;
    case RetType::Prctl:
      if (selector == PR_GET_DUMPABLE) return {F::Named, tables::kPrctlDumpable, "", ""};
      if (selector == PR_MCE_KILL_GET) return {F::Named, tables::kPrctlMceKillPolicy, "", ""};
      if (selector == PR_GET_SPECULATION_CTRL) {
        return {F::HexFlags, tables::kPrctlSpecCtrl, "", "PR_SPEC_NOT_AFFECTED"};
      }
      break;
    case RetType::Int:
    case RetType::Fd:
    case RetType::Hex:
    case RetType::NoReturn:
      break;
  }
  return {};
}

bool fd_by_related(ArgType t, uint64_t related_value) {
  if (t == ArgType::WaitId) return related_value == P_PIDFD;
  if (t == ArgType::KcmpIdx) return related_value == KCMP_FILE;
  return false;
}

int ret_selector(RetType ret) {
  if (ret == RetType::Fcntl) return 1;  // the command
  if (ret == RetType::Prctl) return 0;  // the option
  if (ret == RetType::Membarrier) return 0;  // the command
  return -1;
}

const SyscallSignature* find_syscall(uint32_t arch, int nr) {
  static const NumberIndex x86_64 = build_number_index(kArchX86_64);
  static const NumberIndex i386 = build_number_index(kArchI386);
  if (nr < 0 || nr >= kMaxSyscallNumber) return nullptr;
  const NumberIndex& index = arch == kArchI386 ? i386 : x86_64;
  return index[static_cast<size_t>(nr)];
}

const SyscallSignature* find_signature(uint32_t arch, int nr) {
  const SyscallSignature* row = find_syscall(arch, nr);
  return row != nullptr && row->decoded ? row : nullptr;
}

std::span<const SyscallSignature> all_signatures() { return kSignatures; }

const SyscallSignature* find_syscall(std::string_view name) {
  static const std::vector<const SyscallSignature*> index = build_name_index();
  auto by_name = [](const SyscallSignature* s, std::string_view n) { return s->name < n; };
  auto it = std::lower_bound(index.begin(), index.end(), name, by_name);
  return it != index.end() && (*it)->name == name ? *it : nullptr;
}

const SyscallSignature* find_signature(std::string_view name) {
  const SyscallSignature* row = find_syscall(name);
  return row != nullptr && row->decoded ? row : nullptr;
}

std::string arg_name(std::string_view syscall, size_t index) {
  const SyscallSignature* sig = find_signature(syscall);
  if (sig != nullptr && index < sig->nargs) return std::string(sig->params[index].name);
  return "arg" + std::to_string(index);
}

}  // namespace capsule
