// Helpers for decoder tests: run one call through entry and exit like the tracer does.
#pragma once

#include <cstring>
#include <initializer_list>
#include <string>

#include "decode/names.h"
#include "decode/syscall_decoder.h"
#include "fake_memory.h"

namespace capsule::testing {

inline RawSyscall raw_call(std::string_view name, std::initializer_list<uint64_t> args,
                           uint32_t arch = kArchX86_64) {
  RawSyscall call;
  call.arch = arch;
  call.nr = syscall_number(arch, name);
  size_t i = 0;
  for (uint64_t a : args) call.args[i++] = a;
  return call;
}

// Decodes entry then exit. rval is the raw kernel return (-errno on failure).
inline SyscallEvent run_call(const SyscallDecoder& dec, FakeMemory& mem, const RawSyscall& call,
                             int64_t rval) {
  SyscallEvent ev;
  const bool done = dec.decode_entry(call, mem, ev);
  dec.decode_exit(call, rval, rval < 0 && rval > -4096, done, mem, ev);
  return ev;
}

// One call decoded by a default decoder, entry then exit.
inline SyscallEvent decode_call(FakeMemory& mem, std::string_view name, std::initializer_list<uint64_t> args,
                                int64_t rval = 0) {
  const SyscallDecoder dec;
  return run_call(dec, mem, raw_call(name, args), rval);
}

inline const Arg& field(const Arg& s, std::string_view name) {
  for (const Arg& a : s.items) {
    if (a.name == name) return a;
  }
  static const Arg missing = Arg::raw("<missing field>");
  return missing;
}

}  // namespace capsule::testing
