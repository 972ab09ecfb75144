// File-family arguments whose shape needs more than a table: dirfds, open flags and mode,
// openat2's open_how, fcntl's command-dependent third argument (struct flock, seals), and the
// file offsets splice, copy_file_range and sendfile read and move.
#include <fcntl.h>

#include "decode/arg_types.h"
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"

namespace capsule {

Arg open_flags_arg(uint64_t flags) {
  // strace always names the access mode first, O_RDONLY included, then the other bits.
  std::string text;
  uint64_t rest = flags & ~static_cast<uint64_t>(O_ACCMODE);
  if (const FlagName* access = find_constant(tables::kOpenAccess, flags & O_ACCMODE)) {
    text.append(access->name);
  } else {
    rest = flags;  // O_ACCMODE itself (3) is not a valid mode: leave those bits to the hex tail
  }
  if (rest != 0 || text.empty()) {
    if (!text.empty()) text.push_back('|');
    append_flags(text, tables::kOpenFlags, rest);
  }
  return Arg::symbol(std::move(text), flags);
}

namespace {

// Commands that take no third argument.
bool fcntl_cmd_has_arg(int cmd) {
  switch (cmd) {
    case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
    case F_GETPIPE_SZ: case F_GET_SEALS:
      return false;
    default:
      return true;
  }
}

// The kernel reads open's mode only when the call may create a file.
bool open_flags_create(uint64_t flags) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
}

// struct open_how (linux/openat2.h): three u64s; the kernel refuses a size below them
// (OPEN_HOW_SIZE_VER0), and strace then shows the pointer. mode only where open would read it.
Arg open_how_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  struct {
    uint64_t flags, mode, resolve;
  } how{};
  if (ctx.related(spec) < sizeof how || ctx.mem.read(addr, &how, sizeof how) != sizeof how) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(open_flags_arg(how.flags).named("flags"));
  if (open_flags_create(how.flags)) s.items.push_back(Arg::octal(how.mode).named("mode"));
  s.items.push_back(Arg::symbol(flags_string(tables::kResolveFlags, how.resolve), how.resolve).named("resolve"));
  return s;
}

// struct flock (x86_64 layout: two shorts, padding, two off_t, a pid_t). strace shows l_pid only
// for the commands that fill it (F_GETLK, F_OFD_GETLK), after the call; i386's stays a pointer.
Arg flock_arg(const DecodeContext& ctx, uint64_t addr, bool filled) {
  if (addr == 0) return Arg::null();
  struct {
    int16_t l_type, l_whence;
    int64_t l_start, l_len;
    int32_t l_pid;
  } lock{};
  if (ctx.is_i386() || (filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, lock)) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  const auto type = static_cast<uint16_t>(lock.l_type);
  const FlagName* t = find_constant(tables::kFlockTypes, type);
  s.items.push_back((t != nullptr ? Arg::symbol(std::string(t->name), type) : Arg::hex(type)).named("l_type"));
  const auto whence = static_cast<uint16_t>(lock.l_whence);
  const FlagName* w = find_constant(tables::kWhence, whence);
  s.items.push_back((w != nullptr ? Arg::symbol(std::string(w->name), whence) : Arg::hex(whence)).named("l_whence"));
  s.items.push_back(Arg::integer(lock.l_start).named("l_start"));
  s.items.push_back(Arg::integer(lock.l_len).named("l_len"));
  if (filled) s.items.push_back(Arg::integer(lock.l_pid).named("l_pid"));
  return s;
}

// struct f_owner_ex (F_SETOWN_EX reads it, F_GETOWN_EX fills it): {type=F_OWNER_PID, pid=N}.
Arg owner_ex_arg(const DecodeContext& ctx, uint64_t addr, bool filled) {
  if (addr == 0) return Arg::null();
  struct f_owner_ex owner{};
  if ((filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, owner)) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  const auto type = static_cast<uint32_t>(owner.type);
  const FlagName* t = find_constant(tables::kFOwnerTypes, type);
  s.items.push_back((t != nullptr ? Arg::symbol(std::string(t->name), type) : Arg::hex(type)).named("type"));
  s.items.push_back(Arg::integer(owner.pid).named("pid"));
  return s;
}

