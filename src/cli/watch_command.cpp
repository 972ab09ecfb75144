// capsule watch: a live terminal view of a run (#25): its process tree, findings as they are
// made, the newest actions and counts, redrawn as the run's files grow and when the terminal is
// resized; `q` quits. The view itself is view::watch (src/view/watch/); this file parses the
// command line, turns SIGWINCH/SIGINT/SIGTERM/SIGHUP into a signalfd and picks the frame's size
// and colours.
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include "base/number_parse.h"
#include "base/unique_fd.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/run_dir.h"
#include "view/watch/watch_session.h"

namespace capsule {
namespace {

struct WatchOptions {
  HomeOption home;
  std::string run;
  bool once = false;
};

// Signals become readable events on a signalfd, polled with the run's files: a resize redraws
// and a quit leaves through the same path as `q`, which restores the terminal.
UniqueFd watch_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (const int sig : {SIGINT, SIGTERM, SIGHUP, SIGWINCH}) sigaddset(&set, sig);
  if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) return {};
  ::signal(SIGPIPE, SIG_IGN);  // a closed output ends watch through EPIPE
  return UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

// $COLUMNS / $LINES, for a frame written where there is no terminal to ask.
size_t env_size(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr) return fallback;
  const auto n = parse_whole<size_t>(v);
  return n && *n > 0 && *n < 10000 ? static_cast<size_t>(*n) : fallback;
}

int watch(const WatchOptions& o) {
  view::watch::WatchRequest req;
  req.home = resolve_home(o.home.home);
  if (!o.run.empty()) {
    const auto dir = chosen_run_dir(o.home, o.run);
    if (!dir) return exit_code::kUsage;
    req.run_dir = *dir;
  }
  const bool on_terminal = ::isatty(STDOUT_FILENO) == 1;
  // Not a terminal (a pipe, a file, a test): one frame of what is stored now.
  req.once = o.once || !on_terminal;
  req.width = env_size("COLUMNS", 80);
  req.height = env_size("LINES", 24);
  const char* no_color = std::getenv("NO_COLOR");
  req.colour = on_terminal && (no_color == nullptr || *no_color == '\0');
  if (!req.once && !req.run_dir) {
    try {
      prepare_home(req.home);  // logs/ must exist to be watched for the first run
    } catch (const RunDirError& e) {
      print_error(e.what());
      return exit_code::kUsage;
    }
  }
  const UniqueFd signals = req.once ? UniqueFd() : watch_signals();
  try {
    if (!view::watch::run_watch(req, STDIN_FILENO, STDOUT_FILENO, signals.get())) {
      print_error("no runs in " + (req.home / "logs").string());
      return exit_code::kUsage;
    }
  } catch (const std::system_error& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  return exit_code::kOk;
}

}  // namespace

Command add_watch_command(CLI::App& app) {
  auto opts = std::make_shared<WatchOptions>();
  auto* sub = app.add_subcommand("watch", "A live view of a run: its process tree, findings and newest actions");
  add_home_option(*sub, opts->home);
  sub->add_option("--run", opts->run,
                  "Watch this run: a run id, a unique prefix of one, a log directory, or 'latest' "
                  "(default: the run being recorded, else the newest)");
  sub->add_flag("--once", opts->once, "Print one frame of what is stored now and exit (also when stdout is not a terminal)");
  sub->footer("Redraws as the run is written and when the terminal is resized; q (or Ctrl-C) quits.\n"
              "It only reads the run's files: the traced program never waits for it.\n"
              "Without --run, once the run shown has ended, the next run to start is shown.\n"
              "Not on a terminal: one frame, $COLUMNS x $LINES (default 80 x 24), no colour.\n"
              "Exit codes: 0; 2 no such run (or, for one frame without --run, no run at all).");
  return {sub, [opts] { return watch(*opts); }, nullptr};
}

}  // namespace capsule
