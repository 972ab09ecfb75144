// Defensive access to a decoded event's arguments: by their man-page name, falling back to the
// position when a decoder left the generic "arg<i>" name, and reading flag sets whether the
// decoder gave symbols ("O_RDONLY|O_CLOEXEC") or a plain number.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "event/syscall_event.h"

namespace capsule {

// The top-level arg called `name`; else args[index] when that one has no man-page name (empty
// or "arg<i>"); else nullptr.
const Arg* find_arg(const SyscallEvent& ev, std::string_view name, size_t index);

// The item of a Struct called `name`, or nullptr.
const Arg* find_item(const Arg& s, std::string_view name);

// An fd number from an Fd/Int/UInt arg.
std::optional<int64_t> arg_fd(const Arg* a);
// An integer from an Int/UInt/Hex/Octal/Fd arg, a Symbol's numeric value, or a numeric Raw text.
std::optional<int64_t> arg_int(const Arg* a);
// An id (uid/gid) argument: -1 and 4294967295 both mean "unchanged" (kUnchangedId).
std::optional<uint32_t> arg_id(const Arg* a);

// Whether every bit of `bit` is set in a flag argument: a number, or a Symbol's bits (the decoders
// and the strace parser keep the numeric value next to the names).
bool has_flag(const Arg* a, uint64_t bit);

// Whether the argument's value (a Symbol's numeric value included) equals `value` (fcntl's cmd).
bool is_value(const Arg* a, int64_t value);

// Argument `index` of ev's syscall, by the table's name for that parameter (else by position).
const Arg* find_param(const SyscallEvent& ev, size_t index);

// The open flags of a call the table reads by them (open, openat; openat2's open_how.flags);
// nullptr for any other call.
const Arg* open_flags(const SyscallEvent& ev);

// True for a successful call (has_ret and no errno).
inline bool succeeded(const SyscallEvent& ev) { return ev.has_ret && ev.err == 0 && ev.ret >= 0; }

}  // namespace capsule
