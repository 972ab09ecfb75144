// The loaded kernel side: the skeleton opened, configured, loaded and attached (libbpf), the
// capture plans filled in, and the ring buffer read. Compiled to a stub that throws when capsule
// was built without the BPF tools (cmake/ebpf.cmake).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>

namespace capsule {

struct EbpfConfig {
  uint32_t string_limit = 1000;
  uint64_t ring_bytes = 16ull << 20;    // power of two
  uint64_t wakeup_bytes = 1ull << 20;   // wake the consumer early once this much waits
};

// Whether this capsule was built with the eBPF backend.
bool ebpf_built();

class EbpfSession {
 public:
  using Consumer = std::function<void(const void* data, size_t size)>;
  // Throws std::runtime_error with the reason (not built, not permitted, a program the verifier
  // refused…) as the one line the user sees.
  EbpfSession(const EbpfConfig& config, Consumer consumer);
  ~EbpfSession();
  EbpfSession(const EbpfSession&) = delete;
  EbpfSession& operator=(const EbpfSession&) = delete;

  // Traces process tgid from now on (and, through the fork hook, everything it starts).
  void trace(pid_t tgid);
  // Hands every waiting record to the consumer, waiting up to timeout_ms for the first.
  // Returns how many were consumed.
  int poll(int timeout_ms);
  // Records the ring had no room for, summed over the CPUs.
  uint64_t lost() const;
  // Bytes that were waiting in the ring when the kernel side last wrote a record.
  uint64_t backlog() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace capsule
