#include "strace/strace_signature.h"


#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/arg_types.h"
#include "decode/arg_layout.h"
#include "decode/ioctl_request.h"
#include "decode/node_mask.h"
#include "decode/signatures.h"
#include "decode/symbol_value.h"

namespace capsule::strace_detail {

namespace {

constexpr size_t kMaxParams = 6;

// The table's name of a parameter strace names differently ("child_stack": clone's stack).
std::string_view prototype_spelling(std::string_view syscall, std::string_view strace_name) {
  for (const StraceNamedParam& p : strace_named_params(syscall)) {
    if (p.strace_name == strace_name) return p.param;
  }
  return strace_name;
}

// Maps strace's names onto parameter indexes; false unless every arg names a distinct parameter.
bool parameter_order(const SyscallSignature& sig, const std::vector<Arg>& args,
                     std::array<size_t, kMaxParams>& index_of) {
  if (args.size() > kMaxParams) return false;
  std::array<bool, kMaxParams> taken{};
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view wanted = prototype_spelling(sig.name, args[i].name);
    bool found = false;
    for (size_t j = 0; j < sig.nargs && j < kMaxParams && !found; ++j) {
      if (!taken[j] && sig.params[j].name == wanted) {
        taken[j] = true;
        index_of[i] = j;
        found = true;
      }
    }
    if (!found) return false;
  }
  return true;
}

// strace shows a wait status as [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]: a brace group without
// field names, which the native decoder keeps, braces included, as one Raw item.
void wait_status_as_native(Arg& arg) {
  if (arg.kind != ArgKind::Array) return;
  for (Arg& item : arg.items) {
    if (item.kind == ArgKind::Struct && item.items.size() == 1 && item.items[0].name.empty() &&
        item.items[0].kind == ArgKind::Raw) {
      item = Arg::raw("{" + item.items[0].text + "}");
    }
  }
}

// SCM_RIGHTS' fds in a message's control messages, annotated or not ("cmsg_data=[5]" from a log
// without -y): Fd items, as the native decoder makes them.
void scm_rights_as_fds(Arg& arg) {
  if (arg.kind != ArgKind::Struct && arg.kind != ArgKind::Array) return;
  const bool rights = arg.kind == ArgKind::Struct && arg.items.size() >= 4 && arg.items[2].name == "cmsg_type" &&
                      arg.items[2].text == "SCM_RIGHTS" && arg.items[3].name == "cmsg_data";
  if (rights) {
    for (Arg& fd : arg.items[3].items) {
      if (fd.kind == ArgKind::Int) fd.kind = ArgKind::Fd;
    }
    return;
  }
  for (Arg& item : arg.items) scm_rights_as_fds(item);
}

// A plain number takes the kind the signature gives the parameter, and a few strace spellings
// take the shape the native decoder gives the same value.
void apply_type(ArgType type, Arg& arg) {
  if (type == ArgType::WaitStatus) wait_status_as_native(arg);
  if (type == ArgType::MsgHdrIn || type == ArgType::MsgHdrOut || type == ArgType::MmsgHdrIn || type == ArgType::MmsgHdrOut) {
    scm_rights_as_fds(arg);
  }
  // select's sets hold fds, annotated or not ("[3 4]" from a log without -y).
  if (type == ArgType::FdSet && arg.kind == ArgKind::Array) {
    for (Arg& fd : arg.items) {
      if (fd.kind == ArgKind::Int) fd.kind = ArgKind::Fd;
    }
  }
  // A constant strace could not name, "0x7 /* SEEK_??? */" (the comment skipped): the native
  // decoder's Symbol, comment included.
  if (arg.kind == ArgKind::Hex || (arg.kind == ArgKind::Int && arg.num >= 0)) {
    const auto v = static_cast<uint64_t>(arg.num);
    const SymbolicType* kind = symbolic_type(type);
    std::optional<Arg> named;
    const std::string_view unknown = unknown_label(type);
    if (kind != nullptr && !unknown.empty() && (kind->is_enum || v != 0)) named = symbolic_value(*kind, v, unknown);
    if (type == ArgType::SockType) named = socket_type_arg(v);
    if (type == ArgType::FutexOp) named = futex_op_arg(v);
    if (named && named->kind == ArgKind::Symbol) {
      named->name = std::move(arg.name);
      arg = std::move(*named);
      return;
    }
  }
  // A flag word with a field strace could not name, "0x7<<28 /* FUTEX_OP_??? */|…" (FUTEX_WAKE_OP's
  // operation), "0xc /* FAN_CLASS_??? */|FAN_CLOEXEC": kept verbatim by the parser (the comment
  // inside it), its value from the names.
  if ((type == ArgType::FutexVal3 || type == ArgType::FanInitFlags) && arg.kind == ArgKind::Raw &&
      arg.text.find("??? */") != std::string::npos) {
    const uint64_t v = symbol_value(arg.text);
    std::string name = std::move(arg.name);
    arg = type == ArgType::FanInitFlags ? fan_init_flags_arg(static_cast<uint32_t>(v)) : Arg::symbol(std::move(arg.text), v);
    arg.name = std::move(name);
    return;
  }
  // capget/capset's header with a version strace could not name (the comment skipped).
  if (type == ArgType::CapHeader && arg.kind == ArgKind::Struct && !arg.items.empty() && arg.items[0].name == "version" &&
      (arg.items[0].kind == ArgKind::Hex || arg.items[0].kind == ArgKind::Int)) {
    arg.items[0] = cap_version_arg(static_cast<uint32_t>(arg.items[0].num)).named("version");
  }
  // poll's fds: each fd= field an fd, annotated or not.
  if (type == ArgType::PollFds && arg.kind == ArgKind::Array) {
    for (Arg& p : arg.items) {
      if (p.kind == ArgKind::Struct && !p.items.empty() && p.items[0].name == "fd" && p.items[0].kind == ArgKind::Int) {
        p.items[0].kind = ArgKind::Fd;
      }
    }
  }
  // A node mask's words, [0x00000000000001] or [0000000000000000]: numbers to the parser, the
  // padded spelling to the native decoder (decode/node_mask.h).
  if ((type == ArgType::NodeMaskIn || type == ArgType::NodeMaskOut) && arg.kind == ArgKind::Array) {
    for (Arg& word : arg.items) {
      if (word.kind == ArgKind::Int || word.kind == ArgKind::UInt || word.kind == ArgKind::Hex || word.kind == ArgKind::Octal) {
        word = node_mask_word(static_cast<uint64_t>(word.num));
      }
    }
  }
  // A request no table names, "_IOC(_IOC_READ, 0x54, 0xff, 0x4)": the value its fields encode.
  if (type == ArgType::IoctlRequest && (arg.kind == ArgKind::Raw || arg.kind == ArgKind::Symbol)) {
    if (const auto request = ioc_request_value(arg.text)) {
      arg.kind = ArgKind::Symbol;
      arg.num = *request;
      return;
    }
  }
  // A request two drivers share, "SNDCTL_TMR_START or TCSETS": one name of the ioctl table, the
  // native decoder's Symbol.
  if (type == ArgType::IoctlRequest && arg.kind == ArgKind::Raw && arg.text.find(" or ") != std::string::npos) {
    arg.kind = ArgKind::Symbol;
    arg.num = static_cast<int64_t>(symbol_value(arg.text));
  }
  // strace prints some plain integers in hex (rseq's rseq_len "0x20"): the value is a number.
  if (arg.kind == ArgKind::Hex && (type == ArgType::Int || type == ArgType::Pid || type == ArgType::Long)) {
    arg.kind = ArgKind::Int;
    // A C int printed as 0xffffffff is -1, as the native decoder reads the low 32 bits.
    if (type != ArgType::Long && static_cast<uint64_t>(arg.num) <= 0xffffffffu) {
      arg.num = static_cast<int32_t>(static_cast<uint32_t>(arg.num));
    }
  }
  if (arg.kind == ArgKind::Hex && (type == ArgType::UInt || type == ArgType::ULong)) arg.kind = ArgKind::UInt;
  if (arg.kind != ArgKind::Int) return;
  // shmget's flags of 0 are a flag set's "0" too (decode/ipc.cpp).
  if (arg.num == 0 && (zero_is_plain_number(type) || type == ArgType::ShmgetFlags)) {
    arg.kind = ArgKind::Symbol;
    arg.text = "0";
    return;
  }
  switch (type) {
    case ArgType::Fd:
    case ArgType::DirFd:
    case ArgType::RemoteFd:
      arg.kind = ArgKind::Fd;
      break;
    case ArgType::Mode:
    case ArgType::OpenMode:
      if (arg.num >= 0) arg.kind = ArgKind::Octal;
      break;
    case ArgType::UInt:
    case ArgType::ULong:
    case ArgType::Id:
    case ArgType::FutexTimeout:  // val2, where strace prints a number there
    case ArgType::FutexVal3:
      if (arg.num >= 0) arg.kind = ArgKind::UInt;
      break;
    case ArgType::Hex:
      if (arg.num >= 0) arg.kind = ArgKind::Hex;
      break;
    default:
      break;
  }
}

void reorder_strace_named(const SyscallSignature& sig, std::vector<Arg>& args) {
  std::array<size_t, kMaxParams> index_of{};
  if (!parameter_order(sig, args, index_of)) return;  // keep strace's names and order
  std::vector<std::pair<size_t, Arg>> ordered;
  ordered.reserve(args.size());
  for (size_t i = 0; i < args.size(); ++i) ordered.emplace_back(index_of[i], std::move(args[i]));
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < ordered.size(); ++i) {
    args[i] = std::move(ordered[i].second);
    args[i].name.assign(sig.params[ordered[i].first].name);
    apply_type(sig.params[ordered[i].first].type, args[i]);
  }
}

