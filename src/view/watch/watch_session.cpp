#include "view/watch/watch_session.h"

#include <poll.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <memory>
#include <system_error>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "log/rundir/run_dir.h"
#include "view/inotify_watch.h"
#include "view/run_follower.h"
#include "view/run_status.h"
#include "view/watch/watch_frame.h"
#include "view/watch/watch_model.h"
#include "view/watch/watch_terminal.h"

namespace capsule::view::watch {
namespace fs = std::filesystem;
namespace {

constexpr int kLivenessCheckMs = 1000;  // a recorder without a pidfd (see RunFollower)
constexpr const char* kManifestFile = "manifest.json";

// The run being recorded (the newest such), else the newest run; nullopt when home has none.
std::optional<fs::path> pick_run(const fs::path& home) {
  const std::vector<fs::path> runs = list_runs(home);
  for (const fs::path& dir : runs) {
    if (is_recording(dir)) return dir;
  }
  if (runs.empty()) return std::nullopt;
  return runs.front();
}

class WatchSession {
 public:
  explicit WatchSession(const WatchRequest& req) : req_(req) {}

  bool once(int out_fd);
  void live(int in_fd, int out_fd, int signal_fd);

 private:
  enum class Input { Continue, Quit, Resized };

  void open_run(const fs::path& dir);
  void read_manifest_file();
  void catch_up();
  bool ended() const { return run_ && run_->end() != RunEnd::NotYet; }
  std::vector<std::string> frame(size_t width, size_t height, bool colour) const;
  void handle_events();
  Input read_signal(int signal_fd);
  static Input read_keys(int in_fd);

