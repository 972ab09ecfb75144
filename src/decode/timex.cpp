// adjtimex's and clock_adjtime's struct timex as strace writes it, read after the call (the kernel
// fills it whatever the modes; a failed call shows its pointer): every field in the struct's
// order, modes and status by name, the time as a timeval ("{tv_sec=…, tv_usec=…}", nanoseconds
// under STA_NANO, as strace shows them). x86_64's layout; i386's stays a pointer.
#include <sys/timex.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {

Arg timex_arg(const DecodeContext& ctx, size_t index) {
  const uint64_t addr = ctx.reg(index);
  struct timex t{};
  if (!ctx.succeeded() || ctx.is_i386() || addr == 0 || !read_object(ctx.mem, addr, t)) return pointer_arg(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  const auto number = [&s](int64_t v, const char* name) { s.items.push_back(Arg::integer(v).named(name)); };
  s.items.push_back(Arg::symbol(flags_string(tables::kAdjtimexModes, t.modes, "0"), t.modes).named("modes"));
  number(t.offset, "offset");
  number(t.freq, "freq");
  number(t.maxerror, "maxerror");
  number(t.esterror, "esterror");
  s.items.push_back(Arg::symbol(flags_string(tables::kAdjtimexStatus, static_cast<uint32_t>(t.status), "0"),
                                static_cast<uint32_t>(t.status)).named("status"));
  number(t.constant, "constant");
  number(t.precision, "precision");
  number(t.tolerance, "tolerance");
  Arg time;
  time.kind = ArgKind::Struct;
  time.items.push_back(Arg::integer(t.time.tv_sec).named("tv_sec"));
  time.items.push_back(Arg::integer(t.time.tv_usec).named("tv_usec"));
  s.items.push_back(std::move(time).named("time"));
  number(t.tick, "tick");
  number(t.ppsfreq, "ppsfreq");
  number(t.jitter, "jitter");
  number(t.shift, "shift");
  number(t.stabil, "stabil");
  number(t.jitcnt, "jitcnt");
  number(t.calcnt, "calcnt");
  number(t.errcnt, "errcnt");
  number(t.stbcnt, "stbcnt");
  number(t.tai, "tai");
  return s;
}

}  // namespace capsule
