#include "cli/run_session.h"

#include <fmt/core.h>

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <system_error>

#include "base/unique_fd.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_redaction.h"
#include "version.h"

namespace capsule {

namespace {

// Room kept in the run directory for the final manifest: when the log's disk fills, this file is
// deleted so that the manifest can still say what was lost.
constexpr off_t kManifestReserveBytes = 64 * 1024;
constexpr const char* kReserveFile = ".manifest-reserve";

void make_reserve(const std::filesystem::path& dir) {
  const UniqueFd fd(::open((dir / kReserveFile).c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) return;  // best effort: without it a full disk only loses the final counts
  [[maybe_unused]] const int err = ::posix_fallocate(fd.get(), 0, kManifestReserveBytes);
}

}  // namespace

std::unique_ptr<RunSession> RunSession::open(RunSessionOptions o) {
  const int64_t start_us = wall_clock_us();
  try {
    RunPaths paths = create_run(o.home, start_us);
    PipelineConfig pcfg;
    pcfg.log_dir = paths.log_dir;
    pcfg.run_id = paths.run_id;
    pcfg.action_window_us = o.action_window_us;
    pcfg.compression = o.compression;
    pcfg.rules = o.rules;
    pcfg.cpus = o.pipeline_cpus;
    configure_sealing(o.home, o.sealing, pcfg);
    pcfg.redactor = make_redactor(o.home, o.redact, o.redact_own_environment);
    auto pipeline = std::make_unique<RecordingPipeline>(pcfg);
    make_reserve(paths.log_dir);
    return std::unique_ptr<RunSession>(new RunSession(std::move(o), std::move(paths), start_us, std::move(pipeline)));
  } catch (const std::exception& e) {
    print_error(fmt::format("cannot create the run directory: {}", e.what()));
    return nullptr;
  }
}

RunSession::RunSession(RunSessionOptions o, RunPaths paths, int64_t start_us,
                       std::unique_ptr<RecordingPipeline> pipeline)
    : opts_(std::move(o)), paths_(std::move(paths)), start_us_(start_us), pipeline_(std::move(pipeline)) {
  manifest_.format_version = kManifestFormatVersion;
  manifest_.run_id = paths_.run_id;
  manifest_.capsule_version = CAPSULE_VERSION;
  manifest_.backend = opts_.backend;
  manifest_.state = "running";
  manifest_.seccomp_mode = "none";
  manifest_.compression = compression_text(opts_.compression);
  manifest_.extra.emplace_back("redaction", opts_.redact);
}

// Called while the pipeline thread is not running (before begin(), after end_recording()): the
// redactor is that thread's alone while it runs.
void RunSession::redact_manifest() {
  const Redactor* r = pipeline_->redactor();
  if (r == nullptr) return;
  for (std::string& word : manifest_.argv) r->redact_text(word);
  r->redact_text(manifest_.command);
}

void RunSession::write_running_manifest() {
  redact_manifest();
  write_manifest(paths_.log_dir, manifest_);
}

void RunSession::begin(std::optional<ProcessSnapshot> inherited) {
  if (inherited) pipeline_->enricher().seed(*inherited);
  pipeline_->start();
  started_ = true;
}

void RunSession::end_recording() {
  if (!started_) begin(std::nullopt);
  pipeline_->finish();
}

std::optional<int> RunSession::close(int code, const std::vector<std::string>& problems) {
  manifest_.state = "complete";
  redact_manifest();  // import sets the command line from the events, after the running manifest
  manifest_.syscalls = pipeline_->syscall_records();
  manifest_.streams = pipeline_->summaries();
  std::error_code ignored;
  std::filesystem::remove(paths_.log_dir / kReserveFile, ignored);  // its room is the manifest's
  const uint64_t unwritten = pipeline_->events_unwritten();
  // Records whose memory could not be read: the run is incomplete, and says how much.
  if (const uint64_t n = pipeline_->unreadable_records(); n > 0) {
    manifest_.extra.emplace_back("records_unreadable", std::to_string(n));
  }
  // strace lines that did not read: kept verbatim in their place, but nothing was understood.
  if (const uint64_t n = pipeline_->unparsed_records(); n > 0) {
    manifest_.extra.emplace_back("records_unparsed", std::to_string(n));
  }
  if (const uint64_t n = pipeline_->denied_records(); n > 0) {
    manifest_.extra.emplace_back("records_denied", std::to_string(n));
  }
  if (pipeline_->failed()) {
    // Never sealed; the manifest still counts the events taken but not written (FORMAT.md).
    manifest_.state = "log-failed";
    manifest_.extra.emplace_back("events_unwritten", std::to_string(unwritten));
  }
  std::string anchor_error;
  try {
    write_manifest(paths_.log_dir, manifest_);
    anchor_ = seal_run(*pipeline_, opts_.home, opts_.sealing, paths_.run_id, manifest_.exit_code.value_or(0),
                       manifest_.exit_signal, manifest_text(manifest_), anchor_error);
  } catch (const std::exception& e) {
    // When the log itself failed (disk full), the one line below says it all.
    if (!pipeline_->failed()) print_error(fmt::format("cannot write the manifest: {}", e.what()));
    code = exit_code::kCannotRecord;
  }
  if (!anchor_error.empty()) print_error(fmt::format("cannot append the anchor: {}", anchor_error));
  for (const auto& p : problems) print_error(p);
  if (pipeline_->failed()) {
    print_error(fmt::format("the log could not be written ({}); {} events taken were not written; {}what "
                            "was written verifies up to there",
                            pipeline_->failure_message(), unwritten,
                            opts_.live_program ? "the program was stopped so that it did not run unrecorded; " : ""));
    return std::nullopt;
  }
  return code;
}

std::string RunSession::incomplete_note() const {
  std::string note;
  if (const uint64_t n = pipeline_->unreadable_records(); n > 0) {
    note += fmt::format(" \u00b7 incomplete: {} records with unreadable memory", n);
  }
  if (const uint64_t n = pipeline_->unparsed_records(); n > 0) {
    note += fmt::format(" \u00b7 incomplete: {} unparsed strace line{}", n, n == 1 ? "" : "s");
  }
  return note;
}

}  // namespace capsule
