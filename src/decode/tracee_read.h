// Reading strings, buffers and arrays out of the tracee without ever faulting: every read goes
// through TraceeMemory and a bad pointer shows as its address, like strace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "decode/syscall_decoder.h"
#include "event/syscall_event.h"

namespace capsule {

// Reads a NUL-terminated string at addr, at most `limit` bytes, page by page (a read never spans
// a page boundary, so a string ending just before an unmapped page is still read whole). Sets
// *truncated when the string is longer than limit. Returns false when memory runs out before
// the NUL (out is then unspecified).
bool read_cstring(TraceeMemory& mem, uint64_t addr, size_t limit, std::string& out,
                  bool& truncated);

// A pointer whose data the tracer may not read (TraceeMemory::refused): the Symbol "unreadable",
// num keeping the address, so that the record says the data is missing rather than showing a bare
// pointer as for a bad address.
Arg unreadable_arg(uint64_t addr);

// A string argument: Null for 0, Hex for a bad pointer, unreadable_arg when the tracer may not
// read it, else Str (truncated past limit).
Arg cstring_arg(TraceeMemory& mem, uint64_t addr, size_t limit);

// A buffer of `len` bytes: Null for 0, Hex when unreadable, else Str of at most limit bytes
// (truncated when len > limit or the memory ends early).
Arg buffer_arg(TraceeMemory& mem, uint64_t addr, uint64_t len, size_t limit);

// Reads one little-endian word of `size` bytes (4 or 8); false when unreadable.
bool read_word(TraceeMemory& mem, uint64_t addr, size_t size, uint64_t& out);

// Reads a fixed-size object; false unless all of it was readable.
template <typename T>
bool read_object(TraceeMemory& mem, uint64_t addr, T& out) {
  return mem.read(addr, &out, sizeof(T)) == sizeof(T);
}

}  // namespace capsule
