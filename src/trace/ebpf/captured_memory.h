// TraceeMemory over the bytes the kernel side captured for one call (records.h segments): the
// decoders read them exactly as they read a live process through process_vm_readv. Memory that
// was not captured reads as unreadable, so the decoders show its pointer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "decode/syscall_decoder.h"

namespace capsule {

class CapturedMemory final : public TraceeMemory {
 public:
  void add(uint64_t addr, const void* data, size_t len);
  // Bytes read again at the call's exit (records.h, REC_SEGMENT_AFTER): seen only once
  // show_after_call() is on, and then before the entry's capture of the same address.
  void add_after(uint64_t addr, const void* data, size_t len);
  // Off: the memory as the call found it (decode_entry); on: as it left it (decode_exit).
  void show_after_call(bool on) { after_call_ = on; }
  // Empties it, keeping the segments' buffers for the next call's captures (a syscall storm
  // captures a buffer per call: two allocations per call otherwise).
  void clear() {
    used_ = 0;
    after_call_ = false;
  }
  bool empty() const { return used_ == 0; }
  // The bytes at addr, from whichever segment holds addr, and on through adjacent segments.
  size_t read(uint64_t addr, void* buf, size_t len) override;

 private:
  struct Segment {
    uint64_t addr = 0;
    std::string bytes;
    bool after = false;
  };
  // The bytes at addr from the longest segment holding it, up to where that segment ends.
  size_t read_one(uint64_t addr, char* buf, size_t len) const;
  void push(uint64_t addr, const void* data, size_t len, bool after);
  std::vector<Segment> segments_;  // few per call: a linear search is the fastest
  size_t used_ = 0;                // segments_[0, used_) are this call's; the rest are kept for reuse
  bool after_call_ = false;
};

}  // namespace capsule
