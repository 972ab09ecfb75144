// capsule compact [--run ID | --all] [--level L] [--dry-run]: finished runs' plain streams
// rewritten as zstd (log/rundir/compact_run.h, docs/FORMAT.md "Compaction").
#include "cli/compact_command.h"

#include <fmt/core.h>

#include <algorithm>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/compact_run.h"
#include "log/rundir/manifest.h"
#include "log/rundir/retention.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "view/run_status.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

struct CompactCommandOptions {
  HomeOption home;
  std::string run;
  bool all = false;
  int level = kDefaultCompactLevel;
  std::string frame_size;  // --frame-size; empty: kCompactFramePlainBytes
  bool dry_run = false;
};

// Why a run cannot be compacted now (the same liveness rule as prune: never a run whose capsule
// is alive), or empty. A run must also be complete: a killed run's streams may end in lines no
// sidecar entry covers, which verify reports and a rewrite would drop.
std::string not_compactable(const Manifest& m) {
  if (view::run_status(m) == view::RunStatus::Recording) return "still being recorded";
  if (m.state != "complete") return "not complete (its capsule did not end it)";
  return {};
}

// The runs --all or the policy pick: finished, with a plain stream left, and (policy) ended
// before the cutoff. Newest first, as listed.
std::vector<fs::path> runs_to_compact(const fs::path& home, std::optional<int64_t> ended_before_us) {
  std::vector<fs::path> out;
  for (const fs::path& dir : list_runs(home)) {
    // Every `capsule run` asks this of every run of the home. A run that started after the cutoff
    // ended after it too: its name says so, without a system call.
    if (ended_before_us && run_dir_time_us(dir) > *ended_before_us) continue;
    // A run already compacted (no plain stream of capsule's own left) is passed over by a few stat
    // calls, without its manifest.
    const bool may_have_plain = std::any_of(kRunStreams.begin(), kRunStreams.end(), [&dir](const RunStreamSpec& s) {
      std::error_code ec;
      return fs::exists(dir / s.file, ec);
    });
    if (!may_have_plain) continue;
    try {
      const Manifest m = read_manifest(dir);
      if (!not_compactable(m).empty()) continue;
      // An import's end_us is its trace's, maybe days old: its age counts from the import (the
      // directory's time), as for any run from when it ended.
      if (ended_before_us && std::max(m.end_us, run_dir_time_us(dir)) > *ended_before_us) continue;
      bool plain_left = false;
      for (const StreamSummary& s : m.streams) {
        std::error_code ec;
        if (!is_compressed_file(s.file) && fs::is_regular_file(dir / s.file, ec)) plain_left = true;
      }
      if (plain_left) out.push_back(dir);
    } catch (const std::exception&) {
      // no readable manifest: nothing to compact by
    }
  }
  return out;
}

std::string compact_line(const std::string& id, const CompactResult& r, bool dry_run) {
  if (r.busy) return fmt::format("skipped {}  (another capsule is compacting it)", id);
  const size_t n = r.compacted.size() + r.finished.size();
  if (dry_run) {
    return fmt::format("would compact {}  {}  ({} stream{})", id, size_text(r.bytes_before), n, n == 1 ? "" : "s");
  }
  return fmt::format("compacted {}  {} -> {}  ({} stream{})", id, size_text(r.bytes_before), size_text(r.bytes_after),
                     n, n == 1 ? "" : "s");
}

int compact(const CompactCommandOptions& o) {
  uint64_t frame_bytes = kCompactFramePlainBytes;
  if (!o.frame_size.empty()) {
    const auto v = parse_size(o.frame_size);
    if (!v || *v < kFramePlainBytes || *v > kMaxFramePlainBytes) {
      print_error(fmt::format("--frame-size wants a size from 1M to 8M, not \"{}\"", o.frame_size));
      return exit_code::kUsage;
    }
    frame_bytes = *v;
  }
  fs::path home;
  std::vector<fs::path> dirs;
  try {
    home = resolve_home(o.home.home);
    if (o.all) {
      dirs = runs_to_compact(home, std::nullopt);
    } else if (!o.run.empty()) {
      const fs::path dir = resolve_run(home, o.run);
      const Manifest m = read_manifest(dir);
      if (const std::string why = not_compactable(m); !why.empty()) {
        print_error(fmt::format("run {} is {}: not compacted", run_id_of(dir), why));
        return exit_code::kUsage;
      }
      dirs.push_back(dir);
    } else {
      const RetentionLimits limits = read_retention_config(home);
      if (!limits.compress_after_us) return exit_code::kOk;  // compress-after = never
      dirs = runs_to_compact(home, wall_clock_us() - *limits.compress_after_us);
    }
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  int rc = exit_code::kOk;
  uint64_t before = 0, after = 0;
  for (const fs::path& dir : dirs) {
    CompactResult r;
    try {
      r = compact_run(dir, CompactOptions{o.level, frame_bytes, o.dry_run});
    } catch (const std::exception& e) {
      print_error(fmt::format("run {} not compacted: {}", run_id_of(dir), e.what()));
      return exit_code::kCannotRecord;
    }
    before += r.bytes_before;
    after += r.bytes_after;
    fmt::print("{}\n", compact_line(run_id_of(dir), r, o.dry_run));
    for (const std::string& why : r.left_plain) {
      print_error(fmt::format("run {}: left plain: {}", run_id_of(dir), why));
      rc = exit_code::kTampered;
    }
  }
  if (dirs.size() > 1 && !o.dry_run) {
    fmt::print("compacted {} runs, {} -> {}\n", dirs.size(), size_text(before), size_text(after));
  }
  return rc;
}

}  // namespace

