// The directory entries getdents64 and getdents fill, as strace -v shows them: an array of
// {d_ino, d_off, d_reclen, d_type, d_name} (getdents: d_name before d_type, which the old
// layout keeps in the record's last byte). Every record in the returned length is shown, as
// strace does (it does not abbreviate directory listings).
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// The longest name strace reads from a record (its D_NAME_LEN_MAX).
constexpr size_t kNameMax = 256;
// A failed read of a whole listing costs one bounded buffer, never more than the kernel can
// fill in one call.
constexpr uint64_t kListingMax = uint64_t{1} << 20;

// linux_dirent64 (linux/dirent.h): the same on every architecture; the name starts at 19.
constexpr size_t kHeader64 = 19;
// linux_dirent (fs/readdir.c): unsigned longs, then the 16-bit length; the name follows it and
// the type is the record's last byte.
size_t old_header(const DecodeContext& ctx) { return 2 * ctx.word_size() + 2; }

uint64_t load(const std::string& buf, size_t at, size_t size) {
  uint64_t v = 0;
  std::memcpy(&v, buf.data() + at, size);  // little-endian, as both architectures are
  return v;
}

Arg type_arg(uint8_t type) {
  const FlagName* f = find_constant(tables::kDirentTypes, type);
  if (f != nullptr) return Arg::symbol(std::string(f->name), type);
  return Arg::hex(type);
}

// The name inside a record: up to its NUL, at most kNameMax bytes.
Arg name_arg(const std::string& buf, size_t at, size_t len) {
  const size_t n = std::min(len, kNameMax);
  const char* p = buf.data() + at;
  const void* nul = std::memchr(p, '\0', n);
  return Arg::str(std::string(p, nul != nullptr ? static_cast<size_t>(static_cast<const char*>(nul) - p) : n));
}

Arg dirents(const DecodeContext& ctx, uint64_t addr, uint64_t count, bool is64) {
  const uint64_t len = static_cast<uint64_t>(ctx.rval);
  if (!ctx.succeeded() || len > count || len > kListingMax) return pointer_arg(addr);
  std::string buf(len, '\0');
  if (ctx.mem.read(addr, buf.data(), len) != len) return pointer_arg(addr);
  const size_t word = is64 ? 8 : ctx.word_size();
  const size_t header = is64 ? kHeader64 : old_header(ctx);
  Arg list;
  list.kind = ArgKind::Array;
  for (size_t at = 0; at + header <= len;) {
    const size_t reclen = load(buf, at + 2 * word, 2);
    if (reclen < header || at + reclen > len) break;  // a malformed listing: what was sound
    Arg d;
    d.kind = ArgKind::Struct;
    d.items.push_back(Arg::uinteger(load(buf, at, word)).named("d_ino"));
    d.items.push_back(Arg::uinteger(load(buf, at + word, word)).named("d_off"));
    d.items.push_back(Arg::uinteger(reclen).named("d_reclen"));
    if (is64) {
      d.items.push_back(type_arg(static_cast<uint8_t>(buf[at + 2 * word + 2])).named("d_type"));
      if (reclen > header) d.items.push_back(name_arg(buf, at + header, reclen - header).named("d_name"));
    } else if (reclen > header) {
      if (reclen > header + 1) d.items.push_back(name_arg(buf, at + header, reclen - header - 1).named("d_name"));
      d.items.push_back(type_arg(static_cast<uint8_t>(buf[at + reclen - 1])).named("d_type"));
    }
    list.items.push_back(std::move(d));
    at += reclen;
  }
  return list;
}

}  // namespace

Arg decode_dirent_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  return dirents(ctx, ctx.reg(index), ctx.related(spec), spec.type == ArgType::Dirent64Out);
}

}  // namespace capsule
