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
#include "decode/struct_array.h"

namespace capsule {
namespace {

Arg events_arg(uint16_t events) {
  return Arg::symbol(flags_string(tables::kPollEvents, events, "0"), events);
}

}  // namespace

Arg poll_fds_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const auto count = static_cast<uint32_t>(ctx.related(spec));
  return struct_array_arg<pollfd>(ctx, ctx.reg(index), count, [&ctx](const pollfd& p) {
    Arg s;
    s.kind = ArgKind::Struct;
    s.items.push_back(Arg::fd(p.fd).named("fd"));
    if (p.fd >= 0) s.items.push_back(events_arg(static_cast<uint16_t>(p.events)).named("events"));
    if (ctx.succeeded() && p.revents != 0)
      s.items.push_back(events_arg(static_cast<uint16_t>(p.revents)).named("revents"));
    return s;
  });
}

}  // namespace capsule
