// The argument types that are nothing but a table lookup: for each, its constant table, whether it
// is an enumeration (one exact value) or a flag set, and what a flag set is called when it is 0.
// Declared once, here; the native decoders render from it (arg_dispatch.cpp) and the strace parser
// shapes strace's numbers by it (strace_signature.cpp), so both backends give the same event.
#pragma once

#include <string_view>

#include "decode/flags.h"
#include "decode/signatures.h"

namespace capsule {

struct SymbolicType {
  FlagTable table;
  bool is_enum;           // exact match (else a flag set)
  std::string_view zero;  // a flag set's name for 0 ("0", "PROT_NONE", "F_OK")
};

// The type's row; nullptr for types that are not a plain table lookup.
const SymbolicType* symbolic_type(ArgType type);

// A flag set whose 0 is written "0": strace prints it as a bare number, which the strace parser
// turns into the same Symbol the native decoder gives.
inline bool zero_is_plain_number(ArgType type) {
  const SymbolicType* t = symbolic_type(type);
  return t != nullptr && !t->is_enum && t->zero == "0";
}

}  // namespace capsule
