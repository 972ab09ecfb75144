#include "trace/ebpf/captured_memory.h"

#include <algorithm>
#include <cstring>

namespace capsule {

void CapturedMemory::add(uint64_t addr, const void* data, size_t len) { push(addr, data, len, false); }

void CapturedMemory::add_after(uint64_t addr, const void* data, size_t len) { push(addr, data, len, true); }

void CapturedMemory::push(uint64_t addr, const void* data, size_t len, bool after) {
  if (used_ == segments_.size()) segments_.emplace_back();
  Segment& s = segments_[used_++];
  s.addr = addr;
  s.bytes.assign(static_cast<const char*>(data), len);
  s.after = after;
}

size_t CapturedMemory::read(uint64_t addr, void* buf, size_t len) {
  // A large capture (a directory listing) comes as adjacent segments: the read goes on into the
  // next one where the last ended.
  auto* out = static_cast<char*>(buf);
  size_t got = 0;
  while (got < len) {
    const size_t n = read_one(addr + got, out + got, len - got);
    if (n == 0) break;
    got += n;
  }
  return got;
}

size_t CapturedMemory::read_one(uint64_t addr, char* buf, size_t len) const {
  size_t best = 0;
  bool best_after = false;
  // The longest capture wins (a string captured twice, argv[0] and the path, is the same bytes);
  // of two as long, the later one: what exec_memory.cpp lays out over a partial entry capture.
  // After the call, a capture made then wins over the entry's.
  for (size_t i = 0; i < used_; ++i) {
    const Segment& s = segments_[i];
    if (addr < s.addr || addr - s.addr >= s.bytes.size()) continue;
    if (s.after && !after_call_) continue;
    if (best_after && !s.after) continue;
    if (s.after && !best_after) best = 0;
    best_after = s.after;
    const size_t off = static_cast<size_t>(addr - s.addr);
    const size_t n = std::min(len, s.bytes.size() - off);
    if (n >= best && n > 0) {
      std::memcpy(buf, s.bytes.data() + off, n);
      best = n;
    }
  }
  return best;
}

}  // namespace capsule
