// capsule import FILE: an strace log made elsewhere, earlier, becomes a normal run (the same
// streams, chains, manifest and seal as `capsule run`; backend "import").
//
// The file is streamed in 4 MiB reads, never held whole. What can only be known from a live
// process (the /proc seed of the enricher) stays absent. The run directory is named after the
// import time, so that the imported run is the "latest" one; the manifest's start_us/end_us are
// the trace's first and last timestamps.
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/unique_fd.h"
#include "cli/compact_command.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_redaction.h"
#include "cli/run_session.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "strace/relative_span.h"
#include "strace/strace_ingest.h"

namespace capsule {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;
constexpr size_t kChunkBytes = 4 << 20;
constexpr int kCannotRead = exit_code::kUsage;  // the input file is missing or unreadable
constexpr int kNotStrace = 1;

struct ImportOptions {
  HomeOption home;
  bool quiet = false;
  std::string redact = kDefaultRedactMode;  // --redact MODE
  std::string file;
  std::optional<std::string> date;
  std::optional<Compression> compression;  // --compress (not given: the home's default)
};

// strace's -t/-tt times are local times of day without a date: the base is local midnight of
// --date, else of the day the file was last written (when the trace ended).
std::optional<int64_t> local_midnight_us(const std::optional<std::string>& date, time_t fallback) {
  std::tm tm{};
  if (date) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(date->c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > 31) {
      return std::nullopt;
    }
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
  } else {
    localtime_r(&fallback, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
  }
  tm.tm_isdst = -1;
  return static_cast<int64_t>(std::mktime(&tm)) * 1000000;
}

// Reads up to n bytes (fewer only at the end of the file); -1 with errno on failure.
ssize_t read_full(int fd, char* buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::read(fd, buf + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(got);
}

int cannot_read(const std::string& file, int err) {
  print_error(fmt::format("cannot read {}: {}", file, std::strerror(err)));
  return kCannotRead;
}

int import_file(const ImportOptions& o) {
  const UniqueFd in(::open(o.file.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (in.get() < 0 || ::fstat(in.get(), &st) != 0) return cannot_read(o.file, errno);
  if (S_ISDIR(st.st_mode)) return cannot_read(o.file, EISDIR);
  const std::optional<int64_t> day_start = local_midnight_us(o.date, st.st_mtime);
  if (!day_start) {
    print_error(fmt::format("import: --date {}: expected YYYY-MM-DD", *o.date));
    return exit_code::kUsage;
  }

  std::vector<char> buf(kChunkBytes);
  const ssize_t head = read_full(in.get(), buf.data(), kSniffBytes);
  if (head < 0) return cannot_read(o.file, errno);
  if (!looks_like_strace(std::string_view(buf.data(), static_cast<size_t>(head)))) {
    print_error(fmt::format("{} is not an strace log", o.file));
    return kNotStrace;
  }

  // strace -r times have no time of day: the run ends when the file was last written. With --date
  // (the user's choice, and reproducible) or from a pipe (which cannot be read twice) the first
  // line is at the start of that day instead, as for -t times.
  std::optional<int64_t> relative_span;
  if (S_ISREG(st.st_mode) && !o.date) {
    off_t at = 0;
    relative_span = relative_span_us([&](char* b, size_t n) {
      const ssize_t r = ::pread(in.get(), b, n, at);
      if (r > 0) at += r;
      return r;
    });
  }
  const int64_t start_us = relative_span
                               ? static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000 + st.st_mtim.tv_nsec / 1000 - *relative_span
                               : *day_start;

  RunSessionOptions so;
  so.home = resolve_home(o.home.home);
  so.backend = "import";
  so.compression = home_compression(home_retention_settings(so.home), o.compression);
  so.live_program = false;
  so.redact = o.redact;
  std::unique_ptr<RunSession> session = RunSession::open(std::move(so));
  if (!session) return exit_code::kCannotRecord;
  const std::filesystem::path& run_dir = session->run_dir();
  session->write_running_manifest();
  session->begin(std::nullopt);

  StraceParseOptions popts;
  popts.day_start_us = start_us;
  popts.keep_unparsed = true;
  EventSink& sink = session->sink();
  StraceIngest ingest(std::move(popts), [&sink](SyscallEvent& ev) { sink.emit(ev); });
  ingest.feed_bytes(std::string_view(buf.data(), static_cast<size_t>(head)));
  int read_errno = 0;
  while (!sink.failed()) {
    const ssize_t n = read_full(in.get(), buf.data(), buf.size());
    if (n < 0) read_errno = errno;
    if (n <= 0) break;
    ingest.feed_bytes(std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  ingest.finish();
  session->end_recording();

  const StraceRunFacts& facts = ingest.facts();
  Manifest& manifest = session->manifest();
  if (facts.first_exec_argv) {
    manifest.argv = *facts.first_exec_argv;
    manifest.command = join_command(manifest.argv);
  }
  manifest.start_us = facts.first_ts_us.value_or(0);
  manifest.end_us = facts.last_ts_us.value_or(0);
  manifest.exit_code = facts.root_status();
  manifest.exit_signal = facts.root_signal;
  manifest.processes = facts.pids.size();
  if (relative_span) manifest.extra.emplace_back("relative_times", "true");
  const std::optional<int> closed = session->close(exit_code::kOk, {});
  if (!closed) return exit_code::kCannotRecord;
  if (read_errno != 0) return cannot_read(o.file, read_errno);
  if (!o.quiet) {
    print_error(fmt::format("run {} imported \u00b7 {} syscalls{} \u00b7 {}", session->paths().run_id,
                            manifest.syscalls, session->incomplete_note(), run_dir.string()));
    if (relative_span) {
      print_error("the log has relative times (strace -r): the run is placed to end when the file was last "
                  "written; the times between its lines are exact");
    }
    if (session->anchor()) print_error(fmt::format("anchor {}", *session->anchor()));
  }
  return *closed;
}

}  // namespace

Command add_import_command(CLI::App& app) {
  auto opts = std::make_shared<ImportOptions>();
  auto* sub = app.add_subcommand("import", "Make a run from an strace log (strace -f -tt -yy -o FILE …)");
  sub->add_option("file", opts->file, "The strace output file")->required();
  add_home_option(*sub, opts->home);
  add_compress_option(*sub, opts->compression);
  sub->add_option("--date", opts->date,
                  "Date (YYYY-MM-DD, local) of the trace's first line, for -t/-tt times that carry none "
                  "(default: the day the file was last written)");
  sub->add_flag("-q,--quiet", opts->quiet, "Print nothing of capsule's own at the end");
  add_redact_option(*sub, opts->redact);
  sub->footer("Exit codes: 0 imported; 1 the file is not an strace log; 2 the file cannot be read.");
  return {sub, [opts] { return import_file(*opts); }, nullptr};
}

}  // namespace capsule
