// File-family arguments whose shape needs more than a table: dirfds, open flags and mode,
// openat2's open_how, and fcntl's command-dependent third argument.
#include <fcntl.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"

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
    case F_GETLK: case F_SETLK: case F_SETLKW: case F_OFD_GETLK: case F_OFD_SETLK:
    case F_OFD_SETLKW: case F_GETOWN_EX: case F_SETOWN_EX:
      return pointer_arg(ctx.reg(index));
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
    default:
      return true;
  }
}

Arg decode_file_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  switch (spec.type) {
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
