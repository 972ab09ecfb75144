// Arguments that are data in the tracee's memory: strings, byte buffers, string arrays, small
// int arrays, iovecs, timespecs.
#include <sys/stat.h>

#include <algorithm>

#include "decode/decode_context.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// At most this many iovecs are followed (the kernel's IOV_MAX), whatever array_limit says.
constexpr uint64_t kIovMax = 1024;

// Paths are read whole, as strace prints them: --string-limit is for data buffers. A path cut at
// the limit would hide the file it names (a /./-padded path to /etc/shadow would read as /etc)
// from the fd table and the rules. The kernel refuses paths of PATH_MAX bytes or more.
constexpr size_t kPathMax = 4096;

Arg array_arg() {
  Arg a;
  a.kind = ArgKind::Array;
  return a;
}

// argv / envp: a NULL-terminated array of string pointers, read at entry.
Arg string_array_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  const size_t word = ctx.word_size();
  Arg a = array_arg();
  for (uint64_t p = addr;; p += word) {
    uint64_t str_addr = 0;
    if (!read_word(ctx.mem, p, word, str_addr)) {
      if (a.items.empty()) return Arg::hex(addr);
      a.truncated = true;  // the array runs into unreadable memory: show what we have
      break;
    }
    if (str_addr == 0) break;
    if (a.items.size() >= ctx.opts.array_limit) {
      a.truncated = true;
      break;
    }
    a.items.push_back(cstring_arg(ctx.mem, str_addr, ctx.opts.string_limit));
  }
  return a;
}

// int[2] filled by pipe/pipe2/socketpair.
Arg fd_pair_arg(const DecodeContext& ctx, uint64_t addr) {
  int32_t fds[2] = {0, 0};
  if (addr == 0 || !ctx.succeeded()) return pointer_arg(addr);
  if (!read_object(ctx.mem, addr, fds)) return Arg::hex(addr);
  Arg a = array_arg();
  a.items.push_back(Arg::fd(fds[0]));
  a.items.push_back(Arg::fd(fds[1]));
  return a;
}

Arg gid_list_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count) {
  if (addr == 0) return Arg::null();
  Arg a = array_arg();
  const uint64_t n = std::min<uint64_t>(count, ctx.opts.array_limit);
  for (uint64_t i = 0; i < n; ++i) {
    int32_t gid = 0;
    if (!read_object(ctx.mem, addr + i * sizeof gid, gid)) {
      if (i == 0) return Arg::hex(addr);
      a.truncated = true;
      return a;
    }
    a.items.push_back(Arg::integer(gid));
  }
  a.truncated = count > n;
  return a;
}

}  // namespace

// For reads, only the first rval bytes were filled, spread over the iovecs in order.
Arg iovec_array_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count, bool out) {
  if (addr == 0) return Arg::null();
  if (out && !ctx.succeeded()) return Arg::hex(addr);
  uint64_t remaining = out ? static_cast<uint64_t>(ctx.rval) : UINT64_MAX;
  const size_t word = ctx.word_size();
  const uint64_t n = std::min({count, static_cast<uint64_t>(ctx.opts.array_limit), kIovMax});
  Arg a = array_arg();
  a.items.reserve(static_cast<size_t>(n));
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t base = 0, len = 0;
    if (!read_word(ctx.mem, addr + i * 2 * word, word, base) ||
        !read_word(ctx.mem, addr + i * 2 * word + word, word, len)) {
      if (i == 0) return Arg::hex(addr);
      a.truncated = true;
      return a;
    }
    const uint64_t filled = std::min(len, remaining);
    remaining -= filled;
    Arg iov;
    iov.kind = ArgKind::Struct;
    iov.items.push_back(buffer_arg(ctx.mem, base, filled, ctx.opts.string_limit).named("iov_base"));
    iov.items.push_back(unsigned_number_arg(len).named("iov_len"));
    a.items.push_back(std::move(iov));
  }
  a.truncated = count > n;
  return a;
}

Arg remote_iovec_array_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count) {
  if (addr == 0) return Arg::null();
  const size_t word = ctx.word_size();
  const uint64_t n = std::min({count, static_cast<uint64_t>(ctx.opts.array_limit), kIovMax});
  Arg a = array_arg();
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t base = 0, len = 0;
    if (!read_word(ctx.mem, addr + i * 2 * word, word, base) ||
        !read_word(ctx.mem, addr + i * 2 * word + word, word, len)) {
      return i == 0 ? Arg::hex(addr) : a;
    }
    Arg iov;
    iov.kind = ArgKind::Struct;
    iov.items.push_back(pointer_arg(base).named("iov_base"));
    iov.items.push_back(unsigned_number_arg(len).named("iov_len"));
    a.items.push_back(std::move(iov));
  }
  a.truncated = count > n;
  return a;
}

Arg timespec_arg(const DecodeContext& ctx, uint64_t addr) { return time_pair_arg(ctx, addr, "tv_nsec"); }

