#include "decode/tracee_read.h"

#include <algorithm>
#include <cstring>

namespace capsule {
namespace {
// x86 page size. Reads are split at page boundaries because a read that crosses into an
// unmapped page fails or comes back short as a whole.
constexpr uint64_t kPageSize = 4096;
}  // namespace

bool read_cstring(TraceeMemory& mem, uint64_t addr, size_t limit, std::string& out,
                  bool& truncated) {
  out.clear();
  truncated = false;
  // One byte past the limit tells "exactly limit bytes" from "longer than limit".
  const size_t want = limit + 1;
  while (out.size() < want) {
    const size_t to_page_end = static_cast<size_t>(kPageSize - (addr % kPageSize));
    const size_t chunk = std::min(to_page_end, want - out.size());
    const size_t old = out.size();
    out.resize(old + chunk);
    const size_t got = mem.read(addr, out.data() + old, chunk);
    if (const void* nul = std::memchr(out.data() + old, '\0', got)) {
      out.resize(static_cast<size_t>(static_cast<const char*>(nul) - out.data()));
      return true;
    }
    if (got < chunk) return false;  // unreadable before the terminating NUL
    addr += got;
  }
  out.resize(limit);
  truncated = true;
  return true;
}

Arg unreadable_arg(uint64_t addr) { return Arg::symbol("unreadable", addr); }

Arg cstring_arg(TraceeMemory& mem, uint64_t addr, size_t limit) {
  if (addr == 0) return Arg::null();
  Arg a;
  a.kind = ArgKind::Str;
  if (!read_cstring(mem, addr, limit, a.text, a.truncated)) return mem.refused() ? unreadable_arg(addr) : Arg::hex(addr);
  return a;
}

Arg buffer_arg(TraceeMemory& mem, uint64_t addr, uint64_t len, size_t limit) {
  if (addr == 0) return Arg::null();
  const size_t want = static_cast<size_t>(std::min<uint64_t>(len, limit));
  Arg a;
  a.kind = ArgKind::Str;
  a.text.resize(want);
  const size_t got = want == 0 ? 0 : mem.read(addr, a.text.data(), want);
  if (got == 0 && want != 0) return mem.refused() ? unreadable_arg(addr) : Arg::hex(addr);
  a.text.resize(got);
  a.truncated = len > got;
  return a;
}

bool read_word(TraceeMemory& mem, uint64_t addr, size_t size, uint64_t& out) {
  if (size == 4) {
    uint32_t w = 0;
    if (!read_object(mem, addr, w)) return false;
    out = w;
    return true;
  }
  return read_object(mem, addr, out);
}

}  // namespace capsule
