// A program started in the background for the live-view tests (`capsule tail`, a `capsule run`
// to kill): its stdout and stderr are read line by line as they arrive, each line stamped with
// the wall-clock time it arrived.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"  // wall_clock_us, for deadlines and record times

namespace capsule::test {

struct TimedLine {
  std::string text;
  int64_t arrived_us = 0;  // CLOCK_REALTIME, µs since the epoch
};

class BackgroundProcess {
 public:
  explicit BackgroundProcess(const std::vector<std::string>& argv);
  ~BackgroundProcess();  // SIGKILLs and reaps the process if it still runs
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  // The next complete stdout (or stderr) line, waiting up to timeout; nullopt on timeout/EOF.
  std::optional<TimedLine> next_out_line(std::chrono::milliseconds timeout) { return next_line(0, timeout); }
  std::optional<TimedLine> next_err_line(std::chrono::milliseconds timeout) { return next_line(1, timeout); }
  // Waits for the process to exit, reading its output meanwhile; its exit code (128+N for
  // signal N), or nullopt when it did not exit in time.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  void send_signal(int sig) const;
  // Everything read so far that no next_*_line call has taken (complete lines and the rest).
  std::string rest_of_out() const { return pending(0); }
  std::string rest_of_err() const { return pending(1); }

 private:
  struct Channel {
    int fd = -1;
    std::string buf;
    std::vector<TimedLine> lines;
  };
  std::optional<TimedLine> next_line(int which, std::chrono::milliseconds timeout);
  // Reads whatever is available on both pipes, waiting up to timeout_ms for something.
  void pump(int timeout_ms);
  std::string pending(int which) const;

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  Channel ch_[2];
};

// "2026-11-23T17:30:00.123456Z" → µs since the epoch.
int64_t parse_iso_us(const std::string& iso);

}  // namespace capsule::test
