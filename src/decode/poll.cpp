// poll's and ppoll's struct pollfd array as strace writes it: [{fd=3, events=POLLIN}] in the
// arguments (no events for a negative fd, which the kernel skips), and, after a successful call,
// each revents the kernel set, which strace shows after the return value:
// "= 1 ([{fd=3, revents=POLLIN}])". The array is read at the exit: the kernel writes only revents.
#include <poll.h>

#include <algorithm>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

Arg events_arg(uint16_t events) {
  return Arg::symbol(flags_string(tables::kPollEvents, events, "0"), events);
}

}  // namespace

Arg poll_fds_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  const auto count = static_cast<uint32_t>(ctx.related(spec));
  if (addr == 0) return Arg::null();
  const size_t shown = std::min<size_t>(count, ctx.opts.array_limit);
  Arg list;
  list.kind = ArgKind::Array;
  list.truncated = shown < count;
  for (size_t i = 0; i < shown; ++i) {
    pollfd p{};
    if (!read_object(ctx.mem, addr + i * sizeof p, p)) return i == 0 ? Arg::hex(addr) : list;
    Arg s;
    s.kind = ArgKind::Struct;
    s.items.push_back(Arg::fd(p.fd).named("fd"));
    if (p.fd >= 0) s.items.push_back(events_arg(static_cast<uint16_t>(p.events)).named("events"));
    if (ctx.succeeded() && p.revents != 0)
      s.items.push_back(events_arg(static_cast<uint16_t>(p.revents)).named("revents"));
    list.items.push_back(std::move(s));
  }
  return list;
}

}  // namespace capsule
