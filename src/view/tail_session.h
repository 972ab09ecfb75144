// The loop behind `capsule tail`: follows one stream of one run, or of every run being recorded
// (those recording when tail starts and each one that starts later, all at once, their records
// interleaved as they are written), woken only by inotify (new runs, new files, appended
// records), each recording capsule's pidfd (it is gone) and a stop descriptor (SIGINT/SIGTERM via
// signalfd).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace capsule::view {

struct TailRequest {
  std::filesystem::path home;
  // nullopt: every run being recorded, and each new one as it starts, until it ends.
  std::optional<std::filesystem::path> run_dir;
  std::string stream = "actions";
  // Followed instead when a run has no `stream` file once it has started (the default stream
  // may not be written by every capsule).
  std::optional<std::string> fallback_stream;
  // Also followed, and its records handed over among the stream's as they come (tail's default
  // view shows the findings, risks, among the actions).
  std::optional<std::string> side_stream;
  bool follow = true;        // false: print what is there and return
  bool exit_on_end = false;  // return once every followed run has ended (and one was followed)
};

struct TailOutput {
  // One stored line of `stream` of run `run_id`, without its '\n'; false when the output is gone.
  std::function<bool(std::string_view run_id, std::string_view stream, std::string_view line)> record;
  std::function<void()> flush;                          // before waiting
  std::function<void(const std::string& text)> notice;  // one line for stderr
};

// Returns when the followed runs end (with exit_on_end or !follow), when the output is gone or
// when stop_fd (-1: none) becomes readable. Throws std::system_error when inotify is unusable.
void run_tail(const TailRequest& request, const TailOutput& output, int stop_fd);

}  // namespace capsule::view