Arg time_pair_arg(const DecodeContext& ctx, uint64_t addr, std::string_view fraction) {
  if (addr == 0) return Arg::null();
  int64_t sec = 0, nsec = 0;
  if (ctx.is_i386()) {
    int32_t ts[2];
    if (!read_object(ctx.mem, addr, ts)) return Arg::hex(addr);
    sec = ts[0];
    nsec = ts[1];
  } else {
    int64_t ts[2];
    if (!read_object(ctx.mem, addr, ts)) return Arg::hex(addr);
    sec = ts[0];
    nsec = ts[1];
  }
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(Arg::integer(sec).named("tv_sec"));
  s.items.push_back(Arg::integer(nsec).named(std::string(fraction)));
  return s;
}

// struct itimerval / itimerspec: two time pairs, {it_interval={…}, it_value={…}}.
Arg interval_arg(const DecodeContext& ctx, uint64_t addr, std::string_view fraction) {
  if (addr == 0) return Arg::null();
  Arg interval = time_pair_arg(ctx, addr, fraction);
  Arg value = time_pair_arg(ctx, addr + 2 * ctx.word_size(), fraction);
  if (interval.kind != ArgKind::Struct || value.kind != ArgKind::Struct) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(std::move(interval).named("it_interval"));
  s.items.push_back(std::move(value).named("it_value"));
  return s;
}

// utimensat's times: two struct timespec, each UTIME_NOW or UTIME_OMIT by name when its tv_nsec
// says so (strace then writes the name alone).
Arg utime_times_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  Arg list;
  list.kind = ArgKind::Array;
  for (int i = 0; i < 2; ++i) {
    Arg t = timespec_arg(ctx, addr + static_cast<uint64_t>(i) * 2 * ctx.word_size());
    if (t.kind != ArgKind::Struct) return Arg::hex(addr);
    const int64_t nsec = t.items[1].num;
    if (nsec == UTIME_NOW) t = Arg::symbol("UTIME_NOW", UTIME_NOW);
    if (nsec == UTIME_OMIT) t = Arg::symbol("UTIME_OMIT", UTIME_OMIT);
    list.items.push_back(std::move(t));
  }
  return list;
}

Arg decode_data_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  switch (spec.type) {
    case ArgType::Path:
      return cstring_arg(ctx.mem, addr, kPathMax);
    case ArgType::BufIn:
      return buffer_arg(ctx.mem, addr, ctx.related(spec), ctx.opts.string_limit);
    case ArgType::BufOut:
    case ArgType::RandomOut:
    {
      // Only what the call wrote (the return value) is data; on failure, the pointer. The
      // return may count more than the buffer holds (recvfrom with MSG_TRUNC): the buffer's size
      // (`related`) bounds it.
      if (!ctx.succeeded()) return pointer_arg(addr);
      uint64_t written = static_cast<uint64_t>(ctx.rval);
      if (spec.related >= 0) written = std::min(written, ctx.related(spec));
      return buffer_arg(ctx.mem, addr, written, ctx.opts.string_limit);
    }
    case ArgType::PathOut:
      if (!ctx.succeeded()) return pointer_arg(addr);
      return cstring_arg(ctx.mem, addr, kPathMax);
    case ArgType::StrArray:
      return string_array_arg(ctx, addr);
    case ArgType::FdPair:
      return fd_pair_arg(ctx, addr);
    case ArgType::GidList:
      return gid_list_arg(ctx, addr, ctx.related(spec));
    case ArgType::GidListOut:
      // A size of 0 asks for the count only: nothing is written.
      if (!ctx.succeeded() || ctx.related(spec) == 0) return pointer_arg(addr);
      return gid_list_arg(ctx, addr, static_cast<uint64_t>(ctx.rval));
    case ArgType::IovIn:
      return iovec_array_arg(ctx, addr, ctx.related(spec), false);
    case ArgType::IovOut:
      return iovec_array_arg(ctx, addr, ctx.related(spec), true);
    case ArgType::Timespec:
      return timespec_arg(ctx, addr);
    case ArgType::TimespecOut:
      if (!ctx.succeeded()) return pointer_arg(addr);
      return timespec_arg(ctx, addr);
    case ArgType::UtimeTimes:
      return utime_times_arg(ctx, addr);
    case ArgType::TimevalOut:
      if (!ctx.succeeded()) return pointer_arg(addr);
      return time_pair_arg(ctx, addr, "tv_usec");
    case ArgType::TimevalIn:
      return time_pair_arg(ctx, addr, "tv_usec");
    case ArgType::ItimervalIn:
      return interval_arg(ctx, addr, "tv_usec");
    case ArgType::ItimerspecIn:
      return interval_arg(ctx, addr, "tv_nsec");
    case ArgType::ItimervalOut:
      if (!ctx.succeeded()) return pointer_arg(addr);
      return interval_arg(ctx, addr, "tv_usec");
    case ArgType::ItimerspecOut:
      if (!ctx.succeeded()) return pointer_arg(addr);
      return interval_arg(ctx, addr, "tv_nsec");
    case ArgType::StatOut:
      return stat_struct_arg(ctx, addr);
    case ArgType::StatxOut:
      return statx_struct_arg(ctx, addr);
    default:
      return Arg::hex(addr);
  }
}

}  // namespace capsule
