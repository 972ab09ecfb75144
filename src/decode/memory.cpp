// Memory-family arguments that need more than a table: mmap's flags (a type field plus bits).
#include <sys/mman.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"

namespace capsule {
namespace {

constexpr uint64_t kMapTypeMask = 0x0F;  // MAP_TYPE: the sharing type is a small number

Arg mmap_flags_arg(uint64_t flags) {
  std::string text;
  uint64_t rest = flags & ~kMapTypeMask;
  if (const FlagName* type = find_constant(tables::kMmapType, flags & kMapTypeMask)) {
    text.append(type->name);
  } else {
    rest = flags;  // an unknown type stays in the hex tail
  }
  if (rest != 0 || text.empty()) {
    if (!text.empty()) text.push_back('|');
    append_flags(text, tables::kMmapFlags, rest);
  }
  return Arg::symbol(std::move(text), flags);
}

}  // namespace

Arg decode_memory_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  if (spec.type == ArgType::MmapFlags) return mmap_flags_arg(ctx.reg(index));
  return Arg::hex(ctx.reg(index));
}

}  // namespace capsule
