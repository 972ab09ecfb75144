// capsule tail: prints one stream of a run as it is written (the flight recorder as a live
// instrument: one terminal runs the program, another watches). The following itself is
// view::run_tail; this file parses the command line, checks the stream and run, routes
// SIGINT/SIGTERM to a signalfd and writes the records out.
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/core.h>

#include "base/unique_fd.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/run_dir.h"
#include "view/record_filter.h"
#include "view/record_render.h"
#include "view/run_status.h"
#include "view/stream_names.h"
#include "view/tail_session.h"
#include "base/ascii_text.h"

namespace capsule {
namespace {
namespace fs = std::filesystem;

constexpr const char* kDefaultStream = "actions";
constexpr const char* kFallbackStream = "events";
constexpr const char* kFindingsStream = "risks";  // marked among the default view's actions
constexpr size_t kOutputBuffer = 64 * 1024;
constexpr size_t kRunsListed = 10;

struct TailOptions {
  HomeOption home;
  std::string stream;
  std::string run;
  bool json = false;
  bool no_follow = false;
  bool exit_on_end = false;
  std::optional<long long> pid;
  std::string exe;
  std::vector<std::string> kinds;
  std::string path;
  std::string min_severity;
  std::optional<size_t> width;  // --width; else the terminal's, when stdout is one
};

// The terminal's width in columns; 0 (never cut) when stdout is not a terminal.
size_t terminal_width() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return 0;
  return ws.ws_col;
}

// A usage problem: reported as one "capsule:" line, exit 2.
struct TailUsageError {
  std::string message;
};

// Buffers records and writes them to stdout before tail waits, so that a record is out as soon
// as it is read, and a large backlog goes out in big writes.
class RecordWriter {
 public:
  explicit RecordWriter(int stop_fd) : stop_fd_(stop_fd) {}

  bool write_line(std::string_view line) {
    buf_.append(line);
    buf_.push_back('\n');
    if (buf_.size() >= kOutputBuffer) flush();
    return !gone_;
  }

  void flush() {
    size_t done = 0;
    while (done < buf_.size() && !gone_) {
      const ssize_t n = ::write(STDOUT_FILENO, buf_.data() + done, buf_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) gone_ = true;  // EPIPE (the reader left) or worse: nothing more to show
      else done += static_cast<size_t>(n);
    }
    buf_.clear();
    // A long backlog never reaches the poll in run_tail: look for Ctrl-C here as well.
    pollfd p{stop_fd_, POLLIN, 0};
    if (stop_fd_ >= 0 && ::poll(&p, 1, 0) > 0) gone_ = true;
  }

