// The loaded kernel side: the skeleton opened, configured, loaded and attached (libbpf), the
// capture plans filled in, and the ring buffer read. Compiled to a stub that throws when capsule
// was built without the BPF tools (cmake/ebpf.cmake).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>

namespace capsule {

struct EbpfConfig {
  uint32_t string_limit = 1000;
  uint64_t ring_bytes = 16ull << 20;    // power of two
  uint64_t wakeup_bytes = 1ull << 20;   // wake the consumer early once this much waits
  uint64_t pause_bytes = 0;             // request a pause once this much waits; 0: never
  bool attach = false;                  // capsule attach: threads may have started untraced
};

// The consumer polls at least this often, so a record waits at most this long when the kernel
// side batches its wake-ups (bpf/capsule.bpf.c, wake_flag).
inline constexpr int kEbpfPollTickMs = 5;

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

  // Whether the programs came loaded from the pool (kernel_side_pool.h) rather than from a load.
  bool loaded_from_pool() const;
  // Traces process tgid from now on (and, through the fork hook, everything it starts).
  void trace(pid_t tgid);
  // Stops tracing process tgid (one that ended before the kernel side could see it end).
  void untrace(pid_t tgid);
  // The next return of thread tid that had no entry is not a call to record: a thread of a
  // process capsule attaches to, blocked in a call it entered before the attach.
  void skip_next_exit(pid_t tid);
  // capsule attach: the process whose end to keep (its wait status, whatever the ring lost), and
  // that status once its last thread has ended.
  void watch_group(pid_t tgid);
  std::optional<int> watched_status() const;
  // Whether process tgid is traced (in the kernel side's map). Thread-safe.
  bool traced(pid_t tgid) const;
  // Whether any process is still traced (each leaves the map as its last thread ends).
  bool tracing_any() const;
  // Detaches the programs: nothing more is written to the ring, what is there can still be read.
  void detach();
  // Maps the rings for reading (poll does it, if not done before). A run calls it after its forks
  // (the watchdog, the held child): a fork copies the page table of every shared mapping, and the
  // 16 MiB ring, mapped twice over, is 8,192 pages of it.
  void open_rings();
  // A file descriptor that polls readable when the kernel side wakes the consumer (a batch is
  // waiting); -1 before open_rings. For a caller's own epoll set beside other fds.
  int wake_fd() const;
  // Hands every waiting record to the consumer, waiting up to timeout_ms for the first.
  // Returns how many were consumed.
  int poll(int timeout_ms);
  // Records the ring had no room for, summed over the CPUs.
  uint64_t lost() const;

  // Back-pressure (back_pressure.h). A file descriptor that polls readable once the kernel side
  // has requested a pause (the ring passed pause_bytes); -1 without the backend.
  int pause_request_fd() const;
  // Takes the waiting requests; returns how many there were. Thread-safe against poll().
  int take_pause_requests();
  // Lets the kernel side request the next pause (it sends one per pause).
  void rearm_pause();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace capsule
