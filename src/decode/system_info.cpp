// What the system-information calls fill, as strace -v shows it: uname's struct utsname,
// sysinfo's struct sysinfo, getrusage's struct rusage. A failed call keeps its pointer. sysinfo
// and rusage are read in the x86_64 layout (glibc's structs are the kernel's there); i386's
// layouts stay pointers.
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>

#include <cstring>
#include <string>

#include "decode/decode_context.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

Arg new_struct() {
  Arg s;
  s.kind = ArgKind::Struct;
  return s;
}

// A char[] field up to its NUL (or its whole size).
Arg text_field(const char* field, size_t size) {
  return Arg::str(std::string(field, strnlen(field, size)));
}

Arg utsname_arg(const DecodeContext& ctx, uint64_t addr) {
  struct utsname u {};
  if (!read_object(ctx.mem, addr, u)) return Arg::hex(addr);
  Arg s = new_struct();
  const auto add = [&](const char (&field)[sizeof u.sysname], const char* name) {
    s.items.push_back(text_field(field, sizeof field).named(name));
  };
  add(u.sysname, "sysname");
  add(u.nodename, "nodename");
  add(u.release, "release");
  add(u.version, "version");
  add(u.machine, "machine");
  add(u.domainname, "domainname");
  return s;
}

Arg sysinfo_arg(const DecodeContext& ctx, uint64_t addr) {
  struct sysinfo si {};
  if (!read_object(ctx.mem, addr, si)) return Arg::hex(addr);
  Arg s = new_struct();
  const auto u = [&](uint64_t v, const char* name) { s.items.push_back(Arg::uinteger(v).named(name)); };
  s.items.push_back(Arg::integer(si.uptime).named("uptime"));
  Arg loads;
  loads.kind = ArgKind::Array;
  for (unsigned long l : si.loads) loads.items.push_back(Arg::uinteger(l));
  s.items.push_back(std::move(loads).named("loads"));
  u(si.totalram, "totalram");
  u(si.freeram, "freeram");
  u(si.sharedram, "sharedram");
  u(si.bufferram, "bufferram");
  u(si.totalswap, "totalswap");
  u(si.freeswap, "freeswap");
  u(si.procs, "procs");
  u(si.totalhigh, "totalhigh");
  u(si.freehigh, "freehigh");
  u(si.mem_unit, "mem_unit");
  return s;
}

Arg timeval_arg(const struct timeval& tv, const char* name) {
  Arg t = new_struct();
  t.items.push_back(Arg::integer(tv.tv_sec).named("tv_sec"));
  t.items.push_back(Arg::integer(tv.tv_usec).named("tv_usec"));
  return std::move(t).named(name);
}

Arg rusage_arg(const DecodeContext& ctx, uint64_t addr) {
  struct rusage ru {};
  if (!read_object(ctx.mem, addr, ru)) return Arg::hex(addr);
  Arg s = new_struct();
  s.items.push_back(timeval_arg(ru.ru_utime, "ru_utime"));
  s.items.push_back(timeval_arg(ru.ru_stime, "ru_stime"));
  const auto i = [&](long v, const char* name) { s.items.push_back(Arg::integer(v).named(name)); };
  i(ru.ru_maxrss, "ru_maxrss");
  i(ru.ru_ixrss, "ru_ixrss");
  i(ru.ru_idrss, "ru_idrss");
  i(ru.ru_isrss, "ru_isrss");
  i(ru.ru_minflt, "ru_minflt");
  i(ru.ru_majflt, "ru_majflt");
  i(ru.ru_nswap, "ru_nswap");
  i(ru.ru_inblock, "ru_inblock");
  i(ru.ru_oublock, "ru_oublock");
  i(ru.ru_msgsnd, "ru_msgsnd");
  i(ru.ru_msgrcv, "ru_msgrcv");
  i(ru.ru_nsignals, "ru_nsignals");
  i(ru.ru_nvcsw, "ru_nvcsw");
  i(ru.ru_nivcsw, "ru_nivcsw");
  return s;
}

}  // namespace

Arg decode_system_info_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  if (!ctx.succeeded()) return pointer_arg(addr);
  switch (spec.type) {
    case ArgType::UtsnameOut: return utsname_arg(ctx, addr);
    case ArgType::SysinfoOut: return ctx.is_i386() ? Arg::hex(addr) : sysinfo_arg(ctx, addr);
    case ArgType::RusageOut: return ctx.is_i386() ? Arg::hex(addr) : rusage_arg(ctx, addr);
    default: return Arg::hex(addr);
  }
}

}  // namespace capsule
