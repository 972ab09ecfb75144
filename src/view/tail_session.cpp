#include "view/tail_session.h"

#include <poll.h>
#include <sys/inotify.h>

#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "view/inotify_watch.h"
#include "view/run_follower.h"
#include "view/run_status.h"

namespace capsule::view {
namespace fs = std::filesystem;
namespace {

// How often a recorder without a pidfd is looked up in /proc (only then: see RunFollower).
constexpr int kLivenessCheckMs = 1000;

class TailSession {
 public:
  TailSession(const TailRequest& request, const TailOutput& output, int stop_fd)
      : req_(request), out_(output), stop_fd_(stop_fd) {}

  void run();

 private:
  enum class Step { Continue, Done };

  void start();
  void follow(const fs::path& run_dir);
  // Reads what is new in the current run and decides whether tail is done.
  Step advance();
  // Blocks until something happens; false when told to stop.
  bool wait();
  void handle_events();
  // Hands a line of the followed stream (or of the side stream) to the output.
  LineSink sink_for(bool side);
  bool is_newer_run(const fs::path& dir) const {
    return !current_ || dir.filename() > current_->dir().filename();
  }

  const TailRequest& req_;
  const TailOutput& out_;
  const int stop_fd_;
  Inotify inotify_;
  int logs_wd_ = -1;
  std::unique_ptr<RunFollower> current_;
  bool current_finished_ = false;
  bool output_gone_ = false;
};

void TailSession::follow(const fs::path& run_dir) {
  current_ = std::make_unique<RunFollower>(inotify_, run_dir, req_.stream);
  if (req_.side_stream && *req_.side_stream != req_.stream) current_->also_follow(*req_.side_stream);
  current_finished_ = false;
}

LineSink TailSession::sink_for(bool side) {
  return [this, side](std::string_view line) {
    output_gone_ = !out_.record(side ? current_->side_stream() : current_->stream(), line);
    return !output_gone_;
  };
}

void TailSession::start() {
  if (req_.run_dir) {
    follow(*req_.run_dir);
    return;
  }
  const fs::path logs = req_.home / "logs";
  logs_wd_ = inotify_.watch(logs, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
  if (logs_wd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot watch " + logs.string());
  const std::vector<fs::path> runs = list_runs(req_.home);
  // --no-follow shows the newest run as it is; following picks it up only while it is being
  // recorded, and otherwise waits for the next one.
  if (!runs.empty() && !req_.follow) {
    follow(runs.front());
    return;
  }
  if (!runs.empty()) {
    try {
      if (run_status(read_manifest(runs.front())) == RunStatus::Recording) {
        follow(runs.front());
        out_.notice("following run " + current_->run_id() + " (Ctrl-C to stop)");
        return;
      }
    } catch (const std::exception&) {
      // no readable manifest: not a run being recorded
    }
  }
  out_.notice("waiting for a run in " + logs.string() + " (Ctrl-C to stop)");
}

TailSession::Step TailSession::advance() {
  if (!current_ || current_finished_) return req_.follow ? Step::Continue : Step::Done;
  const LineSink sink = sink_for(false);
  const LineSink side_sink = sink_for(true);
  if (!current_->catch_up(sink, side_sink)) return Step::Done;
  if (req_.fallback_stream && current_->has_manifest() && !current_->stream_exists()) {
    // Only the default stream falls back; a run started by a capsule that does not write it
    // would otherwise show nothing at all.
    out_.notice("run " + current_->run_id() + " has no " + req_.stream + " stream; showing " +
                *req_.fallback_stream);
    current_->switch_stream(*req_.fallback_stream);
    if (!current_->catch_up(sink, side_sink)) return Step::Done;
  }
  if (current_->end() == RunEnd::NotYet) return req_.follow ? Step::Continue : Step::Done;

  if (!current_->finish(sink, side_sink)) return Step::Done;
  current_finished_ = true;
  if (!current_->stream_exists()) {
    out_.notice("run " + current_->run_id() + " has no " + current_->stream() + " stream");
  }
  if (current_->end() == RunEnd::RecorderGone) {
    out_.notice("run " + current_->run_id() + " ended unsealed: its capsule is gone");
  }
  if (req_.exit_on_end || !req_.follow) return Step::Done;
  if (!req_.run_dir) {
    current_.reset();
    out_.notice("waiting for the next run");
  }
  return Step::Continue;
}

bool TailSession::wait() {
  out_.flush();
  std::vector<pollfd> fds{{inotify_.fd(), POLLIN, 0}};
  if (stop_fd_ >= 0) fds.push_back({stop_fd_, POLLIN, 0});
  const bool watching_recorder = current_ && !current_finished_ && current_->recorder_fd() >= 0;
  if (watching_recorder) fds.push_back({current_->recorder_fd(), POLLIN, 0});
  const bool check_liveness = current_ && !current_finished_ && current_->needs_liveness_checks();
  const int rc = ::poll(fds.data(), fds.size(), check_liveness ? kLivenessCheckMs : -1);
  if (rc < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
  if (rc <= 0) return true;
  if (stop_fd_ >= 0 && fds[1].revents != 0) return false;
  if (watching_recorder && fds.back().revents != 0) current_->note_recorder_exit();
  if (fds[0].revents != 0) handle_events();
  return true;
}

void TailSession::handle_events() {
  std::optional<fs::path> newest;
  for (const InotifyEvent& ev : inotify_.read_events()) {
    if (ev.mask & IN_Q_OVERFLOW) {
      // Events were lost: a new run may have started unseen, and the current run's manifest
      // may have changed.
      if (current_) current_->note_event({current_->watch_descriptor(), 0, "manifest.json"});
      if (logs_wd_ >= 0) {
        const std::vector<fs::path> runs = list_runs(req_.home);
        if (!runs.empty() && is_newer_run(runs.front())) newest = runs.front();
      }
      continue;
    }
    if (ev.wd == logs_wd_ && logs_wd_ >= 0) {
      const fs::path dir = req_.home / "logs" / ev.name;
      if (!run_id_of(dir).empty() && is_newer_run(dir) && (!newest || dir.filename() > newest->filename())) {
        newest = dir;
      }
    } else if (current_ && ev.wd == current_->watch_descriptor()) {
      current_->note_event(ev);
    }
  }
  if (!newest) return;
  // A new run started: what the current one has written so far is shown first.
  if (current_ && !current_finished_) {
    current_->catch_up(sink_for(false), sink_for(true));
  }
  follow(*newest);
  out_.notice("following run " + current_->run_id());
}

void TailSession::run() {
  start();
  for (;;) {
    if (advance() == Step::Done || output_gone_) break;
    if (!wait() || output_gone_) break;
  }
  out_.flush();
}

}  // namespace

void run_tail(const TailRequest& request, const TailOutput& output, int stop_fd) {
  TailSession(request, output, stop_fd).run();
}

}  // namespace capsule::view
