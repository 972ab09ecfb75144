// capsule prune [--keep N] [--older-than DAYS] [--max-size SIZE] [--dry-run] [--json]
#include "cli/prune_command.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/compact_command.h"
#include "cli/exit_codes.h"
#include "log/chain/pruned_log.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "view/run_status.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

struct PruneOptions {
  HomeOption home;
  std::optional<uint64_t> keep;
  std::optional<double> older_than_days;
  std::string max_size;
  bool dry_run = false;
  bool json = false;
};

std::vector<RunOnDisk> runs_on_disk(const fs::path& home) {
  std::vector<RunOnDisk> out;
  for (const fs::path& dir : list_runs(home)) {
    // A run without a readable manifest dates from its directory name's timestamp (the same
    // instant its manifest would give), so a run whose capsule died early still ages out.
    RunOnDisk r{dir, run_id_of(dir), run_dir_time_us(dir), disk_bytes(dir), false};
    try {
      const Manifest m = read_manifest(dir);
      if (m.start_us > 0) r.start_us = m.start_us;
      r.recording = view::run_status(m) == view::RunStatus::Recording;
    } catch (const std::exception&) {
      // no manifest yet: a run starting this very moment has one within microseconds, so a run
      // without one that is younger than a minute is left alone
      r.recording = wall_clock_us() - r.start_us < int64_t{60} * 1000000;
    }
    out.push_back(std::move(r));
  }
  return out;
}

int prune(const PruneOptions& o) {
  fs::path home;
  RetentionLimits limits;
  try {
    home = resolve_home(o.home.home);
    limits = read_retention_config(home);  // the flags given override the file's settings
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  if (o.keep) limits.keep = o.keep;
  if (o.older_than_days) limits.older_than_days = o.older_than_days;
  if (!o.max_size.empty()) {
    limits.max_bytes = parse_size(o.max_size);
    if (!limits.max_bytes) {
      print_error(fmt::format("--max-size wants a size such as 500M or 2G, not \"{}\"", o.max_size));
      return exit_code::kUsage;
    }
  }
  // Old runs are compacted first (retention.conf's compress-after), so that --max-size weighs
  // the sizes they keep; a dry run changes nothing.
  if (!o.dry_run) compact_by_config(home, limits, false);
  if (!limits.any()) {
    print_error("nothing to prune by: give --keep, --older-than or --max-size (or set them in " +
                (home / "retention.conf").string() + ")");
    return exit_code::kUsage;
  }
  std::vector<PruneChoice> done;
  try {
    done = prune_runs(home, limits, o.dry_run);
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  uint64_t bytes = 0;
  for (const auto& c : done) bytes += c.run.bytes;
  if (o.json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& c : done) {
      j.push_back({{"run_id", c.run.run_id}, {"log_dir", c.run.dir.string()}, {"bytes", c.run.bytes},
                   {"reason", c.reason}, {"removed", !o.dry_run}});
    }
    fmt::print("{}\n", j.dump(2));
  } else {
    for (const auto& c : done) {
      fmt::print("{} {}  {:>9}  {}\n", o.dry_run ? "would remove" : "removed", c.run.run_id, size_text(c.run.bytes),
                 c.reason);
    }
    fmt::print("{} {} run{}, {}\n", o.dry_run ? "would prune" : "pruned", done.size(), done.size() == 1 ? "" : "s",
               size_text(bytes));
  }
  return exit_code::kOk;
}

}  // namespace

std::vector<PruneChoice> prune_runs(const fs::path& home, const RetentionLimits& limits, bool dry_run) {
  std::vector<PruneChoice> plan = plan_prune(runs_on_disk(home), limits, wall_clock_us());
  if (dry_run || plan.empty()) return plan;
  const SigningKey key = SigningKey::load_or_create(home);
  for (const PruneChoice& c : plan) {
    // The signed line first: a prune cut short leaves a run that is listed and still there,
    // never one that is gone without a word.
    append_pruned(home, key, {c.run.run_id, wall_clock_us(), c.run.bytes, c.reason});
    fs::remove_all(c.run.dir);
    std::error_code ignored;
    fs::remove_all(home / "run" / c.run.run_id, ignored);
  }
  return plan;
}

void prune_by_config(const fs::path& home, const RetentionLimits& limits, bool quiet) {
  try {
    if (!limits.any()) return;
    const std::vector<PruneChoice> done = prune_runs(home, limits, false);
    if (done.empty() || quiet) return;
    uint64_t bytes = 0;
    for (const auto& c : done) bytes += c.run.bytes;
    print_error(fmt::format("pruned {} old run{} ({}) per {}", done.size(), done.size() == 1 ? "" : "s",
                            size_text(bytes), (home / "retention.conf").string()));
  } catch (const std::exception& e) {
    print_error(fmt::format("runs not pruned: {}", e.what()));
  }
}

Command add_prune_command(CLI::App& app) {
  auto opts = std::make_shared<PruneOptions>();
  auto* sub = app.add_subcommand("prune", "Remove old runs: the oldest first, never one still recording");
  add_home_option(*sub, opts->home);
  sub->add_option("--keep", opts->keep, "Keep at most the newest N runs")->check(CLI::Range(uint64_t{0}, uint64_t{1} << 40));
  sub->add_option("--older-than", opts->older_than_days, "Remove runs that started more than DAYS days ago")
      ->check(finite_number())->check(CLI::Range(0.0, 1e6));
  sub->add_option("--max-size", opts->max_size, "Remove the oldest runs until all of them take at most SIZE (500M, 2G)");
  sub->add_flag("-n,--dry-run", opts->dry_run, "Say what would be removed, remove nothing");
  sub->add_flag("--json", opts->json, "Print what was removed as JSON");
  sub->footer("Without options: the limits of $CAPSULE_HOME/retention.conf (keep = N, older-than-days = D,\n"
              "max-size = SIZE), which every `capsule run` also applies when it starts. Each removed run is\n"
              "recorded, signed, in pruned.log; its anchor stays in heads.log, and verify reports it as pruned.");
  return {sub, [opts] { return prune(*opts); }, nullptr};
}

}  // namespace capsule
