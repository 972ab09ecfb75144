// TraceeMemory over process_vm_readv: one syscall per read, no ptrace word-by-word peeking.
#pragma once

#include <sys/types.h>

#include "decode/syscall_decoder.h"

namespace capsule {

class VmTraceeMemory final : public TraceeMemory {
 public:
  explicit VmTraceeMemory(pid_t tid) : tid_(tid) {}
  size_t read(uint64_t addr, void* buf, size_t len) override;
  bool refused() const override { return refused_; }

 private:
  pid_t tid_;
  bool refused_ = false;
};

}  // namespace capsule
