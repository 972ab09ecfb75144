#include "enrich/event_args.h"

#include "base/number_parse.h"
#include "decode/signatures.h"

namespace capsule {
namespace {

bool is_generic_name(std::string_view n) { return n.empty() || n.starts_with("arg"); }

// A symbolic argument's text is a C literal, and its 64 bits are what the kernel saw:
// "0xffffffffffffffff" is -1.
std::optional<int64_t> parse_int(std::string_view t) {
  const auto n = parse_signed_magnitude(t, IntNotation::CLiteral);
  if (!n) return std::nullopt;
  return static_cast<int64_t>(n->negative ? 0 - n->magnitude : n->magnitude);
}

}  // namespace

const Arg* find_arg(const SyscallEvent& ev, std::string_view name, size_t index) {
  for (const Arg& a : ev.args) {
    if (a.name == name) return &a;
  }
  if (index < ev.args.size() && is_generic_name(ev.args[index].name)) return &ev.args[index];
  return nullptr;
}

const Arg* find_item(const Arg& s, std::string_view name) {
  for (const Arg& a : s.items) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::optional<int64_t> arg_fd(const Arg* a) {
  if (a == nullptr) return std::nullopt;
  switch (a->kind) {
    case ArgKind::Fd:
    case ArgKind::Int:
    case ArgKind::UInt:
      return static_cast<int32_t>(a->num);  // fds are C ints
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> arg_int(const Arg* a) {
  if (a == nullptr) return std::nullopt;
  switch (a->kind) {
    case ArgKind::Int:
    case ArgKind::UInt:
    case ArgKind::Hex:
    case ArgKind::Octal:
    case ArgKind::Fd:
    case ArgKind::Symbol:  // the bits its names stand for
      return a->num;
    case ArgKind::Raw:
      return parse_int(a->text);
    default:
      return std::nullopt;
  }
}

std::optional<uint32_t> arg_id(const Arg* a) {
  const auto v = arg_int(a);
  if (!v) return std::nullopt;
  return static_cast<uint32_t>(*v);  // -1 and 0xFFFFFFFF both become kUnchangedId
}

bool has_flag(const Arg* a, uint64_t bit) {
  const auto n = arg_int(a);
  return n && bit != 0 && (static_cast<uint64_t>(*n) & bit) == bit;
}

bool is_value(const Arg* a, int64_t value) {
  const auto n = arg_int(a);
  return n && *n == value;
}

const Arg* find_param(const SyscallEvent& ev, size_t index) {
  const SyscallSignature* sig = find_signature(ev.name);
  if (sig != nullptr && index < sig->nargs) return find_arg(ev, sig->params[index].name, index);
  return index < ev.args.size() ? &ev.args[index] : nullptr;
}

const Arg* open_flags(const SyscallEvent& ev) {
  const SyscallSignature* row = find_syscall(ev.name);
  if (row == nullptr || row->facts.access != PathAccess::ByOpenFlags) return nullptr;
  for (uint8_t i = 0; i < row->nargs; ++i) {
    const ParamSpec& p = row->params[i];
    if (p.type == ArgType::OpenFlags) return find_arg(ev, p.name, i);
    if (p.type == ArgType::OpenHow) {  // openat2: the "flags" member of struct open_how
      const Arg* how = find_arg(ev, p.name, i);
      return how != nullptr && how->kind == ArgKind::Struct ? find_item(*how, "flags") : nullptr;
    }
  }
  return nullptr;
}

}  // namespace capsule
