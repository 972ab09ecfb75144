// Turns a syscall's raw registers (and the tracee memory they point at) into decoded Args.
//
// The tracer calls decode_entry at the syscall-entry stop and decode_exit at the exit stop. Inputs
// that the call itself destroys (execve's argv, which the new image replaces) or calls that never
// return (exit_group) are read at entry; everything else is read at exit, when output buffers are
// filled and the return value is known. Which arg is what is declared once, in the signature
// table (signatures.cpp), not spread over switch statements.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "event/syscall_event.h"

namespace capsule {

// Reads the traced process's memory. The native backend implements it with process_vm_readv; the
// unit tests with a plain buffer.
class TraceeMemory {
 public:
  virtual ~TraceeMemory() = default;
  // Copies up to len bytes at addr into buf; returns how many bytes could be read (0 on a bad
  // address). Never throws.
  virtual size_t read(uint64_t addr, void* buf, size_t len) = 0;
  // True once a read was refused for want of permission (a non-dumpable process and a tracer
  // without CAP_SYS_PTRACE), as opposed to a bad address: the data exists but cannot be seen.
  virtual bool refused() const { return false; }
};

struct RawSyscall {
  uint32_t arch = kArchX86_64;
  int32_t nr = -1;
  uint64_t args[6] = {0, 0, 0, 0, 0, 0};
  // The stack pointer at the call's entry, where rt_sigreturn finds its signal frame; 0 when the
  // backend does not know it (rt_sigreturn's mask is then left out).
  uint64_t stack_pointer = 0;
};

struct DecodeOptions {
  size_t string_limit = 1000;  // bytes of a string or buffer to read (strace's -s)
  size_t array_limit = 4096;   // elements of argv/envp to read before marking truncated
};

class SyscallDecoder {
 public:
  explicit SyscallDecoder(DecodeOptions opts = {}) : opts_(opts) {}

  // Fills ev.name, ev.nr, ev.arch and, for calls whose arguments must be captured before the call
  // runs, ev.args. Returns true when args were captured (decode_exit then leaves them alone).
  bool decode_entry(const RawSyscall& call, TraceeMemory& mem, SyscallEvent& ev) const;

  // Fills ev.args (unless decode_entry already did), ev.ret, ev.err, ev.has_ret, ev.ret_kind.
  // rval is the raw kernel return (-errno on failure, as PTRACE_GET_SYSCALL_INFO gives it).
  void decode_exit(const RawSyscall& call, int64_t rval, bool is_error, bool args_done,
                   TraceeMemory& mem, SyscallEvent& ev) const;

  const DecodeOptions& options() const { return opts_; }

 private:
  DecodeOptions opts_;
};

}  // namespace capsule
