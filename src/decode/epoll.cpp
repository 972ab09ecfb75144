// struct epoll_event as strace writes it: {events=EPOLLIN|EPOLLET, data={u32=…, u64=…}}, for
// epoll_ctl's event and the array epoll_wait/epoll_pwait fill (as many as the call returned;
// a failed call keeps its pointer). The struct is packed, 12 bytes, on x86_64 and i386 alike.
#include <cstring>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

constexpr size_t kEventSize = 12;
// The most events shown from one epoll_wait: its maxevents is an int the kernel caps likewise.
constexpr uint64_t kMaxEvents = 4096;

Arg event_arg(const unsigned char* raw) {
  uint32_t events = 0;
  uint64_t data = 0;
  std::memcpy(&events, raw, 4);
  std::memcpy(&data, raw + 4, 8);
  Arg d;
  d.kind = ArgKind::Struct;
  d.items.push_back(Arg::uinteger(static_cast<uint32_t>(data)).named("u32"));
  d.items.push_back(Arg::uinteger(data).named("u64"));
  Arg e;
  e.kind = ArgKind::Struct;
  e.items.push_back(flags_field_arg(tables::kEpollEvents, events).named("events"));
  e.items.push_back(std::move(d).named("data"));
  return e;
}

Arg one_event(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  unsigned char raw[kEventSize];
  if (ctx.mem.read(addr, raw, sizeof raw) != sizeof raw) return Arg::hex(addr);
  return event_arg(raw);
}

Arg filled_events(const DecodeContext& ctx, uint64_t addr) {
  const uint64_t count = static_cast<uint64_t>(ctx.rval);
  if (!ctx.succeeded() || count > kMaxEvents) return pointer_arg(addr);
  std::string raw(count * kEventSize, '\0');
  if (ctx.mem.read(addr, raw.data(), raw.size()) != raw.size()) return pointer_arg(addr);
  Arg list;
  list.kind = ArgKind::Array;
  for (uint64_t i = 0; i < count; ++i)
    list.items.push_back(event_arg(reinterpret_cast<const unsigned char*>(raw.data()) + i * kEventSize));
  return list;
}

}  // namespace

Arg decode_epoll_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  if (spec.type == ArgType::EpollEventIn) return one_event(ctx, ctx.reg(index));
  return filled_events(ctx, ctx.reg(index));
}

}  // namespace capsule
