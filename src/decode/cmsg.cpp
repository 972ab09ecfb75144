// A msghdr's control messages as strace writes them: msg_control=[{cmsg_len=20,
// cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5]}]. The fds of SCM_RIGHTS are Fd
// arguments (annotated, and, received, entered in the fd table: received_fds below);
// SCM_CREDENTIALS' struct ucred is {pid=…, uid=…, gid=…}; a type strace has no decoder for shows
// no cmsg_data. The headers are walked as the kernel's CMSG_NXTHDR does: each message aligned to
// the word size, none past msg_controllen.
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/received_fds.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// No more of a control buffer is read (glibc's and the kernel's own limit is far above what
// programs pass: a handful of fds and credentials).
constexpr uint64_t kMaxControlBytes = 4096;

uint64_t cmsg_align(uint64_t len, uint64_t word) { return (len + word - 1) / word * word; }

Arg scm_type_arg(int level, uint32_t type) {
  FlagTable table{};
  if (level == SOL_SOCKET) table = tables::kScmTypes;
  if (level == IPPROTO_IP) table = tables::kIpOptions;
  if (level == IPPROTO_IPV6) table = tables::kIpv6Options;
  if (const FlagName* f = find_constant(table, type)) return Arg::symbol(std::string(f->name), type);
  return Arg::hex(type);
}

// cmsg_data of the types strace decodes; false for the others (no cmsg_data).
bool cmsg_data_arg(int level, uint32_t type, const std::string& data, Arg& out) {
  if (level != SOL_SOCKET) return false;
  if (type == SCM_RIGHTS) {
    out.kind = ArgKind::Array;
    for (size_t off = 0; off + sizeof(int32_t) <= data.size(); off += sizeof(int32_t)) {
      int32_t fd = 0;
      std::memcpy(&fd, data.data() + off, sizeof fd);
      out.items.push_back(Arg::fd(fd));
    }
    return true;
  }
  if (type == SCM_CREDENTIALS && data.size() >= sizeof(ucred)) {
    ucred cred{};
    std::memcpy(&cred, data.data(), sizeof cred);
    out.kind = ArgKind::Struct;
    out.items.push_back(Arg::integer(cred.pid).named("pid"));
    out.items.push_back(Arg::integer(cred.uid).named("uid"));
    out.items.push_back(Arg::integer(cred.gid).named("gid"));
    return true;
  }
  return false;
}

}  // namespace

Arg cmsgs_arg(const DecodeContext& ctx, uint64_t addr, uint64_t len) {
  if (addr == 0) return Arg::null();
  std::string control(std::min(len, kMaxControlBytes), '\0');
  if (ctx.mem.read(addr, control.data(), control.size()) != control.size()) return Arg::hex(addr);
  const uint64_t word = ctx.word_size();
  const uint64_t header = cmsg_align(word + 2 * sizeof(int32_t), word);  // cmsg_len, level, type
  Arg list;
  list.kind = ArgKind::Array;
  uint64_t off = 0;
  while (off + header <= control.size()) {
    uint64_t cmsg_len = 0;
    std::memcpy(&cmsg_len, control.data() + off, word);
    int32_t level = 0;
    uint32_t type = 0;
    std::memcpy(&level, control.data() + off + word, sizeof level);
    std::memcpy(&type, control.data() + off + word + sizeof level, sizeof type);
    Arg m;
    m.kind = ArgKind::Struct;
    m.items.push_back(unsigned_number_arg(cmsg_len).named("cmsg_len"));
    const FlagName* l = find_constant(tables::kSocketLevels, static_cast<uint32_t>(level));
    m.items.push_back((l != nullptr ? Arg::symbol(std::string(l->name), static_cast<uint32_t>(level))
                                    : Arg::integer(level)).named("cmsg_level"));
    m.items.push_back(scm_type_arg(level, type).named("cmsg_type"));
    if (cmsg_len >= header) {
      const uint64_t end = std::min<uint64_t>(off + cmsg_len, control.size());
      const std::string data = control.substr(static_cast<size_t>(off + header), static_cast<size_t>(end - off - header));
      Arg d;
      if (cmsg_data_arg(level, type, data, d)) m.items.push_back(std::move(d).named("cmsg_data"));
    }
    list.items.push_back(std::move(m));
    if (cmsg_len < header || list.items.size() >= ctx.opts.array_limit) break;
    off += cmsg_align(cmsg_len, word);
  }
  return list;
}

std::vector<int64_t> received_fds(const SyscallEvent& ev) {
  std::vector<int64_t> fds;
  const auto from_msghdr = [&fds](const Arg& msg) {
    for (const Arg& field : msg.items) {
      if (field.name != "msg_control" || field.kind != ArgKind::Array) continue;
      for (const Arg& m : field.items) {
        if (m.items.size() < 4 || m.items[1].num != SOL_SOCKET || m.items[2].num != SCM_RIGHTS) continue;
        for (const Arg& fd : m.items[3].items) {
          if (fd.kind == ArgKind::Fd && fd.num >= 0) fds.push_back(fd.num);
        }
      }
    }
  };
  const SyscallSignature* sig = ev.nr >= 0 ? find_signature(ev.arch, ev.nr) : find_signature(ev.name);
  if (sig == nullptr || sig->facts.effect != Effect::ReceiveFds || ev.err != 0 || !ev.has_ret || ev.ret < 0) return fds;
  for (const Arg& a : ev.args) {
    if (a.name == "msg" && a.kind == ArgKind::Struct) from_msghdr(a);
    if (a.name == "msgvec" && a.kind == ArgKind::Array) {
      for (const Arg& entry : a.items) {
        if (!entry.items.empty() && entry.items[0].name == "msg_hdr") from_msghdr(entry.items[0]);
      }
    }
  }
  return fds;
}

}  // namespace capsule