  const WatchRequest& req_;
  Inotify inotify_;
  int logs_wd_ = -1;
  std::unique_ptr<RunFollower> run_;
  std::unique_ptr<WatchModel> model_ = std::make_unique<WatchModel>();
  bool finished_ = false;  // the run's torn last lines, if any, were read
  bool dirty_ = true;
};

void WatchSession::open_run(const fs::path& dir) {
  run_ = std::make_unique<RunFollower>(inotify_, dir, "actions");
  run_->also_follow("risks");
  model_ = std::make_unique<WatchModel>();
  finished_ = false;
  dirty_ = true;
  read_manifest_file();
}

void WatchSession::read_manifest_file() {
  std::ifstream in(run_->dir() / kManifestFile);
  const auto manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  // Not there yet (the run is starting) or caught mid-replace: the next change brings it.
  if (manifest.is_object()) model_->set_manifest(manifest);
  dirty_ = true;
}

void WatchSession::catch_up() {
  if (!run_ || finished_) return;
  const LineSink action = [this](std::string_view line) {
    model_->add_action(line);
    dirty_ = true;
    return true;
  };
  const LineSink finding = [this](std::string_view line) {
    model_->add_finding(line);
    dirty_ = true;
    return true;
  };
  run_->catch_up(action, finding);
  if (ended()) {
    run_->finish(action, finding);
    read_manifest_file();  // its final counts and exit code
    finished_ = true;
  }
}

std::vector<std::string> WatchSession::frame(size_t width, size_t height, bool colour) const {
  FrameInfo info;
  info.live = !req_.once;
  info.width = width;
  info.height = height;
  info.colour = colour;
  if (!run_) {
    info.state = "waiting for a run in " + (req_.home / "logs").string();
  } else {
    info.run_id = run_->run_id();
    info.ended = ended();
    switch (run_->end()) {
      case RunEnd::Complete: info.state = "complete"; break;
      case RunEnd::RecorderGone: info.state = "unsealed (its capsule is gone)"; break;
      case RunEnd::NotYet: info.state = run_->has_manifest() ? "recording" : "starting"; break;
    }
  }
  return render_frame(*model_, info);
}

bool WatchSession::once(int out_fd) {
  const std::optional<fs::path> dir = req_.run_dir ? req_.run_dir : pick_run(req_.home);
  if (!dir) return false;
  open_run(*dir);
  catch_up();
  const TerminalSize size = terminal_size(out_fd);
  std::string text;
  for (const std::string& line : frame(size.width != 0 ? size.width : req_.width,
                                       size.height != 0 ? size.height : req_.height, req_.colour)) {
    text += line + "\n";
  }
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(out_fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return true;
}

void WatchSession::handle_events() {
  for (const InotifyEvent& ev : inotify_.read_events()) {
    if (ev.mask & IN_Q_OVERFLOW) {
      // Events were lost: the manifest may have changed (a run that started unseen is found
      // when this one ends and the next one starts).
      if (run_) {
        run_->note_event({run_->watch_descriptor(), 0, kManifestFile});
        read_manifest_file();
      }
      continue;
    }
    if (ev.wd == logs_wd_ && logs_wd_ >= 0) {
      // A new run: shown once the one on screen has ended (never instead of a running one).
      const fs::path dir = req_.home / "logs" / ev.name;
      if (!run_id_of(dir).empty() && (!run_ || finished_)) open_run(dir);
    } else if (run_ && ev.wd == run_->watch_descriptor()) {
      run_->note_event(ev);
      if (ev.name == kManifestFile) read_manifest_file();
    }
  }
}

WatchSession::Input WatchSession::read_signal(int signal_fd) {
  signalfd_siginfo si{};
  Input what = Input::Continue;
  while (::read(signal_fd, &si, sizeof si) == static_cast<ssize_t>(sizeof si)) {
    if (si.ssi_signo == SIGWINCH) {
      if (what == Input::Continue) what = Input::Resized;
    } else {
      what = Input::Quit;
    }
  }
  return what;
}

WatchSession::Input WatchSession::read_keys(int in_fd) {
  char keys[64];
  const ssize_t n = ::read(in_fd, keys, sizeof keys);
  if (n == 0) return Input::Quit;  // the terminal is gone
  for (ssize_t i = 0; i < n; ++i) {
    // q, Q, Ctrl-C (raw mode: a key, not a signal), Ctrl-D
    if (keys[i] == 'q' || keys[i] == 'Q' || keys[i] == '\x03' || keys[i] == '\x04') return Input::Quit;
  }
  return Input::Continue;
}

void WatchSession::live(int in_fd, int out_fd, int signal_fd) {
  if (req_.run_dir) {
    open_run(*req_.run_dir);
  } else {
    const fs::path logs = req_.home / "logs";
    // Watched before the runs are looked at, so that a run starting in between is not missed.
    logs_wd_ = inotify_.watch(logs, IN_CREATE | IN_MOVED_TO | IN_ONLYDIR);
    if (logs_wd_ < 0) throw std::system_error(errno, std::generic_category(), "cannot watch " + logs.string());
    if (const auto dir = pick_run(req_.home)) open_run(*dir);
  }
  WatchTerminal term(in_fd, out_fd);
  int64_t drawn_at = monotonic_ms() - kFrameMs;
  bool resized = false;
  for (;;) {
    catch_up();
    const int64_t now = monotonic_ms();
    if ((dirty_ && now - drawn_at >= kFrameMs) || resized) {
      const TerminalSize size = terminal_size(out_fd);
      if (resized) term.clear();
      term.draw(frame(size.width != 0 ? size.width : req_.width, size.height != 0 ? size.height : req_.height,
                      req_.colour));
      dirty_ = resized = false;
      drawn_at = now;
    }
    std::vector<pollfd> fds{{inotify_.fd(), POLLIN, 0}, {signal_fd, POLLIN, 0},
                            {term.reads_keys() ? in_fd : -1, POLLIN, 0}};
    const bool watching_recorder = run_ && !finished_ && run_->recorder_fd() >= 0;
    if (watching_recorder) fds.push_back({run_->recorder_fd(), POLLIN, 0});
    int timeout = -1;
    if (dirty_) timeout = static_cast<int>(std::max<int64_t>(0, kFrameMs - (now - drawn_at)));
    else if (run_ && !finished_ && run_->needs_liveness_checks()) timeout = kLivenessCheckMs;
    const int rc = ::poll(fds.data(), fds.size(), timeout);
    if (rc < 0 && errno != EINTR) throw std::system_error(errno, std::generic_category(), "poll");
    if (rc <= 0) continue;
    if (fds[1].revents != 0) {
      const Input in = read_signal(signal_fd);
      if (in == Input::Quit) return;
      resized = resized || in == Input::Resized;
    }
    if (fds[2].revents != 0 && read_keys(in_fd) == Input::Quit) return;
    if (watching_recorder && fds.back().revents != 0) {
      run_->note_recorder_exit();
      dirty_ = true;
    }
    if (fds[0].revents != 0) handle_events();
  }
}

}  // namespace

bool run_watch(const WatchRequest& request, int in_fd, int out_fd, int signal_fd) {
  WatchSession session(request);
  if (request.once) return session.once(out_fd);
  session.live(in_fd, out_fd, signal_fd);
  return true;
}

}  // namespace capsule::view::watch
