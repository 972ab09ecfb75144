// select's and pselect6's fd sets as strace writes them: the fds in each set as the call read
// them, "[3<pipe:[7]> 5</x>]" (read at entry: the kernel rewrites the sets with the ready fds),
// and, after a successful call, what strace shows after the return value: the fds left in each
// set and the time left, "= 2 (in [3], out [4], left {tv_sec=0, tv_nsec=999997186})", or
// "= 0 (Timeout)" (the writer's part). pselect6's last argument is a {sigset pointer, size} pair.
#include <algorithm>
#include <string>

#include "decode/decode_context.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// The kernel reads a set as whole longs; no more than a segment's worth (32768 fds) is shown.
constexpr uint64_t kMaxFdSetBytes = 4096;

// The bytes of a set of `nfds` bits at addr, as the kernel reads them; false when unreadable.
bool read_fd_set(const DecodeContext& ctx, uint64_t addr, int32_t nfds, std::string& bits) {
  const uint64_t word = ctx.word_size();
  const uint64_t bytes = std::min<uint64_t>((static_cast<uint64_t>(nfds) + 8 * word - 1) / (8 * word) * word, kMaxFdSetBytes);
  bits.assign(bytes, '\0');
  return ctx.mem.read(addr, bits.data(), bits.size()) == bits.size();
}

// The set's members below nfds as an Array, space-separated; `as_fds`: Fd items (annotated), else
// plain numbers (strace writes the result's sets bare).
Arg fd_set_members(const std::string& bits, int32_t nfds, bool as_fds) {
  Arg set;
  set.kind = ArgKind::Array;
  set.space_separated = true;
  for (int32_t fd = 0; fd < nfds && static_cast<size_t>(fd / 8) < bits.size(); ++fd) {
    if ((static_cast<unsigned char>(bits[static_cast<size_t>(fd / 8)]) >> (fd % 8) & 1u) == 0) continue;
    set.items.push_back(as_fds ? Arg::fd(fd) : Arg::integer(fd));
  }
  return set;
}

}  // namespace

Arg fd_set_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const auto nfds = static_cast<int32_t>(ctx.related(spec));
  if (addr == 0) return Arg::null();
  std::string bits;
  if (nfds < 0 || !read_fd_set(ctx, addr, nfds, bits)) return Arg::hex(addr);
  return fd_set_members(bits, nfds, /*as_fds=*/true);
}

Arg pselect_sigmask_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  uint64_t pair[2] = {0, 0};  // const sigset_t *ss; size_t ss_len
  if (ctx.is_i386()) {
    uint32_t half[2];
    if (!read_object(ctx.mem, addr, half)) return Arg::hex(addr);
    pair[0] = half[0];
    pair[1] = half[1];
  } else if (!read_object(ctx.mem, addr, pair)) {
    return Arg::hex(addr);
  }
  Arg mask;
  uint64_t bits = 0;
  if (pair[0] == 0) {
    mask = Arg::null();
  } else if (pair[1] != sizeof bits || !read_object(ctx.mem, pair[0], bits)) {
    mask = Arg::hex(pair[0]);  // a size the kernel refuses: the pointer, as strace shows it
  } else {
    mask = sigset_value(bits);
  }
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(std::move(mask).named("sigmask"));
  s.items.push_back(unsigned_number_arg(pair[1]).named("sigsetsize"));
  return s;
}

Arg select_result_arg(const DecodeContext& ctx, const SyscallSignature& sig) {
  static constexpr std::string_view kSetNames[] = {"in", "out", "except"};
  Arg result;
  result.kind = ArgKind::Struct;
  const auto nfds = ctx.as_int(0);
  size_t set_index = 0;
  for (size_t i = 0; i < sig.nargs; ++i) {
    const ArgType t = sig.params[i].type;
    const uint64_t addr = ctx.reg(i);
    if (t == ArgType::FdSet) {
      const std::string_view name = kSetNames[std::min<size_t>(set_index++, 2)];
      std::string bits;
      if (addr == 0 || nfds <= 0 || !read_fd_set(ctx, addr, nfds, bits)) continue;
      Arg set = fd_set_members(bits, nfds, /*as_fds=*/false);
      if (!set.items.empty()) result.items.push_back(std::move(set).named(std::string(name)));
    } else if ((t == ArgType::Timespec || t == ArgType::TimevalIn) && addr != 0) {
      Arg left = time_pair_arg(ctx, addr, t == ArgType::Timespec ? "tv_nsec" : "tv_usec");
      if (left.kind == ArgKind::Struct) result.items.push_back(std::move(left).named("left"));
    }
  }
  return result;
}

}  // namespace capsule
