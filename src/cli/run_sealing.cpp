#include "cli/run_sealing.h"

#include <cmath>

#include "cli/commands.h"
#include "log/chain/anchor.h"
#include "log/chain/signing_key.h"

namespace capsule {

void add_sealing_options(CLI::App& sub, SealingOptions& o) {
  sub.add_option("--checkpoint-records", o.checkpoint_records,
                 "Sign a checkpoint at least every N events")
      ->default_val(10000)->check(CLI::Range(uint64_t{1}, uint64_t{1} << 40));
  sub.add_option("--checkpoint-seconds", o.checkpoint_seconds,
                 "Sign a checkpoint at least every T seconds, also when nothing happened")
      ->default_val(1.0)->check(finite_number())->check(CLI::Range(0.001, 3600.0));
  sub.add_option("--anchor", o.anchor,
                 "Append the sealed run's {run, count, head} to this file "
                 "(default: $CAPSULE_HOME/heads.log)");
}

void configure_sealing(const std::filesystem::path& home, const SealingOptions& o,
                       PipelineConfig& cfg) {
  cfg.signing_key = std::make_shared<const SigningKey>(SigningKey::load_or_create(home));
  cfg.epoch_recipient = epoch_public_key(home);
  cfg.checkpoints.every_records = o.checkpoint_records;
  cfg.checkpoints.every_us = std::llround(o.checkpoint_seconds * 1e6);
}

std::optional<std::string> seal_run(RecordingPipeline& pipeline, const std::filesystem::path& home,
                                    const SealingOptions& o, const std::string& run_id,
                                    int exit_code, std::optional<int> exit_signal,
                                    const std::string& manifest_bytes, std::string& anchor_error) {
  SealInfo info;
  info.exit_code = exit_code;
  if (exit_signal) info.exit_signal = *exit_signal;
  info.manifest_bytes = manifest_bytes;
  pipeline.seal(info);
  if (!pipeline.sealed()) return std::nullopt;
  const AnchorEntry entry{run_id, pipeline.checkpoint_records(), pipeline.checkpoint_head()};
  const std::filesystem::path file = o.anchor ? std::filesystem::path(*o.anchor) : home / "heads.log";
  try {
    append_anchor(file, entry);
  } catch (const std::exception& e) {
    anchor_error = e.what();
  }
  return anchor_line(entry);
}

}  // namespace capsule
