// Memory-family arguments that need more than a table: mmap's flags (a type field plus bits),
// arch_prctl's address or the base it read, mincore's page vector, NUMA node masks.
#include <asm/prctl.h>
#include <sys/mman.h>

#include <algorithm>
#include <string>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/node_mask.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

constexpr uint64_t kMapTypeMask = 0x0F;  // MAP_TYPE: the sharing type is a small number

// The type, the flags, then the huge page size (log2) as strace writes it, 21<<MAP_HUGE_SHIFT.
Arg mmap_flags_arg(uint64_t flags) {
  std::string text;
  const uint64_t huge = flags & (uint64_t{MAP_HUGE_MASK} << MAP_HUGE_SHIFT);
  uint64_t rest = flags & ~kMapTypeMask & ~huge;
  if (const FlagName* type = find_constant(tables::kMmapType, flags & kMapTypeMask)) {
    text.append(type->name);
  } else {
    rest = flags & ~huge;  // an unknown type stays in the hex tail
  }
  if (rest != 0 || (text.empty() && huge == 0)) {
    if (!text.empty()) text.push_back('|');
    append_flags(text, tables::kMmapFlags, rest);
  }
  if (huge != 0) {
    if (!text.empty()) text.push_back('|');
    text.append(std::to_string(huge >> MAP_HUGE_SHIFT)).append("<<MAP_HUGE_SHIFT");
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

// A NUMA node mask of maxnode (`related`) less one bits, as the kernel reads it: as many unsigned
// longs as hold them, each spelled as strace pads it. strace shows a maxnode of 1 (no whole
// word) as the pointer and one of 0 as []. A mask the call fills is the pointer unless it
// succeeded.
Arg node_mask_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const uint64_t maxnode = ctx.related(spec);
  const uint64_t bits_per_word = 8 * ctx.word_size();
  const uint64_t words = maxnode == 0 ? 0 : (maxnode - 1 + bits_per_word - 1) / bits_per_word;
  if (addr == 0 || maxnode == 1 || (spec.type == ArgType::NodeMaskOut && !ctx.succeeded())) return pointer_arg(addr);
  const auto shown = static_cast<size_t>(std::min<uint64_t>(words, ctx.opts.array_limit));
  Arg a;
  a.kind = ArgKind::Array;
  a.truncated = shown < words;
  for (size_t i = 0; i < shown; ++i) {
    uint64_t word = 0;
    if (ctx.mem.read(addr + i * ctx.word_size(), &word, ctx.word_size()) != ctx.word_size()) return pointer_arg(addr);
    a.items.push_back(node_mask_word(word));
  }
  return a;
}

// get_mempolicy's mode: the MPOL_* the call wrote, [MPOL_DEFAULT].
Arg mempolicy_out_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  int32_t mode = 0;
  if (!ctx.succeeded() || addr == 0 || !read_object(ctx.mem, addr, mode)) return pointer_arg(addr);
  const FlagName* f = find_constant(tables::kMempolicyModes, static_cast<uint32_t>(mode));
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(f != nullptr ? Arg::symbol(std::string(f->name), f->value) : Arg::integer(mode));
  return a;
}

}  // namespace

Arg decode_memory_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  if (spec.type == ArgType::MmapFlags) return mmap_flags_arg(ctx.reg(index));
  if (spec.type == ArgType::ArchPrctlAddr) return arch_prctl_addr_arg(ctx, index, spec);
  if (spec.type == ArgType::MincoreVec) return mincore_vec_arg(ctx, index, spec);
  if (spec.type == ArgType::NodeMaskIn || spec.type == ArgType::NodeMaskOut) return node_mask_arg(ctx, index, spec);
  if (spec.type == ArgType::MempolicyOut) return mempolicy_out_arg(ctx, index);
  return Arg::hex(ctx.reg(index));
}

}  // namespace capsule
