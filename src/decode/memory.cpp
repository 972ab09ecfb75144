// Memory-family arguments that need more than a table: mmap's flags (a type field plus bits),
// arch_prctl's address or the base it read, mincore's page vector.
#include <asm/prctl.h>
#include <sys/mman.h>

#include <algorithm>
#include <string>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"

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

// arch_prctl's addr: with ARCH_GET_FS/ARCH_GET_GS the base the call wrote there, [0x7f…]; else
// the address (ARCH_SET_FS's base).
Arg arch_prctl_addr_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const auto code = static_cast<int32_t>(ctx.related(spec));
  if (code != ARCH_GET_FS && code != ARCH_GET_GS) return Arg::hex(addr);
  uint64_t base = 0;
  if (!ctx.succeeded() || addr == 0 || !read_object(ctx.mem, addr, base)) return pointer_arg(addr);
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(Arg::hex(base));
  return a;
}

// mincore's vec: one byte a page of the length, as numbers, [1, 0, 0] (the array limit at most).
Arg mincore_vec_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  constexpr uint64_t kPage = 4096;
  const uint64_t pages = (ctx.related(spec) + kPage - 1) / kPage;
  const auto shown = static_cast<size_t>(std::min<uint64_t>(pages, ctx.opts.array_limit));
  std::string vec(shown, '\0');
  if (!ctx.succeeded() || addr == 0 || ctx.mem.read(addr, vec.data(), vec.size()) != vec.size()) return pointer_arg(addr);
  Arg a;
  a.kind = ArgKind::Array;
  a.truncated = shown < pages;
  for (const char byte : vec) a.items.push_back(Arg::integer(static_cast<unsigned char>(byte)));
  return a;
}

}  // namespace

Arg decode_memory_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  if (spec.type == ArgType::MmapFlags) return mmap_flags_arg(ctx.reg(index));
  if (spec.type == ArgType::ArchPrctlAddr) return arch_prctl_addr_arg(ctx, index, spec);
  if (spec.type == ArgType::MincoreVec) return mincore_vec_arg(ctx, index, spec);
  return Arg::hex(ctx.reg(index));
}

}  // namespace capsule
