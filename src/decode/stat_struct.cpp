// struct stat, as the x86_64 kernel writes it for stat/fstat/lstat/newfstatat, and struct statx,
// shown as strace -v shows them (the renderer adds strace's date comments after the times).
// i386's layouts of struct stat (struct stat, struct stat64) stay pointers.
#include <sys/stat.h>

#include <cstdio>
#include <string>
#include <utility>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
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

// struct statx (linux/stat.h): the same on every architecture, 256 bytes.
struct StatxTimestamp {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t reserved;
};
struct KernelStatx {
  uint32_t mask, blksize;
  uint64_t attributes;
  uint32_t nlink, uid, gid;
  uint16_t mode, spare0;
  uint64_t ino, size, blocks, attributes_mask;
  StatxTimestamp atime, btime, ctime, mtime;
  uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
  uint64_t mnt_id;
  uint32_t dio_mem_align, dio_offset_align;
  uint64_t spare3[12];
};
static_assert(sizeof(KernelStatx) == 256);
// Newer than glibc 2.36's <sys/stat.h>.
constexpr uint32_t kStatxMntId = 0x1000;     // STATX_MNT_ID
constexpr uint32_t kStatxDioAlign = 0x2000;  // STATX_DIOALIGN

Arg timestamp_arg(const StatxTimestamp& t, const char* name) {
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(Arg::integer(t.tv_sec).named("tv_sec"));
  s.items.push_back(Arg::uinteger(t.tv_nsec).named("tv_nsec"));
  return std::move(s).named(name);
}

}  // namespace

// makedev(0xfe, 0): strace's spelling of a device number (major and minor in hex, 0 as 0).
std::string device_number_text(uint64_t dev) {
  const uint64_t major = ((dev >> 8) & 0xfff) | ((dev >> 32) & ~uint64_t{0xfff});
  const uint64_t minor = (dev & 0xff) | ((dev >> 12) & ~uint64_t{0xff});
  std::string t = "makedev(";
  if (major == 0) t += "0"; else append_hex(t, major);
  t += ", ";
  if (minor == 0) t += "0"; else append_hex(t, minor);
  return t + ")";
}

// S_IFREG|S_ISUID|0755: the file type, the set-id and sticky bits, the permissions in octal.
std::string file_mode_text(uint32_t mode) {
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

Arg statx_struct_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  if (!ctx.succeeded()) return pointer_arg(addr);
  KernelStatx st{};
  if (ctx.mem.read(addr, &st, sizeof st) != sizeof st) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.reserve(20);
  const auto u = [&](uint64_t v, const char* name) { s.items.push_back(Arg::uinteger(v).named(name)); };
  const auto flags = [&](FlagTable table, uint64_t v, const char* name) {
    s.items.push_back(Arg::symbol(flags_string(table, v), v).named(name));
  };
  // Like strace, a field the kernel did not fill (its bit absent from stx_mask) is left out.
  const auto has = [&](uint32_t bits) { return (st.mask & bits) != 0; };
  flags(tables::kStatxMask, st.mask, "stx_mask");
  u(st.blksize, "stx_blksize");
  flags(tables::kStatxAttrs, st.attributes, "stx_attributes");
  if (has(STATX_NLINK)) u(st.nlink, "stx_nlink");
  if (has(STATX_UID)) u(st.uid, "stx_uid");
  if (has(STATX_GID)) u(st.gid, "stx_gid");
  if (has(STATX_TYPE | STATX_MODE)) s.items.push_back(Arg::symbol(file_mode_text(st.mode), st.mode).named("stx_mode"));
  if (has(STATX_INO)) u(st.ino, "stx_ino");
  if (has(STATX_SIZE)) u(st.size, "stx_size");
  if (has(STATX_BLOCKS)) u(st.blocks, "stx_blocks");
  flags(tables::kStatxAttrs, st.attributes_mask, "stx_attributes_mask");
  if (has(STATX_ATIME)) s.items.push_back(timestamp_arg(st.atime, "stx_atime"));
  if (has(STATX_BTIME)) s.items.push_back(timestamp_arg(st.btime, "stx_btime"));
  if (has(STATX_CTIME)) s.items.push_back(timestamp_arg(st.ctime, "stx_ctime"));
  if (has(STATX_MTIME)) s.items.push_back(timestamp_arg(st.mtime, "stx_mtime"));
  u(st.rdev_major, "stx_rdev_major");
  u(st.rdev_minor, "stx_rdev_minor");
  u(st.dev_major, "stx_dev_major");
  u(st.dev_minor, "stx_dev_minor");
  if (has(kStatxMntId)) s.items.push_back(Arg::hex(st.mnt_id).named("stx_mnt_id"));
  if (has(kStatxDioAlign)) {
    u(st.dio_mem_align, "stx_dio_mem_align");
    u(st.dio_offset_align, "stx_dio_offset_align");
  }
  return s;
}

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
  s.items.push_back(Arg::raw(device_number_text(st.dev)).named("st_dev"));
  u(st.ino, "st_ino");
  s.items.push_back(Arg::symbol(file_mode_text(st.mode), st.mode).named("st_mode"));
  u(st.nlink, "st_nlink");
  u(st.uid, "st_uid");
  u(st.gid, "st_gid");
  i(st.blksize, "st_blksize");
  i(st.blocks, "st_blocks");
  // A device's size is its number: strace shows st_rdev instead.
  if (S_ISCHR(st.mode) || S_ISBLK(st.mode)) {
    s.items.push_back(Arg::raw(device_number_text(st.rdev)).named("st_rdev"));
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
