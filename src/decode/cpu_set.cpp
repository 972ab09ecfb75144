// sched_setaffinity's and sched_getaffinity's CPU masks as strace writes them (its affinity.c):
// the numbers of the CPUs in the set, space-separated, "[0 1]"; "[]" for a size of 0; the pointer
// for a failed getaffinity.
#include <algorithm>
#include <string>

#include "decode/decode_context.h"

namespace capsule {
namespace {

// strace reads no more than the kernel's own mask size, at least 128 bytes (1024 CPUs).
constexpr uint64_t kMaxMaskBytes = 128;

}  // namespace

Arg cpu_set_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const bool filled = spec.type == ArgType::CpuSetOut;
  if (addr == 0 || (filled && !ctx.succeeded())) return pointer_arg(addr);
  const uint64_t len = filled ? static_cast<uint64_t>(ctx.rval) : static_cast<uint32_t>(ctx.related(spec));
  std::string mask(std::min(len, kMaxMaskBytes), '\0');
  if (ctx.mem.read(addr, mask.data(), mask.size()) != mask.size()) return Arg::hex(addr);
  Arg set;
  set.kind = ArgKind::Array;
  set.space_separated = true;
  for (size_t byte = 0; byte < mask.size(); ++byte) {
    for (int bit = 0; bit < 8; ++bit) {
      if ((static_cast<unsigned char>(mask[byte]) >> bit & 1u) != 0) {
        set.items.push_back(Arg::integer(static_cast<int64_t>(byte * 8 + static_cast<size_t>(bit))));
      }
    }
  }
  return set;
}

}  // namespace capsule
