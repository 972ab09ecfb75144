// The loop behind `capsule watch`: follows one run's actions and findings (view's RunFollower,
// woken by inotify and the recording capsule's pidfd, as tail is: a reader of the run directory
// that never makes the traced program wait), folds them into a WatchModel and redraws the
// frame when something changed (at most every kFrameMs) or the terminal was resized.
#pragma once

#include <filesystem>
#include <optional>

namespace capsule::view::watch {

inline constexpr int kFrameMs = 100;

struct WatchRequest {
  std::filesystem::path home;
  // nullopt: the run being recorded (the newest such), else the newest run; and, once that run
  // has ended, the next one that starts.
  std::optional<std::filesystem::path> run_dir;
  bool once = false;  // write one frame (what is stored now) and return
  size_t width = 80, height = 24;  // the frame's size when out_fd is not a terminal
  bool colour = false;
};

// in_fd: the keys (`q` and Ctrl-C quit; read only when it is a terminal); out_fd: the screen;
// signal_fd: a signalfd for SIGWINCH (redraw at the new size) and SIGINT, SIGTERM, SIGHUP
// (quit), -1 for none. False when there was no run to show (once, and no run in home).
// Throws std::system_error when inotify is unusable.
bool run_watch(const WatchRequest& request, int in_fd, int out_fd, int signal_fd);

}  // namespace capsule::view::watch
