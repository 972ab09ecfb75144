// capsule compact, and the compaction retention.conf's compress-after asks for when a run starts.
#pragma once

#include <filesystem>
#include <optional>

#include "log/compress/compression.h"

namespace capsule {

// At the start of `capsule run` (before its pruning, so that sizes are the compacted ones) and of
// `capsule prune`: the finished runs that ended longer ago than retention.conf's compress-after
// (an hour by default) are compacted. Problems are one "capsule: …" line each and never stop the
// caller; what was compacted is one line unless quiet.
void compact_by_config(const std::filesystem::path& home, bool quiet);

// How a new run of this home stores its streams: --compress when given, else retention.conf's
// `compress`, else plain. A retention.conf that cannot be read is one "capsule: …" line (plain).
Compression home_compression(const std::filesystem::path& home, const std::optional<Compression>& given);

}  // namespace capsule
