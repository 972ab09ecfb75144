// personality's persona as strace writes it: the execution domain (the low byte) by name, then
// the flags, "PER_LINUX|ADDR_NO_RANDOMIZE"; 0xffffffff, the query, as a number. The same text
// names the old persona strace writes after the return value, "0x40000 (PER_LINUX|…)".
#include <sys/personality.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"

namespace capsule {
namespace {

constexpr uint32_t kPersonaQuery = 0xffffffffu;
constexpr uint32_t kPersonaTypeMask = PER_MASK;

}  // namespace

std::string persona_text(uint32_t persona) {
  std::string out;
  const uint32_t type = persona & kPersonaTypeMask;
  if (const FlagName* f = find_constant(tables::kPersonaTypes, type)) {
    out.assign(f->name);
  } else {
    append_hex(out, type);
  }
  if (const uint32_t flags = persona & ~kPersonaTypeMask; flags != 0) {
    out.push_back('|');
    append_flags(out, tables::kPersonaFlags, flags, "");
  }
  return out;
}

Arg persona_arg(const DecodeContext& ctx, size_t index) {
  const auto persona = static_cast<uint32_t>(ctx.reg(index));
  if (persona == kPersonaQuery) return Arg::hex(persona);
  return Arg::symbol(persona_text(persona), persona);
}

}  // namespace capsule
