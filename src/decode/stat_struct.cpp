// struct stat, as the x86_64 kernel writes it for stat/fstat/lstat/newfstatat, shown as strace -v
// shows it but without its comments after the times (what capsule import reads from strace -v).
// i386's layouts (struct stat, struct stat64) stay pointers.
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <utility>

#include "decode/decode_context.h"
#include "decode/flags.h"

namespace capsule {
namespace {

// arch/x86/include/uapi/asm/stat.h, x86_64: 144 bytes. Declared here so that libc's own struct
// stat (which may differ) does not matter.
struct KernelStat {
  uint64_t dev, ino, nlink;
  uint32_t mode, uid, gid, pad0;
  uint64_t rdev;
  int64_t size, blksize, blocks;
  uint64_t atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec;
  int64_t unused[3];
};
static_assert(sizeof(KernelStat) == 144);

// makedev(0xfe, 0): strace's spelling of a device number (major and minor in hex, 0 as 0).
std::string device_text(uint64_t dev) {
  const uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~uint64_t{0xfff});
  const uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~uint64_t{0xff});
  std::string t = "makedev(";
  if (major == 0) t += "0"; else append_hex(t, major);
  t += ", ";
  if (minor == 0) t += "0"; else append_hex(t, minor);
  return t + ")";
}

// S_IFREG|S_ISUID|0755: the file type, the set-id and sticky bits, the permissions in octal.
std::string mode_text(uint32_t mode) {
  static constexpr std::pair<uint32_t, const char*> kTypes[] = {
      {S_IFREG, "S_IFREG"}, {S_IFDIR, "S_IFDIR"}, {S_IFLNK, "S_IFLNK"}, {S_IFCHR, "S_IFCHR"},
      {S_IFBLK, "S_IFBLK"}, {S_IFIFO, "S_IFIFO"}, {S_IFSOCK, "S_IFSOCK"}};
  std::string t;
  for (const auto& [bits, name] : kTypes) {
    if ((mode & S_IFMT) == bits) t = name;
  }
  if (t.empty() && (mode & S_IFMT) != 0) append_hex(t, mode & S_IFMT);
  for (const auto& [bit, name] : {std::pair{S_ISUID, "S_ISUID"}, std::pair{S_ISGID, "S_ISGID"}, std::pair{S_ISVTX, "S_ISVTX"}}) {
    if ((mode & bit) != 0) t += t.empty() ? name : std::string("|") + name;
  }
  char perms[8];
  std::snprintf(perms, sizeof perms, "%#03o", mode & 0777);
  if (!t.empty()) t += '|';
  return t + perms;
}

}  // namespace

Arg stat_struct_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  if (!ctx.succeeded() || ctx.is_i386()) return pointer_arg(addr);
  KernelStat st{};
  if (ctx.mem.read(addr, &st, sizeof st) != sizeof st) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.reserve(15);
  const auto u = [&](uint64_t v, const char* name) { s.items.push_back(Arg::uinteger(v).named(name)); };
  const auto i = [&](int64_t v, const char* name) { s.items.push_back(Arg::integer(v).named(name)); };
  s.items.push_back(Arg::raw(device_text(st.dev)).named("st_dev"));
  u(st.ino, "st_ino");
  s.items.push_back(Arg::symbol(mode_text(st.mode)).named("st_mode"));
  u(st.nlink, "st_nlink");
  u(st.uid, "st_uid");
  u(st.gid, "st_gid");
  i(st.blksize, "st_blksize");
  i(st.blocks, "st_blocks");
  // A device's size is its number: strace shows st_rdev instead.
  if (S_ISCHR(st.mode) || S_ISBLK(st.mode)) {
    s.items.push_back(Arg::raw(device_text(st.rdev)).named("st_rdev"));
  } else {
    i(st.size, "st_size");
  }
  u(st.atime, "st_atime");
  u(st.atime_nsec, "st_atime_nsec");
  u(st.mtime, "st_mtime");
  u(st.mtime_nsec, "st_mtime_nsec");
  u(st.ctime, "st_ctime");
  u(st.ctime_nsec, "st_ctime_nsec");
  return s;
}

}  // namespace capsule