// The table decides the RetKind of a successful return, as for the native decoder. Where it
// says Int, strace's own spelling stays (a value strace shows in hex stays Hex), except where the
// table knows the spelling ("0x8002 (flags …)", "022"): the writer re-creates it from the table.
void apply_return_kind(const SyscallSignature& sig, SyscallEvent& ev) {
  if (!ev.has_ret || ev.ret < 0 || ev.err != 0 || ev.ret_kind == RetKind::Fd) return;
  const int selector = ret_selector(sig.ret);
  const bool known = selector >= 0 && ev.args.size() > static_cast<size_t>(selector) &&
                     ev.args[static_cast<size_t>(selector)].kind == ArgKind::Symbol;
  const uint64_t selected = known ? static_cast<uint64_t>(ev.args[static_cast<size_t>(selector)].num) : ~uint64_t{0};
  const RetKind kind = success_ret_kind(sig.ret, sig.ret == RetType::Fcntl ? selected : ~uint64_t{0});
  if (kind != RetKind::Int) {
    ev.ret_kind = kind;
  } else if (ret_spelling(sig.ret, selected).form != RetSpelling::Form::Decimal) {
    ev.ret_kind = RetKind::Int;
  }
}

// The parameter each of strace's unnamed arguments is: the next ones from `first`, except where
// an argument decides which are shown (futex's operation: FUTEX_WAKE shows uaddr, op, val) or a
// register is never shown (preadv2's pos_h).
std::vector<size_t> shown_positions(const SyscallSignature& sig, const std::vector<Arg>& args,
                                    size_t first) {
  std::vector<size_t> out;
  const int selector = layout_selector(sig);
  if (first != 0 || (selector >= 0 && static_cast<size_t>(selector) >= args.size())) return out;
  const uint64_t value = selector < 0 ? 0 : static_cast<uint64_t>(args[static_cast<size_t>(selector)].num);
  const uint8_t shown = shown_params(sig, value);
  if (selector < 0 && shown == static_cast<uint8_t>((1u << sig.nargs) - 1)) return out;  // all, in order
  for (size_t j = 0; j < sig.nargs; ++j) {
    if ((shown & (1u << j)) != 0) out.push_back(j);
  }
  return out;
}

}  // namespace