 private:
  int stop_fd_;
  std::string buf_;
  bool gone_ = false;
};

// SIGINT and SIGTERM become readable events on a signalfd, polled with the inotify fd: Ctrl-C
// ends tail cleanly (exit 0) without a handler or any global state.
UniqueFd stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) return {};
  // A reader that goes away (`capsule tail | head`) ends tail through EPIPE, not a signal.
  ::signal(SIGPIPE, SIG_IGN);
  return UniqueFd(::signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

std::string runs_list(const fs::path& home) {
  const std::vector<fs::path> runs = list_runs(home);
  if (runs.empty()) return "no runs in " + (home / "logs").string();
  std::vector<std::string> ids;
  for (size_t i = 0; i < runs.size() && i < kRunsListed; ++i) ids.push_back(run_id_of(runs[i]));
  std::string out = "runs: " + view::join_names(ids);
  if (runs.size() > kRunsListed) out += fmt::format(" and {} more (capsule runs)", runs.size() - kRunsListed);
  return out;
}

std::string known_streams() { return "known streams: " + view::join_names(view::known_stream_names()); }

// Checks that run_dir has the stream, or will have it: a known stream of a run still being
// recorded may appear later; the default stream falls back to events in run_tail.
void check_stream_of_run(const fs::path& run_dir, const TailOptions& o, bool stream_given) {
  const std::vector<std::string> present = view::streams_in_run(run_dir);
  if (std::find(present.begin(), present.end(), o.stream) != present.end()) return;
  if (!stream_given) return;
  if (view::is_known_stream(o.stream) && view::is_recording(run_dir)) return;
  throw TailUsageError{fmt::format("run {} has no '{}' stream; it has: {} ({})", run_id_of(run_dir), o.stream,
                                   present.empty() ? "none" : view::join_names(present), known_streams())};
}

view::TailRequest make_request(const TailOptions& o) {
  const bool stream_given = !o.stream.empty();
  view::TailRequest req;
  req.home = resolve_home(o.home.home);
  req.stream = stream_given ? o.stream : kDefaultStream;
  if (!stream_given) req.fallback_stream = kFallbackStream;
  // The default view marks findings among the actions; --json keeps one stream's records as stored.
  if (!stream_given && !o.json) req.side_stream = kFindingsStream;
  req.follow = !o.no_follow;
  req.exit_on_end = o.exit_on_end;
  if (!view::is_valid_stream_name(req.stream)) {
    throw TailUsageError{fmt::format("unknown stream '{}'; {}", req.stream, known_streams())};
  }

  // --no-follow without --run shows the newest run as it is.
  const std::string spec = !o.run.empty() ? o.run : (o.no_follow ? "latest" : "");
  if (!spec.empty()) {
    try {
      req.run_dir = resolve_run(req.home, spec);
    } catch (const RunDirError& e) {
      throw TailUsageError{fmt::format("{}; {}", e.what(), runs_list(req.home))};
    }
    TailOptions checked = o;
    checked.stream = req.stream;
    check_stream_of_run(*req.run_dir, checked, stream_given);
    return req;
  }

  // Following the newest run: a stream is fine if capsule knows it or the newest run has it.
  if (!view::is_known_stream(req.stream)) {
    const std::vector<fs::path> runs = list_runs(req.home);
    const std::vector<std::string> present = runs.empty() ? std::vector<std::string>{} : view::streams_in_run(runs.front());
    if (std::find(present.begin(), present.end(), req.stream) == present.end()) {
      throw TailUsageError{fmt::format("unknown stream '{}'; {}", req.stream, known_streams())};
    }
  }
  try {
    prepare_home(req.home);  // logs/ must exist to be watched for the first run
  } catch (const RunDirError& e) {
    std::error_code ec;
    if (!fs::is_directory(req.home / "logs", ec)) throw TailUsageError{e.what()};
  }
  return req;
}

int tail(const TailOptions& o) {
  view::RecordFilter filter;
  filter.pid = o.pid;
  filter.exe = o.exe;
  for (const std::string& k : o.kinds) {
    filter.kinds.push_back(ascii_lower(k));
  }
  filter.path = o.path;
  if (!o.min_severity.empty()) filter.min_severity = view::severity_rank(o.min_severity);
  view::TailRequest req;
  try {
    req = make_request(o);
  } catch (const TailUsageError& e) {
    print_error(e.message);
    return exit_code::kUsage;
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }

  const UniqueFd stop = stop_signals();
  RecordWriter writer(stop.get());
  const char* no_color = std::getenv("NO_COLOR");
  view::RenderStyle style;
  style.colour = ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0');

  view::TailOutput out;
  const bool on_terminal = ::isatty(STDOUT_FILENO) == 1;
  // Following every run being recorded, each line says whose it is; one run (--run, or
  // --no-follow's newest) needs no run column.
  const bool run_column = !req.run_dir.has_value();
  out.record = [&](std::string_view run_id, std::string_view stream, std::string_view line) {
    if (!filter.matches(stream, line)) return true;
    if (o.json) return writer.write_line(line);
    if (run_column) style.run = run_id;
    style.show_exe = stream != "events";
    style.mark_findings = req.side_stream.has_value();
    // Cut to the terminal, asked again each record so that a resize takes effect at once.
    style.width = o.width ? *o.width : on_terminal ? terminal_width() : 0;
    return writer.write_line(view::render_record(stream, line, style));
  };
  out.flush = [&] { writer.flush(); };
  out.notice = [](const std::string& text) { print_error(text); };
  view::run_tail(req, out, stop.get());
  return exit_code::kOk;
}

}  // namespace

Command add_tail_command(CLI::App& app) {
  auto opts = std::make_shared<TailOptions>();
  auto* sub = app.add_subcommand("tail", "Print runs' records as they are written (every run being recorded, and each new one)");
  sub->add_option("stream", opts->stream,
                  "syscalls, events, enriched, actions (default) or risks; any stream the run has");
  add_home_option(*sub, opts->home);
  sub->add_option("--run", opts->run,
                  "Follow this run only: a run id, a unique prefix of one, a log directory, or 'latest'");
  sub->add_flag("--json", opts->json, "Print the records exactly as stored");
  sub->add_flag("--no-follow", opts->no_follow, "Print what is there and exit (the newest run without --run)");
  sub->add_flag("--exit-on-end", opts->exit_on_end, "Exit 0 once every followed run has ended");
  sub->add_option("--pid", opts->pid, "Only records of this process (or thread) id");
  sub->add_option("--exe", opts->exe, "Only records of programs matching this glob (base name or full path)");
  sub->add_option("--kind", opts->kinds,
                  "Only these kinds: action kinds (read, write, exec, connect…), syscall names, or rule ids "
                  "(repeat, or separate with commas)")
      ->delimiter(',');
  sub->add_option("--path", opts->path, "Only records whose target (path, fd, peer) matches this glob");
  sub->add_option("--min-severity", opts->min_severity,
                  "Only records with a severity at or above this one (findings: tail risks)")
      ->check(CLI::IsMember({"info", "low", "medium", "high", "critical"}));
  sub->add_option("--width", opts->width,
                  "Cut each line to this many columns (default: the terminal's width; 0 never cuts)");
  sub->footer("Without --run, tail follows every run being recorded and each one that starts, each to its\n"
              "end, their records interleaved as they are written; each line starts with its run's id\n"
              "(8 characters, a prefix --run takes). --json prints records as stored, without it.\n"
              "On a terminal each line is cut to its width (a cut ends in …), never wrapped.\n"
              "Ctrl-C ends it (exit 0). Colour only on a terminal, and not with NO_COLOR set.");
  return {sub, [opts] { return tail(*opts); }, nullptr};
}

}  // namespace capsule
