// Network-family arguments: socket addresses (as strace names their fields), socklen pointers
// and socket types.
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "decode/arg_types.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

constexpr uint64_t kSockTypeMask = 0x0F;  // SOCK_TYPE_MASK: the type proper; above it, flags

Arg family_arg(sa_family_t family) {
  if (const FlagName* f = find_constant(tables::kAddressFamilies, family)) {
    return Arg::symbol(std::string(f->name), f->value).named("sa_family");
  }
  return Arg::integer(family).named("sa_family");
}

Arg inet_addr_arg(int af, const void* addr, const char* field) {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(af, addr, text, sizeof text);
  return Arg::str(text).named(field);
}

// Decodes the first len bytes of a sockaddr already copied out of the tracee.
Arg sockaddr_struct(const sockaddr_storage& ss, size_t len) {
  Arg s;
  s.kind = ArgKind::Struct;
  if (len < sizeof(sa_family_t)) {
    s.items.push_back(Arg::str({}).named("sa_data"));
    return s;
  }
  s.items.push_back(family_arg(ss.ss_family));
  switch (ss.ss_family) {
    case AF_INET:
      if (len >= sizeof(sockaddr_in)) {
        sockaddr_in in;
        std::memcpy(&in, &ss, sizeof in);
        s.items.push_back(Arg::integer(ntohs(in.sin_port)).named("sin_port"));
        s.items.push_back(inet_addr_arg(AF_INET, &in.sin_addr, "sin_addr"));
        return s;
      }
      break;
    case AF_INET6:
      if (len >= sizeof(sockaddr_in6)) {
        sockaddr_in6 in6;
        std::memcpy(&in6, &ss, sizeof in6);
        s.items.push_back(Arg::integer(ntohs(in6.sin6_port)).named("sin6_port"));
        s.items.push_back(Arg::uinteger(ntohl(in6.sin6_flowinfo)).named("sin6_flowinfo"));
        s.items.push_back(inet_addr_arg(AF_INET6, &in6.sin6_addr, "sin6_addr"));
        s.items.push_back(Arg::uinteger(in6.sin6_scope_id).named("sin6_scope_id"));
        return s;
      }
      break;
    case AF_UNIX: {
      // The path is whatever follows the family, up to len; a filesystem path ends at its NUL,
      // an abstract one (leading NUL) uses every byte. An unnamed socket has no path at all.
      constexpr size_t kPathOffset = offsetof(sockaddr_un, sun_path);
      if (len <= kPathOffset) return s;
      const char* path = reinterpret_cast<const char*>(&ss) + kPathOffset;
      size_t n = std::min(len, sizeof(sockaddr_un)) - kPathOffset;
      if (path[0] != '\0') n = strnlen(path, n);
      s.items.push_back(Arg::str(std::string(path, n)).named("sun_path"));
      return s;
    }
    case AF_NETLINK:
      if (len >= sizeof(sockaddr_nl)) {
        sockaddr_nl nl;
        std::memcpy(&nl, &ss, sizeof nl);
        s.items.push_back(Arg::integer(nl.nl_pid).named("nl_pid"));
        s.items.push_back(Arg::hex(nl.nl_groups).named("nl_groups"));
        return s;
      }
      break;
    default:
      break;
  }
  // Unknown family or a short address: the raw bytes after the family.
  const char* data = reinterpret_cast<const char*>(&ss) + sizeof(sa_family_t);
  s.items.push_back(Arg::str(std::string(data, len - sizeof(sa_family_t))).named("sa_data"));
  return s;
}

Arg sockaddr_arg(TraceeMemory& mem, uint64_t addr, uint64_t len) {
  if (addr == 0) return Arg::null();
  sockaddr_storage ss{};
  const size_t want = static_cast<size_t>(std::min<uint64_t>(len, sizeof ss));
  const size_t got = want == 0 ? 0 : mem.read(addr, &ss, want);
  if (got != want || want == 0) return Arg::hex(addr);
  return sockaddr_struct(ss, want);
}

// Reads the socklen_t behind a value-result pointer.
bool read_socklen(const DecodeContext& ctx, size_t index, uint32_t& len) {
  const uint64_t addr = ctx.reg(index);
  return addr != 0 && read_object(ctx.mem, addr, len);
}

Arg sockaddr_out_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  uint32_t len = 0;
  if (addr == 0 || !ctx.succeeded() || spec.related < 0 ||
      !read_socklen(ctx, static_cast<size_t>(spec.related), len)) {
    return pointer_arg(addr);
  }
  return sockaddr_arg(ctx.mem, addr, len);
}

Arg socklen_ptr_arg(const DecodeContext& ctx, size_t index) {
  uint32_t len = 0;
  if (!read_socklen(ctx, index, len)) return pointer_arg(ctx.reg(index));
  Arg a;
  a.kind = ArgKind::Array;  // a pointer to one socklen_t, shown as strace does: [16]
  a.items.push_back(Arg::integer(len));
  return a;
}

