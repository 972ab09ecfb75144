// The argument types that are nothing but a table lookup: for each, its constant table, whether it
// is an enumeration (one exact value) or a flag set, and what a flag set is called when it is 0.
// Declared once, here; the native decoders render from it (arg_dispatch.cpp) and the strace parser
// shapes strace's numbers by it (strace_signature.cpp), so both backends give the same event.
#pragma once

#include <string_view>

#include "decode/flags.h"
#include "event/syscall_event.h"
#include "decode/signatures.h"

namespace capsule {

struct SymbolicType {
  FlagTable table;
  bool is_enum;           // exact match (else a flag set)
  std::string_view zero;  // a flag set's name for 0 ("0", "PROT_NONE", "F_OK")
};

// What strace calls a value of the type's table that the table does not know, "SEEK_???": the
// value is then written in hex with that comment, 0x7 /* SEEK_??? */ (an enumeration; a flag set
// only when no bit of it has a name). Empty: a plain number, as strace writes it there.
std::string_view unknown_label(ArgType type);

// "0x7 /* SEEK_??? */" (0 is "0 /* …"): a constant strace could not name, with the name it would have had.
Arg unknown_constant(uint64_t v, std::string_view label);

// The symbolic Arg of value v of a table type: names, else unknown_constant or a number. The
// native decoder renders with it, and the strace parser rebuilds it from a number strace wrote.
Arg symbolic_value(const SymbolicType& kind, uint64_t v, std::string_view unknown);

// socket's type (SOCK_STREAM|SOCK_CLOEXEC) and futex's operation (FUTEX_WAIT_PRIVATE): their own
// shapes (net.cpp, process.cpp), rebuilt by the strace parser from a number too.
Arg socket_type_arg(uint64_t type);
Arg futex_op_arg(uint64_t op);
// capget/capset's header version: _LINUX_CAPABILITY_VERSION_3, else 0x… /* …_??? */ (process.cpp).
Arg cap_version_arg(uint32_t version);
// fanotify_init's flags: the class first (FAN_CLASS_NOTIF, else 0xc /* FAN_CLASS_??? */), then the
// flags (file.cpp).
Arg fan_init_flags_arg(uint32_t flags);
// A socket option's name at `level`: SO_REUSEADDR…, else at SOL_SOCKET 0x270f /* SO_??? */, else
// the number (sockopt.cpp).
Arg sockopt_name_arg(int32_t level, int32_t name);

// The type's row; nullptr for types that are not a plain table lookup.
const SymbolicType* symbolic_type(ArgType type);

// A flag set whose 0 is written "0": strace prints it as a bare number, which the strace parser
// turns into the same Symbol the native decoder gives.
inline bool zero_is_plain_number(ArgType type) {
  const SymbolicType* t = symbolic_type(type);
  return t != nullptr && !t->is_enum && t->zero == "0";
}

}  // namespace capsule
