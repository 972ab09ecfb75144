// capsule prune, and the same limits applied from retention.conf when a run starts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "log/rundir/retention.h"

namespace capsule {

// Removes what the limits say (runs still recording never), each recorded in pruned.log first.
// Returns one line per run removed or that would be (dry_run). Throws RetentionError, KeyError.
std::vector<PruneChoice> prune_runs(const std::filesystem::path& home, const RetentionLimits& limits, bool dry_run);

// At the start of `capsule run`: the limits of retention.conf (read by the caller), if it sets any.
// Problems are one "capsule: …" line each and never stop the run; what was removed is one line.
void prune_by_config(const std::filesystem::path& home, const RetentionLimits& limits, bool quiet);

}  // namespace capsule
