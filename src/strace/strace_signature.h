// Aligns a call read from strace with the signature table (decode/signatures.h), so that the
// event looks as the native backend would make it: the same argument names, and the same kind
// for plain numbers whose meaning strace's text does not carry (an fd printed without -y is just
// "3"; a mode "0" is just "0").
#pragma once

#include <cstddef>

#include "event/syscall_event.h"

namespace capsule::strace_detail {

// - Each top-level Arg.name = the signature's parameter name (arg_name(ev.name, index)).
// - When strace printed every argument as "name=value" (clone), its names are mapped onto the
//   signature's and the args reordered to the signature's order; names the table does not know
//   are kept as strace wrote them.
// - Top-level Int args become Fd (fd params), Octal (mode params), UInt (unsigned params) or Hex
//   (opaque words), as the signature declares them.
// - ret_kind becomes Fd for calls that return a new fd, Hex for address-returning ones.
// `missing_leading` names a call whose first arguments were never seen (a "resumed" line
// without its entry): the args present are the signature's last ones.
void apply_signature(SyscallEvent& ev, bool missing_leading = false);

}  // namespace capsule::strace_detail