// struct msghdr at addr, read word by word so that one layout serves both ABIs: x86_64 has 8-byte
// pointers and size_t (and padding after msg_namelen), i386 4-byte everything. `filled`: the call
// wrote ctx.rval bytes into the iovecs and the control messages (recvmsg). strace leaves
// msg_control out when msg_controllen is 0.
Arg msghdr_at(const DecodeContext& ctx, uint64_t addr, bool filled) {
  const size_t w = ctx.word_size();
  uint64_t name = 0, namelen = 0, iov = 0, iovlen = 0, control = 0, controllen = 0, flags = 0;
  if (!read_word(ctx.mem, addr, w, name) || !read_word(ctx.mem, addr + w, 4, namelen) ||
      !read_word(ctx.mem, addr + 2 * w, w, iov) || !read_word(ctx.mem, addr + 3 * w, w, iovlen) ||
      !read_word(ctx.mem, addr + 4 * w, w, control) ||
      !read_word(ctx.mem, addr + 5 * w, w, controllen) ||
      !read_word(ctx.mem, addr + 6 * w, 4, flags)) {
    return Arg::hex(addr);
  }
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.reserve(7);
  s.items.push_back(sockaddr_arg(ctx.mem, name, namelen).named("msg_name"));
  s.items.push_back(Arg::integer(static_cast<int64_t>(namelen)).named("msg_namelen"));
  s.items.push_back(iovec_array_arg(ctx, iov, iovlen, filled).named("msg_iov"));
  s.items.push_back(unsigned_number_arg(iovlen).named("msg_iovlen"));
  if (controllen != 0) s.items.push_back(cmsgs_arg(ctx, control, controllen).named("msg_control"));
  s.items.push_back(unsigned_number_arg(controllen).named("msg_controllen"));
  s.items.push_back(Arg::symbol(flags_string(tables::kMsgFlags, flags), flags).named("msg_flags"));
  return s;
}

Arg msghdr_arg(const DecodeContext& ctx, size_t index, bool filled) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (filled && !ctx.succeeded()) return Arg::hex(addr);
  return msghdr_at(ctx, addr, filled);
}

// sendmmsg's and recvmmsg's struct mmsghdr[vlen]: {msg_hdr={…}, msg_len=5}. After a successful
// call, the messages it handled (as many as it returns) with the bytes each moved; a failed
// sendmmsg shows what it was given without msg_len, a failed recvmmsg its pointer.
Arg mmsghdrs_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec, bool filled) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (filled && !ctx.succeeded()) return Arg::hex(addr);
  const uint64_t vlen = static_cast<uint32_t>(ctx.related(spec));
  const uint64_t count = ctx.succeeded() ? std::min<uint64_t>(vlen, static_cast<uint64_t>(ctx.rval)) : vlen;
  const uint64_t hdr_size = ctx.is_i386() ? 28 : 56;
  const uint64_t entry_size = ctx.is_i386() ? 32 : 64;  // the msghdr, msg_len, padding
  const auto shown = std::min<uint64_t>(count, ctx.opts.array_limit);
  Arg list;
  list.kind = ArgKind::Array;
  list.truncated = shown < count;
  for (uint64_t i = 0; i < shown; ++i) {
    const uint64_t at = addr + i * entry_size;
    uint64_t len = 0;
    if (!read_word(ctx.mem, at + hdr_size, 4, len)) return i == 0 ? Arg::hex(addr) : list;
    // Each message's own byte count places its data in its iovecs.
    const DecodeContext one{ctx.call, ctx.mem, ctx.opts, ctx.at_exit, static_cast<int64_t>(len), ctx.is_error};
    Arg hdr = msghdr_at(one, at, filled);
    if (hdr.kind != ArgKind::Struct) return i == 0 ? Arg::hex(addr) : list;
    Arg entry;
    entry.kind = ArgKind::Struct;
    entry.items.push_back(std::move(hdr).named("msg_hdr"));
    if (ctx.succeeded()) entry.items.push_back(unsigned_number_arg(len).named("msg_len"));
    list.items.push_back(std::move(entry));
  }
  return list;
}

}  // namespace

Arg socket_type_arg(uint64_t type) {
  std::string text;
  uint64_t rest = type & ~kSockTypeMask;
  if (const FlagName* t = find_constant(tables::kSocketTypes, type & kSockTypeMask)) {
    text.append(t->name);
  } else {
    // strace: the bits no flag names, in hex with "/* SOCK_??? */", then the flags.
    uint64_t flags = 0;
    for (const FlagName& f : tables::kSocketFlags) flags |= type & f.value;
    text = unknown_constant(type & ~flags, "SOCK_???").text;
    rest = flags;
  }
  if (rest != 0 || text.empty()) {
    if (!text.empty()) text.push_back('|');
    append_flags(text, tables::kSocketFlags, rest);
  }
  return Arg::symbol(std::move(text), type);
}

Arg decode_net_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  switch (spec.type) {
    case ArgType::SockAddrIn:  // socklen_t is 32 bits
      return sockaddr_arg(ctx.mem, ctx.reg(index), static_cast<uint32_t>(ctx.related(spec)));
    case ArgType::SockAddrOut: return sockaddr_out_arg(ctx, index, spec);
    case ArgType::SockLenPtr: return socklen_ptr_arg(ctx, index);
    case ArgType::SockType: return socket_type_arg(ctx.reg(index));
    case ArgType::MsgHdrIn: return msghdr_arg(ctx, index, false);
    case ArgType::MsgHdrOut: return msghdr_arg(ctx, index, true);
    case ArgType::MmsgHdrIn: return mmsghdrs_arg(ctx, index, spec, false);
    case ArgType::MmsgHdrOut: return mmsghdrs_arg(ctx, index, spec, true);
    default: return Arg::hex(ctx.reg(index));
  }
}

}  // namespace capsule
