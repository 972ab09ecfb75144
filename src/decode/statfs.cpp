// struct statfs as strace -v writes it for statfs and fstatfs: the filesystem's magic by name,
// the counts, f_fsid's two words in hex, the ST_* mount flags. Read in the x86_64 layout (glibc's
// struct statfs is the kernel's there); i386's and failed calls' stay pointers.
#include <sys/statfs.h>

#include <cstring>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// f_fsid's words as strace prints them ("%#x": 0 as a bare 0, which strace's text and so the
// parser read as a number).
Arg fsid_word(int32_t w) {
  return w == 0 ? Arg::integer(0) : Arg::hex(static_cast<uint32_t>(w));
}

Arg statfs_arg(const DecodeContext& ctx, uint64_t addr) {
  struct statfs st {};
  if (!read_object(ctx.mem, addr, st)) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  const auto u = [&](uint64_t v, const char* name) { s.items.push_back(Arg::uinteger(v).named(name)); };
  const auto type = static_cast<uint64_t>(st.f_type);
  const FlagName* magic = find_constant(tables::kFsMagics, type);
  s.items.push_back((magic != nullptr ? Arg::symbol(std::string(magic->name), type) : Arg::hex(type)).named("f_type"));
  u(static_cast<uint64_t>(st.f_bsize), "f_bsize");
  u(st.f_blocks, "f_blocks");
  u(st.f_bfree, "f_bfree");
  u(st.f_bavail, "f_bavail");
  u(st.f_files, "f_files");
  u(st.f_ffree, "f_ffree");
  int32_t fsid[2];
  static_assert(sizeof fsid == sizeof st.f_fsid);
  std::memcpy(fsid, &st.f_fsid, sizeof fsid);
  Arg val;
  val.kind = ArgKind::Array;
  val.items.push_back(fsid_word(fsid[0]));
  val.items.push_back(fsid_word(fsid[1]));
  Arg id;
  id.kind = ArgKind::Struct;
  id.items.push_back(std::move(val).named("val"));
  s.items.push_back(std::move(id).named("f_fsid"));
  u(static_cast<uint64_t>(st.f_namelen), "f_namelen");
  u(static_cast<uint64_t>(st.f_frsize), "f_frsize");
  const auto flags = static_cast<uint64_t>(st.f_flags);
  s.items.push_back(flags_field_arg(tables::kStatfsFlags, flags).named("f_flags"));
  return s;
}

}  // namespace

Arg decode_statfs_arg(const DecodeContext& ctx, size_t index, const ParamSpec&) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (!ctx.succeeded() || ctx.is_i386()) return pointer_arg(addr);
  return statfs_arg(ctx, addr);
}

}  // namespace capsule
