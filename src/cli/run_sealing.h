// The part of `capsule run` that makes a run authenticatable: keys and checkpoint schedule in,
// seal and anchor out (docs/FORMAT.md, "Checkpoints and seal", "Anchor").
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "pipeline/recording_pipeline.h"

namespace capsule {

struct SealingOptions {
  uint64_t checkpoint_records = 10000;
  double checkpoint_seconds = 1.0;
  std::optional<std::string> anchor;  // default: $CAPSULE_HOME/heads.log
};

void add_sealing_options(CLI::App& sub, SealingOptions& o);

// Loads (or on first use makes) the home's keys into cfg. Throws KeyError.
void configure_sealing(const std::filesystem::path& home, const SealingOptions& o,
                       PipelineConfig& cfg);

// Seals the run (after manifest.json holds manifest_bytes) and appends its anchor. Returns the
// anchor line to show, or nothing when the run could not be sealed; anchor_error is set when the
// anchor file could not be written.
std::optional<std::string> seal_run(RecordingPipeline& pipeline, const std::filesystem::path& home,
                                    const SealingOptions& o, const std::string& run_id,
                                    int exit_code, std::optional<int> exit_signal,
                                    const std::string& manifest_bytes, std::string& anchor_error);

}  // namespace capsule
