// The two clocks capsule reads, each in one place: the wall clock stamps events, checkpoints and
// manifests; the monotonic clock measures timeouts, which must not jump with the wall clock.
// Inline: the tracer reads the wall clock twice per syscall (clock_gettime is a vDSO call).
#pragma once

#include <cstdint>
#include <ctime>

namespace capsule {

// CLOCK_REALTIME in µs since the Unix epoch.
inline int64_t wall_clock_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

// CLOCK_MONOTONIC in ms since an unspecified start (boot).
inline int64_t monotonic_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

}  // namespace capsule
