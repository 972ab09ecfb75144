// NUMA node masks (mbind, set_mempolicy, get_mempolicy, migrate_pages): how strace spells one
// word of the mask. Shared by the native decoder (memory.cpp) and the strace parser, which reads
// the words back as numbers and gives them this spelling again.
#pragma once

#include <cstdint>
#include <string>

#include "decode/flags.h"
#include "event/syscall_event.h"

namespace capsule {

// strace pads each word to 16 characters, "0x" included: 1 is 0x00000000000001; a zero word has
// no prefix, so it is sixteen zeros.
inline std::string node_mask_word_text(uint64_t word) {
  std::string digits;
  append_hex(digits, word);  // "0x1"
  if (word == 0) return std::string(16, '0');
  digits.erase(0, 2);
  return "0x" + (digits.size() < 14 ? std::string(14 - digits.size(), '0') : std::string()) + digits;
}

inline Arg node_mask_word(uint64_t word) { return Arg::symbol(node_mask_word_text(word), word); }

}  // namespace capsule
