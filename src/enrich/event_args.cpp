#include "enrich/event_args.h"

#include "base/number_parse.h"

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
      return a->num;
    case ArgKind::Symbol:
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

bool has_flag(const Arg* a, std::string_view symbol, uint64_t bit) {
  if (a == nullptr) return false;
  if (a->kind == ArgKind::Symbol || a->kind == ArgKind::Raw) {
    std::string_view t = a->text;
    while (!t.empty()) {
      size_t bar = t.find('|');
      const std::string_view token = t.substr(0, bar);
      if (token == symbol) return true;
      if (auto n = parse_int(token); n && bit != 0 && (static_cast<uint64_t>(*n) & bit) == bit) {
        return true;
      }
      if (bar == std::string_view::npos) break;
      t.remove_prefix(bar + 1);
    }
    return false;
  }
  if (auto n = arg_int(a)) return bit != 0 && (static_cast<uint64_t>(*n) & bit) == bit;
  return false;
}

bool is_value(const Arg* a, std::string_view symbol, int64_t value) {
  if (a == nullptr) return false;
  if (a->kind == ArgKind::Symbol && a->text == symbol) return true;
  const auto n = arg_int(a);
  return n && *n == value;
}

}  // namespace capsule
