// One run from its directory to its anchor, written once for every command that makes a run
// (`capsule run` with any backend, `capsule import`): the run directory and the pipeline that
// records into it, the manifest (state "running" at the start, "complete" at the end), then the
// seal over the final manifest's digest and the anchor (docs/FORMAT.md, "Run directory").
#pragma once

#include <sched.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/run_sealing.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "pipeline/recording_pipeline.h"
#include "base/clock.h"
#include "trace/backend.h"

namespace capsule {

struct RunSessionOptions {
  std::filesystem::path home;
  SealingOptions sealing;
  std::string backend;  // the manifest's "backend"
  int64_t action_window_us = Aggregator::kDefaultWindowUs;
  Compression compression;  // --compress
  std::shared_ptr<const std::vector<Rule>> rules;  // null: the default rules
  std::optional<cpu_set_t> pipeline_cpus;
  // A program runs while this run records (not an import): when the log fails it is stopped.
  bool live_program = true;
  // --redact (cli/run_redaction.h): "none", "secrets" or "all-env". own_environment: the program
  // starts with capsule's environment (not an import).
  std::string redact = "secrets";
  bool redact_own_environment = false;
};

class RunSession final : public RunRecorder {
 public:
  // Makes the run directory (named after now) and its pipeline, and starts the manifest. nullptr,
  // the reason printed, when either cannot be made.
  static std::unique_ptr<RunSession> open(RunSessionOptions o);

  const RunPaths& paths() const { return paths_; }
  int64_t start_us() const { return start_us_; }
  Manifest& manifest() { return manifest_; }
  RecordingPipeline& pipeline() { return *pipeline_; }
  // The manifest as it stands (state "running"): written before the first event.
  // The manifest's command line is redacted as the events are.
  void write_running_manifest();

  EventSink& sink() override { return *pipeline_; }
  void begin(std::optional<ProcessSnapshot> inherited) override;
  const std::filesystem::path& run_dir() const override { return paths_.log_dir; }

  // No more events: every stream drained, flushed and closed (a run with no event at all is
  // still started, so that it is sealed empty).
  void end_recording();

  // After end_recording() and after the caller has filled in how the run ended (exit code,
  // signal, processes, times, counters): the final manifest, the seal signing its digest (a run
  // that dies in between verifies as "seal missing") and the anchor; then what went wrong, one
  // line each. Returns the exit code so far (kCannotRecord when the manifest could not be
  // written), or nullopt when the log itself failed: that is said, and the run exits 125.
  std::optional<int> close(int code, const std::vector<std::string>& problems);
  // For the end-of-run line, after close(): " · incomplete: N records with unreadable memory",
  // " · incomplete: N unparsed strace lines", or "" when every record is whole.
  std::string incomplete_note() const;
  // The anchor line to show, when the run was sealed.
  const std::optional<std::string>& anchor() const { return anchor_; }

 private:
  void redact_manifest();

  RunSession(RunSessionOptions o, RunPaths paths, int64_t start_us, std::unique_ptr<RecordingPipeline> pipeline);

  RunSessionOptions opts_;
  RunPaths paths_;
  int64_t start_us_;
  std::unique_ptr<RecordingPipeline> pipeline_;
  Manifest manifest_;
  bool started_ = false;
  std::optional<std::string> anchor_;
};

}  // namespace capsule
