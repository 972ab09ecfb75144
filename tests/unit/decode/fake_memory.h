// A tracee address space for tests, page-granular like the real one: map() makes the pages it
// touches readable (zero-filled elsewhere); everything else is unmapped. A read that touches an
// unmapped page fails as a whole (returns 0), which is how process_vm_readv treats a single
// iovec running into an unmapped page.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "decode/syscall_decoder.h"

namespace capsule::testing {

class FakeMemory : public TraceeMemory {
 public:
  static constexpr uint64_t kPage = 4096;

  // Maps `bytes` at `addr`; returns addr for use as a register value.
  uint64_t map(uint64_t addr, const std::string& bytes) {
    for (size_t i = 0; i < bytes.size(); ++i) page(addr + i)[(addr + i) % kPage] = bytes[i];
    if (bytes.empty()) page(addr);
    return addr;
  }
  // Maps a NUL-terminated copy of s.
  uint64_t map_cstr(uint64_t addr, const std::string& s) { return map(addr, s + '\0'); }
  template <typename T>
  uint64_t map_words(uint64_t addr, const std::vector<T>& words) {
    std::string bytes(words.size() * sizeof(T), '\0');
    std::memcpy(bytes.data(), words.data(), bytes.size());
    return map(addr, bytes);
  }
  template <typename T>
  uint64_t map_object(uint64_t addr, const T& obj) {
    std::string bytes(sizeof(T), '\0');
    std::memcpy(bytes.data(), &obj, sizeof(T));
    return map(addr, bytes);
  }

  size_t read(uint64_t addr, void* buf, size_t len) override {
    ++reads;
    for (uint64_t p = addr / kPage; len != 0 && p <= (addr + len - 1) / kPage; ++p) {
      if (pages_.find(p) == pages_.end()) return 0;
    }
    char* out = static_cast<char*>(buf);
    for (size_t i = 0; i < len; ++i) out[i] = pages_[(addr + i) / kPage][(addr + i) % kPage];
    return len;
  }

  int reads = 0;

 private:
  std::string& page(uint64_t addr) {
    std::string& p = pages_[addr / kPage];
    if (p.empty()) p.assign(kPage, '\0');
    return p;
  }
  std::map<uint64_t, std::string> pages_;
};

}  // namespace capsule::testing

namespace capsule {
// Readable failure messages for Arg comparisons (found by argument-dependent lookup).
inline void PrintTo(const Arg& a, std::ostream* os) {
  *os << "{kind=" << static_cast<int>(a.kind) << " name=" << a.name << " num=" << a.num
      << " text=\"" << a.text << "\"" << (a.truncated ? " truncated" : "");
  if (!a.items.empty()) {
    *os << " items=[";
    for (const Arg& i : a.items) {
      PrintTo(i, os);
      *os << ' ';
    }
    *os << ']';
  }
  *os << '}';
}
}  // namespace capsule
