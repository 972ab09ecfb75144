// $CAPSULE_HOME/pruned.log: one signed line per run that `capsule prune` (or retention.conf)
// removed, written before the directory goes. heads.log keeps the run's anchor line, so verify
// still knows the run existed; this line tells it the run was removed on purpose, by a holder of
// the home's signing key, rather than deleted behind capsule's back (docs/FORMAT.md, "Retention").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "log/chain/signing_key.h"

namespace capsule {

struct PrunedRun {
  std::string run;
  int64_t pruned_at_us = 0;
  uint64_t bytes = 0;
  std::string reason;
};

std::filesystem::path pruned_log_path(const std::filesystem::path& home);

// Appends the signed line, fsynced. Throws std::runtime_error.
void append_pruned(const std::filesystem::path& home, const SigningKey& key, const PrunedRun& p);

// The runs of pruned.log whose signature verifies with public_key (others are ignored: a line
// anyone could have written proves nothing). Empty when there is no file.
std::vector<PrunedRun> read_pruned(const std::filesystem::path& home, const PublicKey32& public_key);

}  // namespace capsule
