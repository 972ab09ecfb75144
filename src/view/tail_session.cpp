#include "view/tail_session.h"

#include <poll.h>
#include <sys/inotify.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <system_error>
#include <vector>

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
  struct Followed {
    std::unique_ptr<RunFollower> follower;
    bool finished = false;
  };

  void start();
  // notice: what is said of it after "following run ID" (nullptr: nothing, for --run).
  void follow(const fs::path& run_dir, const char* notice);
  bool is_followed(const fs::path& dir) const;
  // Reads what is new in every followed run and decides whether tail is done.
  Step advance();
  // One run: false when the output is gone.
  bool advance_run(Followed& run);
  // Blocks until something happens; false when told to stop.
  bool wait();
  void handle_events();
  // Hands a line of a run's stream (or of its side stream) to the output.
  LineSink sink_for(const RunFollower& run, bool side);

  const TailRequest& req_;
  const TailOutput& out_;
  const int stop_fd_;
  Inotify inotify_;
  int logs_wd_ = -1;
  std::vector<Followed> runs_;  // in the order they were picked up
  bool followed_any_ = false;
  bool output_gone_ = false;
};

void TailSession::follow(const fs::path& run_dir, const char* notice) {
  auto f = std::make_unique<RunFollower>(inotify_, run_dir, req_.stream);
  if (req_.side_stream && *req_.side_stream != req_.stream) f->also_follow(*req_.side_stream);
  if (notice != nullptr) out_.notice("following run " + f->run_id() + notice);
  runs_.push_back({std::move(f), false});
  followed_any_ = true;
}

bool TailSession::is_followed(const fs::path& dir) const {
  return std::any_of(runs_.begin(), runs_.end(),
                     [&](const Followed& r) { return r.follower->dir().filename() == dir.filename(); });
}

LineSink TailSession::sink_for(const RunFollower& run, bool side) {
  return [this, &run, side](std::string_view line) {
    output_gone_ = !out_.record(run.run_id(), side ? run.side_stream() : run.stream(), line);
    return !output_gone_;
  };
}

void TailSession::start() {
  if (req_.run_dir) {
    follow(*req_.run_dir, nullptr);
    return;
  }
  const fs::path logs = req_.home / "logs";
  // Watched before the runs are listed, so that a run starting in between is seen at least once.
  logs_wd_ = inotify_.watch(logs, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
  if (logs_wd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot watch " + logs.string());
  std::vector<fs::path> runs = list_runs(req_.home);
  // Every run being recorded now, oldest first, so that run columns appear in the order the
  // runs started; a run that has ended is not shown (tail --no-follow shows one).
  std::reverse(runs.begin(), runs.end());
  for (const fs::path& dir : runs) {
    if (is_recording(dir)) follow(dir, " (Ctrl-C to stop)");
  }
  if (runs_.empty()) out_.notice("waiting for a run in " + logs.string() + " (Ctrl-C to stop)");
}

bool TailSession::advance_run(Followed& run) {
  RunFollower& f = *run.follower;
  const LineSink sink = sink_for(f, false);
  const LineSink side_sink = sink_for(f, true);
  if (!f.catch_up(sink, side_sink)) return false;
  if (req_.fallback_stream && f.has_manifest() && !f.stream_exists()) {
    // Only the default stream falls back; a run started by a capsule that does not write it
    // would otherwise show nothing at all.
    out_.notice("run " + f.run_id() + " has no " + req_.stream + " stream; showing " + *req_.fallback_stream);
    f.switch_stream(*req_.fallback_stream);
    if (!f.catch_up(sink, side_sink)) return false;
  }
  if (f.end() == RunEnd::NotYet) return true;
  if (!f.finish(sink, side_sink)) return false;
  run.finished = true;
  if (!f.stream_exists()) out_.notice("run " + f.run_id() + " has no " + f.stream() + " stream");
  if (f.end() == RunEnd::RecorderGone) out_.notice("run " + f.run_id() + " ended unsealed: its capsule is gone");
  return true;
}

TailSession::Step TailSession::advance() {
  for (Followed& run : runs_) {
    if (!run.finished && !advance_run(run)) return Step::Done;
  }
  if (!req_.follow) return Step::Done;
  const bool all_ended = std::all_of(runs_.begin(), runs_.end(), [](const Followed& r) { return r.finished; });
  if (req_.exit_on_end && followed_any_ && all_ended) return Step::Done;
  if (!req_.run_dir && !runs_.empty() && all_ended) {
    runs_.clear();
    out_.notice("waiting for the next run");
  } else if (!req_.run_dir) {
    // An ended run is let go (its watch removed); the others go on.
    std::erase_if(runs_, [](const Followed& r) { return r.finished; });
  }
  return Step::Continue;
}

bool TailSession::wait() {
  out_.flush();
  std::vector<pollfd> fds{{inotify_.fd(), POLLIN, 0}};
  if (stop_fd_ >= 0) fds.push_back({stop_fd_, POLLIN, 0});
  const size_t first_recorder = fds.size();
  std::vector<RunFollower*> watched;  // whose recorder fd is fds[first_recorder + i]
  bool check_liveness = false;
  for (Followed& run : runs_) {
    if (run.finished) continue;
    if (run.follower->recorder_fd() >= 0) {
      fds.push_back({run.follower->recorder_fd(), POLLIN, 0});
      watched.push_back(run.follower.get());
    }
    check_liveness = check_liveness || run.follower->needs_liveness_checks();
  }
  const int rc = ::poll(fds.data(), fds.size(), check_liveness ? kLivenessCheckMs : -1);
  if (rc < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
  if (rc <= 0) return true;
  if (stop_fd_ >= 0 && fds[1].revents != 0) return false;
  for (size_t i = 0; i < watched.size(); ++i) {
    if (fds[first_recorder + i].revents != 0) watched[i]->note_recorder_exit();
  }
  if (fds[0].revents != 0) handle_events();
  return true;
}

void TailSession::handle_events() {
  std::vector<fs::path> started;
  for (const InotifyEvent& ev : inotify_.read_events()) {
    if (ev.mask & IN_Q_OVERFLOW) {
      // Events were lost: a run may have started unseen, and any run's manifest may have changed.
      for (Followed& run : runs_) run.follower->note_event({run.follower->watch_descriptor(), 0, "manifest.json"});
      if (logs_wd_ >= 0) {
        for (const fs::path& dir : list_runs(req_.home)) {
          if (!is_followed(dir) && is_recording(dir)) started.push_back(dir);
        }
      }
      continue;
    }
    if (ev.wd == logs_wd_ && logs_wd_ >= 0) {
      const fs::path dir = req_.home / "logs" / ev.name;
      if (!run_id_of(dir).empty()) started.push_back(dir);
      continue;
    }
    for (Followed& run : runs_) {
      if (ev.wd == run.follower->watch_descriptor()) run.follower->note_event(ev);
    }
  }
  // Run directories are named by their start time: followed in that order.
  std::sort(started.begin(), started.end(), [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  for (const fs::path& dir : started) {
    if (!is_followed(dir)) follow(dir, "");
  }
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
