#include "decode/flags.h"

namespace capsule {

void append_hex(std::string& out, uint64_t v) {
  char buf[2 + 16];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = "0123456789abcdef"[v & 0xF];
    v >>= 4;
  } while (v != 0);
  *--p = 'x';
  *--p = '0';
  out.append(p, static_cast<size_t>(end - p));
}

void append_flags(std::string& out, FlagTable table, uint64_t v, std::string_view zero) {
  if (v == 0) {
    out.append(zero);
    return;
  }
  bool first = true;
  for (const FlagName& f : table) {
    if (f.value == 0 || (v & f.value) != f.value) continue;
    if (!first) out.push_back('|');
    out.append(f.name);
    first = false;
    v &= ~f.value;
    if (v == 0) return;
  }
  if (!first) out.push_back('|');
  append_hex(out, v);
}

std::string flags_string(FlagTable table, uint64_t v, std::string_view zero) {
  std::string out;
  append_flags(out, table, v, zero);
  return out;
}

const FlagName* find_constant(FlagTable table, uint64_t v) {
  for (const FlagName& f : table) {
    if (f.value == v) return &f;
  }
  return nullptr;
}

const FlagName* find_constant(FlagTable table, std::string_view name) {
  for (const FlagName& f : table) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace capsule
