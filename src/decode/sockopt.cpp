// Socket constants whose table depends on another argument, and socket option values, as strace
// writes them: socket's protocol by family (IPPROTO_TCP, NETLINK_ROUTE, a bare number for
// AF_UNIX), an option's name by its level (SO_REUSEADDR, TCP_NODELAY), and an int-sized
// option's value as "[1]", SO_LINGER's and SO_PEERCRED's structs (other sizes stay bytes, as
// strace prints them).
#include <netinet/in.h>
#include <sys/socket.h>

#include "decode/arg_types.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// The table of socket's protocols for `domain`; nullptr where strace shows a number.
const FlagTable* protocol_table(int32_t domain) {
  if (domain == AF_INET || domain == AF_INET6) return &tables::kIpProtocols;
  if (domain == AF_NETLINK) return &tables::kNetlinkProtocols;
  return nullptr;
}

// The option table of a level (SOL_TCP is IPPROTO_TCP's number, as kSocketLevels names it).
const FlagTable* option_table(int32_t level) {
  switch (level) {
    case SOL_SOCKET: return &tables::kSolSocketOptions;
    case IPPROTO_TCP: return &tables::kTcpOptions;
    case IPPROTO_IP: return &tables::kIpOptions;
    case IPPROTO_IPV6: return &tables::kIpv6Options;
    default: return nullptr;
  }
}

// A C int looked up in `table` (nullptr: none), else the number.
Arg int_constant(const FlagTable* table, int32_t v) {
  const FlagName* f = table != nullptr ? find_constant(*table, static_cast<uint32_t>(v)) : nullptr;
  return f != nullptr ? Arg::symbol(std::string(f->name), f->value) : Arg::integer(v);
}

// The structs strace decodes among SOL_SOCKET's options: SO_LINGER's {l_onoff=1, l_linger=5},
// SO_PEERCRED's {pid=…, uid=…, gid=…}; false for any other (or a length too short for it).
bool option_struct(const DecodeContext& ctx, uint64_t addr, uint64_t len, Arg& out) {
  if (ctx.as_int(1) != SOL_SOCKET) return false;  // the level, setsockopt's and getsockopt's second
  const int32_t name = ctx.as_int(2);
  out.kind = ArgKind::Struct;
  if (name == SO_LINGER && len >= sizeof(linger)) {
    linger l{};
    if (!read_object(ctx.mem, addr, l)) return false;
    out.items.push_back(Arg::integer(l.l_onoff).named("l_onoff"));
    out.items.push_back(Arg::integer(l.l_linger).named("l_linger"));
    return true;
  }
  if (name == SO_PEERCRED && len >= sizeof(ucred)) {
    ucred c{};
    if (!read_object(ctx.mem, addr, c)) return false;
    out.items.push_back(Arg::integer(c.pid).named("pid"));
    out.items.push_back(Arg::integer(c.uid).named("uid"));
    out.items.push_back(Arg::integer(c.gid).named("gid"));
    return true;
  }
  return false;
}

// An option value of `len` bytes at addr: "[n]" for an int, a struct strace decodes, else its
// bytes.
Arg option_value(const DecodeContext& ctx, uint64_t addr, uint64_t len) {
  if (addr == 0) return Arg::null();
  if (Arg s; option_struct(ctx, addr, len, s)) return s;
  if (len != sizeof(int32_t)) return buffer_arg(ctx.mem, addr, len, ctx.opts.string_limit);
  int32_t v = 0;
  if (!read_object(ctx.mem, addr, v)) return Arg::hex(addr);
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(Arg::integer(v));
  return a;
}

// getsockopt's optval: what the call wrote, its length in the socklen_t at arg `related`.
Arg option_value_out(const DecodeContext& ctx, uint64_t addr, const ParamSpec& spec) {
  uint32_t len = 0;
  const uint64_t len_addr = ctx.related(spec);
  if (!ctx.succeeded() || len_addr == 0 || !read_object(ctx.mem, len_addr, len)) return pointer_arg(addr);
  return option_value(ctx, addr, len);
}

}  // namespace

Arg sockopt_name_arg(int32_t level, int32_t name) {
  const FlagTable* table = option_table(level);
  const FlagName* f = table != nullptr ? find_constant(*table, static_cast<uint32_t>(name)) : nullptr;
  if (f != nullptr) return Arg::symbol(std::string(f->name), f->value);
  // strace names the unknown kind of SOL_SOCKET's options only.
  return level == SOL_SOCKET ? unknown_constant(static_cast<uint32_t>(name), "SO_???") : Arg::integer(name);
}

Arg decode_sockopt_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const auto related_int = [&] { return ctx.as_int(static_cast<size_t>(spec.related)); };
  switch (spec.type) {
    case ArgType::SockProtocol: return int_constant(protocol_table(related_int()), ctx.as_int(index));
    case ArgType::SockOptName: return sockopt_name_arg(related_int(), ctx.as_int(index));
    case ArgType::SockOptIn: return option_value(ctx, ctx.reg(index), static_cast<uint32_t>(ctx.related(spec)));
    case ArgType::SockOptOut: return option_value_out(ctx, ctx.reg(index), spec);
    default: return Arg::hex(ctx.reg(index));
  }
}

}  // namespace capsule