void apply_signature(SyscallEvent& ev, bool missing_leading) {
  const SyscallSignature* sig = find_signature(ev.name);
  if (sig == nullptr) {
    for (size_t i = 0; i < ev.args.size(); ++i)
      if (ev.args[i].name.empty()) ev.args[i].name = arg_name(ev.name, i);
    return;
  }
  const bool strace_named_all = !ev.args.empty() &&
      std::all_of(ev.args.begin(), ev.args.end(), [](const Arg& a) { return !a.name.empty(); });
  if (strace_named_all) {
    reorder_strace_named(*sig, ev.args);
  } else {
    const size_t first = missing_leading && ev.args.size() < sig->nargs
                             ? sig->nargs - ev.args.size() : 0;
    const std::vector<size_t> positions = shown_positions(*sig, ev.args, first);
    for (size_t i = 0; i < ev.args.size(); ++i) {
      Arg& arg = ev.args[i];
      const size_t index = i < positions.size() ? positions[i] : first + i;
      if (!arg.name.empty()) continue;  // strace's own name for it
      // The table's name for it: what arg_name(ev.name, index) returns, without a second lookup.
      if (index < sig->nargs && index < kMaxParams) {
        arg.name.assign(sig->params[index].name);
        apply_type(sig->params[index].type, arg);
      } else {
        arg.name = arg_name(ev.name, index);
      }
    }
  }
  // waitid's id with P_PIDFD and kcmp's indexes with KCMP_FILE are fds, annotated or not ("5"
  // from a log without -y).
  for (size_t i = 0; i < sig->nargs && i < ev.args.size(); ++i) {
    const ParamSpec& p = sig->params[i];
    if (p.related < 0 || static_cast<size_t>(p.related) >= ev.args.size()) continue;
    const Arg& by = ev.args[static_cast<size_t>(p.related)];
    if (by.kind == ArgKind::Symbol && fd_by_related(p.type, static_cast<uint64_t>(by.num)) && ev.args[i].kind == ArgKind::Int) {
      ev.args[i].kind = ArgKind::Fd;
    }
    // A socket option strace could not name, "0x270f /* SO_??? */" (the comment skipped).
    if (p.type == ArgType::SockOptName && by.kind == ArgKind::Symbol &&
        (ev.args[i].kind == ArgKind::Hex || ev.args[i].kind == ArgKind::Int)) {
      Arg named = sockopt_name_arg(static_cast<int32_t>(by.num), static_cast<int32_t>(ev.args[i].num));
      named.name = std::move(ev.args[i].name);
      ev.args[i] = std::move(named);
    }
  }
  apply_return_kind(*sig, ev);
}

}  // namespace capsule::strace_detail
