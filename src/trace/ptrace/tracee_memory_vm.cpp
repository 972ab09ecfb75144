#include "trace/ptrace/tracee_memory_vm.h"

#include <sys/uio.h>

#include <cerrno>

namespace capsule {

size_t VmTraceeMemory::read(uint64_t addr, void* buf, size_t len) {
  if (len == 0 || addr == 0) return 0;
  size_t done = 0;
  // process_vm_readv stops at the first unreadable page and returns a short count, which is what
  // a partial string read at the end of a mapping needs.
  while (done < len) {
    iovec local{static_cast<char*>(buf) + done, len - done};
    iovec remote{reinterpret_cast<void*>(static_cast<uintptr_t>(addr + done)), len - done};
    const ssize_t n = process_vm_readv(tid_, &local, 1, &remote, 1, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPERM) refused_ = true;
      break;
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

}  // namespace capsule
