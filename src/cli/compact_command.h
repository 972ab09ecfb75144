// capsule compact, and the compaction retention.conf's compress-after asks for when a run starts.
#pragma once

#include <filesystem>
#include <optional>

#include "log/compress/compression.h"
#include "log/rundir/retention.h"

namespace capsule {

// At the start of `capsule run` (before its pruning, so that sizes are the compacted ones) and of
// `capsule prune`: the finished runs that ended longer ago than the settings' compress-after (an
// hour by default) are compacted. Problems are one "capsule: …" line each and never stop the
// caller; what was compacted is one line unless quiet. With a budget, no run is begun once that
// many ms have gone (the rest waits for the next call): a home of old plain runs, the first time,
// must not hold a `capsule run` up for minutes.
void compact_by_config(const std::filesystem::path& home, const RetentionLimits& settings, bool quiet,
                       std::optional<int64_t> budget_ms = std::nullopt);

// What one `capsule run` spends at most on beginning compactions before its program starts.
inline constexpr int64_t kRunStartCompactBudgetMs = 2000;

// retention.conf as `capsule run` and `import` apply it: nullopt after one "capsule: …" line
// when it cannot be read (the run goes on, plain, nothing compacted or pruned).
std::optional<RetentionLimits> home_retention_settings(const std::filesystem::path& home);

// How a new run stores its streams: --compress when given, else the home's `compress`, else plain.
Compression home_compression(const std::optional<RetentionLimits>& settings, const std::optional<Compression>& given);

}  // namespace capsule
