// Which arguments strace writes for a call, and how: an argument may decide which of the others
// are shown (futex's operation, clone's flags, prctl's option, keyctl's command), and a few calls
// are written with strace's names for their arguments, in its own order ("clone(child_stack=NULL,
// flags=…, child_tidptr=0x…)").
// Declared once here: the native decoder leaves out what strace leaves out, the strace parser
// names what strace printed, and the text writer writes the names back.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace capsule {

struct SyscallSignature;

// The bit of parameter i in a mask of shown parameters (shown_params, FutexLayout::shown).
constexpr uint8_t param_bit(int i) { return static_cast<uint8_t>(1u << i); }

// The position of the argument that decides which others are shown, or -1.
int layout_selector(const SyscallSignature& sig);
// The parameters written for a call (bit i: params[i]) whose selector argument holds `selector`:
// every declared one when the signature has no selector.
uint8_t shown_params(const SyscallSignature& sig, uint64_t selector);

// One argument of a call strace writes with names: the table's parameter, strace's name for it.
struct StraceNamedParam {
  std::string_view param;
  std::string_view strace_name;
};
// The arguments of `syscall` in the order strace writes them, with its names; empty for the
// calls strace writes positionally.
std::span<const StraceNamedParam> strace_named_params(std::string_view syscall);

}  // namespace capsule
