// Follows one stream of one run directory: inotify says when the directory gains a file or a
// file grows, the manifest says when the run is complete, and a pidfd on the recording capsule
// says when it is gone without completing the run (killed), so that nothing is polled.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/unique_fd.h"
#include "view/inotify_watch.h"
#include "view/stream_tailer.h"

namespace capsule::view {

enum class RunEnd {
  NotYet,
  Complete,      // manifest state "complete": every record is in the files
  RecorderGone,  // still "running", but the capsule recording it no longer exists
};

class RunFollower {
 public:
  // Watches run_dir at once, so that nothing written from here on is missed.
  RunFollower(Inotify& inotify, std::filesystem::path run_dir, std::string stream);
  ~RunFollower();
  RunFollower(const RunFollower&) = delete;
  RunFollower& operator=(const RunFollower&) = delete;

  const std::filesystem::path& dir() const { return dir_; }
  const std::string& run_id() const { return run_id_; }
  const std::string& stream() const { return stream_; }
  int watch_descriptor() const { return wd_; }
  // Readable once the recording capsule has exited; -1 when there is none to wait for.
  int recorder_fd() const { return pidfd_.get(); }
  // The recorder is known but no pidfd could be had: check it now and then instead.
  bool needs_liveness_checks() const { return recorder_pid_ > 0 && !pidfd_; }

  bool has_manifest() const { return have_manifest_; }
  bool stream_exists() { return tailer_.open(); }
  // Follow another stream instead (only before the first line was read).
  void switch_stream(std::string stream);
  // Follow a second stream too; its lines go to catch_up's side sink.
  void also_follow(const std::string& stream);
  const std::string& side_stream() const { return side_stream_; }

  void note_event(const InotifyEvent& ev);
  void note_recorder_exit() { recorder_exited_ = true; }

  // Brings the run's state up to date, then hands over every complete new line. False when the
  // sink asked to stop.
  bool catch_up(const LineSink& sink, const LineSink& side_sink);
  RunEnd end() const { return end_; }
  // After the end: hands over a torn last line, if any.
  bool finish(const LineSink& sink, const LineSink& side_sink);

 private:
  void refresh_state();
  void watch_recorder(int pid, const std::string& instance);

  Inotify& inotify_;
  std::filesystem::path dir_;
  std::string run_id_;
  std::string stream_;
  StreamTailer tailer_;
  std::string side_stream_;
  std::optional<StreamTailer> side_tailer_;
  int wd_ = -1;
  bool manifest_changed_ = true;  // read it on the first catch_up
  bool have_manifest_ = false;
  bool recorder_exited_ = false;
  int recorder_pid_ = 0;
  std::string recorder_instance_;
  UniqueFd pidfd_;
  RunEnd end_ = RunEnd::NotYet;
};

}  // namespace capsule::view