Arg fcntl_arg(const DecodeContext& ctx, size_t index) {
  switch (ctx.as_int(1)) {
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETOWN: case F_SETLEASE: case F_SETPIPE_SZ:
      return Arg::integer(ctx.as_int(index));
    case F_SETFD:
      return Arg::symbol(flags_string(tables::kFdFlags, ctx.reg(index)), ctx.reg(index));
    case F_SETFL:
      return open_flags_arg(ctx.reg(index));
    case F_SETSIG:
      return signal_arg(ctx.as_int(index));
    case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
      return flock_arg(ctx, ctx.reg(index), false);
    case F_GETLK: case F_OFD_GETLK:
      return flock_arg(ctx, ctx.reg(index), true);
    case F_ADD_SEALS:
      return Arg::symbol(flags_string(tables::kFileSeals, ctx.reg(index)), ctx.reg(index));
    case F_SETOWN_EX:
      return owner_ex_arg(ctx, ctx.reg(index), false);
    case F_GETOWN_EX:
      return owner_ex_arg(ctx, ctx.reg(index), true);
    default:
      return Arg::hex(ctx.reg(index));
  }
}

}  // namespace

bool file_arg_present(const DecodeContext& ctx, const ParamSpec& spec) {
  switch (spec.type) {
    case ArgType::OpenMode:
      return open_flags_create(ctx.related(spec));
    case ArgType::FcntlArg:
      return fcntl_cmd_has_arg(ctx.as_int(1));
    case ArgType::MknodDev: {  // a device's number; strace leaves it out for the other types
      const auto type = static_cast<uint32_t>(ctx.related(spec)) & S_IFMT;
      return type == S_IFCHR || type == S_IFBLK;
    }
    default:
      return true;
  }
}

// FAN_CLASS_NOTIF|FAN_CLOEXEC: the class first, named even when 0, as strace writes it.
Arg fan_init_flags_arg(uint32_t v) {
  constexpr uint64_t kFanClassBits = 0x0c;
  std::string text;
  if (const FlagName* cls = find_constant(tables::kFanClasses, v & kFanClassBits)) {
    text.assign(cls->name);
  } else {
    text = unknown_constant(v & kFanClassBits, "FAN_CLASS_???").text;
  }
  if (const uint64_t rest = v & ~kFanClassBits; rest != 0) {
    text.push_back('|');
    append_flags(text, tables::kFanInitFlags, rest);
  }
  return Arg::symbol(std::move(text), v);
}

Arg decode_file_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  switch (spec.type) {
    case ArgType::MknodDev:
      return Arg::raw(device_number_text(static_cast<uint32_t>(ctx.reg(index))));
    case ArgType::DirFd: {
      const int32_t fd = ctx.as_int(index);
      return fd == AT_FDCWD ? Arg::symbol("AT_FDCWD", static_cast<uint64_t>(int64_t{AT_FDCWD})) : Arg::fd(fd);
    }
    case ArgType::OpenFlags:
      return open_flags_arg(ctx.reg(index));
    case ArgType::OpenMode:
      return Arg::octal(ctx.reg(index) & 0xffff);  // umode_t, as for ArgType::Mode
    case ArgType::FcntlArg:
      return fcntl_arg(ctx, index);
    case ArgType::OpenHow:
      return open_how_arg(ctx, index, spec);
    case ArgType::OffsetIn:
    case ArgType::OffsetOut: {
      const uint64_t addr = ctx.reg(index);
      int64_t off = 0;  // a loff_t (i386's sendfile takes a 32-bit off_t: left a pointer)
      const bool word32 = ctx.is_i386() && spec.type == ArgType::OffsetOut;
      if (addr == 0 || word32 || !read_object(ctx.mem, addr, off)) return pointer_arg(addr);
      Arg a;
      a.kind = ArgKind::Array;
      a.items.push_back(Arg::integer(off));
      return a;
    }
    case ArgType::FanInitFlags: return fan_init_flags_arg(static_cast<uint32_t>(ctx.reg(index)));
    case ArgType::StatxFlags: {
      // AT_STATX_SYNC_AS_STAT|AT_SYMLINK_NOFOLLOW: the sync type first, named even when 0.
      constexpr uint64_t kSyncType = 0x6000;  // AT_STATX_SYNC_TYPE
      const uint64_t v = ctx.reg(index);
      std::string text = flags_string(tables::kStatxSync, v & kSyncType, "AT_STATX_SYNC_AS_STAT");
      if (const uint64_t rest = v & ~kSyncType; rest != 0) {
        text.push_back('|');
        append_flags(text, tables::kAtFlags, rest);
      }
      return Arg::symbol(std::move(text), v);
    }
    default:
      return Arg::hex(ctx.reg(index));
  }
}

}  // namespace capsule