void compact_by_config(const fs::path& home, const RetentionLimits& limits, bool quiet,
                       std::optional<int64_t> budget_ms) {
  try {
    if (!limits.compress_after_us) return;
    uint64_t before = 0, after = 0;
    size_t n = 0, left = 0;
    const int64_t start_ms = monotonic_ms();
    for (const fs::path& dir : runs_to_compact(home, wall_clock_us() - *limits.compress_after_us)) {
      if (budget_ms && monotonic_ms() - start_ms >= *budget_ms) {
        ++left;
        continue;
      }
      const CompactResult r = compact_run(dir, CompactOptions{});
      if (r.busy) continue;
      for (const std::string& why : r.left_plain) {
        print_error(fmt::format("run {}: left plain: {}", run_id_of(dir), why));
      }
      before += r.bytes_before;
      after += r.bytes_after;
      ++n;
    }
    if (n == 0 || quiet) return;
    print_error(fmt::format("compacted {} run{} ended over {} ago ({} -> {}){}", n, n == 1 ? "" : "s",
                            duration_setting_text(*limits.compress_after_us), size_text(before), size_text(after),
                            left == 0 ? "" : fmt::format("; {} more at the next run", left)));
  } catch (const std::exception& e) {
    print_error(fmt::format("runs not compacted: {}", e.what()));
  }
}

std::optional<RetentionLimits> home_retention_settings(const fs::path& home) {
  try {
    return read_retention_config(home);
  } catch (const std::exception& e) {
    print_error(fmt::format("{} (nothing compacted or pruned)", e.what()));
    return std::nullopt;
  }
}

Compression home_compression(const std::optional<RetentionLimits>& settings, const std::optional<Compression>& given) {
  if (given) return *given;
  return settings && settings->compress ? *settings->compress : Compression{};
}

Command add_compact_command(CLI::App& app) {
  auto opts = std::make_shared<CompactCommandOptions>();
  auto* sub = app.add_subcommand("compact", "Rewrite finished runs' plain streams as zstd, keeping their seal");
  add_home_option(*sub, opts->home);
  // Not add_run_option: without --run, compact takes the runs compress-after names, not the latest.
  auto* run = sub->add_option("--run", opts->run, "One run: id, unique prefix, log directory, or latest");
  auto* all = sub->add_flag("--all", opts->all, "Every finished run with a plain stream, whatever its age");
  run->excludes(all);
  sub->add_option("--level", opts->level, "zstd level, 1..19")
      ->check(CLI::Range(1, kMaxZstdLevel))
      ->default_val(kDefaultCompactLevel);
  sub->add_option("--frame-size", opts->frame_size,
                  "Bytes of lines per zstd frame, 1M..8M (default 8M): a reader seeking into the "
                  "stream decodes at most this much");
  sub->add_flag("-n,--dry-run", opts->dry_run, "Say which runs would be compacted, change nothing");
  sub->footer(
      "Without --run or --all: the finished runs that ended longer ago than compress-after in\n"
      "$CAPSULE_HOME/retention.conf (default 1h; `never` turns it off), which every `capsule run` and\n"
      "`capsule prune` also compacts. Streams are checked against their chain while rewritten; the\n"
      "chain heads, checkpoints and seal stay as they were (`capsule verify` says ok before and after).\n"
      "Exit: 0 done (or nothing to do), 1 a stream does not match its chain and was left plain,\n"
      "2 bad arguments or a run still recording or not complete, 125 a file could not be written.");
  return {sub, [opts] { return compact(*opts); }, nullptr};
}

}  // namespace capsule
