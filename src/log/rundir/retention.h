// How many runs a home keeps (`capsule prune`, and the same limits from $CAPSULE_HOME/retention.conf
// applied at the start of every run): the oldest go first, a run still recording never goes.
// What is pruned is written to pruned.log, signed, so that verify reports such a run as pruned
// rather than as deleted by someone (docs/FORMAT.md, "Retention").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "log/compress/compression.h"

namespace capsule {

class RetentionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A finished run is compacted (`capsule compact`) once it ended this long ago, unless
// retention.conf says otherwise: the newest runs stay plain for the tools that open them right
// after a run (docs/FORMAT.md, "Retention").
inline constexpr int64_t kDefaultCompressAfterUs = int64_t{3600} * 1000000;

struct RetentionLimits {
  std::optional<uint64_t> keep;            // at most this many runs
  std::optional<double> older_than_days;   // runs that started longer ago than this go
  std::optional<uint64_t> max_bytes;       // the runs together take at most this much disk
  // compress-after: runs that ended longer ago than this are compacted; nullopt: never.
  std::optional<int64_t> compress_after_us = kDefaultCompressAfterUs;
  // compress: the default of `capsule run --compress` in this home ("none" when not set).
  std::optional<Compression> compress;
  // Whether there is anything to prune by (compaction is not pruning).
  bool any() const { return keep || older_than_days || max_bytes; }
};

// "500M", "2G", "1.5GiB", "4096" (bytes); K/M/G/T are powers of 1024. nullopt when malformed.
std::optional<uint64_t> parse_size(std::string_view text);
std::string size_text(uint64_t bytes);  // "1.5 GiB", "312 KiB", "87 B"

// "30s", "30m", "1h", "2d" (a number, maybe with a fraction, and its unit), "0" or "never"
// (nullopt inside the optional). nullopt for anything else.
std::optional<std::optional<int64_t>> parse_duration_us(std::string_view text);
// The inverse for messages: "1h", "30m", "90s", "2d".
std::string duration_setting_text(int64_t us);

// $CAPSULE_HOME/retention.conf: lines "keep = N", "older-than-days = D", "max-size = SIZE",
// "compress-after = DURATION", "compress = none|zstd|zstd-all[:L]", '#' comments. No file: no
// limits, compaction after an hour. Throws RetentionError naming the file and line.
RetentionLimits read_retention_config(const std::filesystem::path& home);

struct RunOnDisk {
  std::filesystem::path dir;
  std::string run_id;
  int64_t start_us = 0;
  uint64_t bytes = 0;
  bool recording = false;  // its capsule is still alive: never pruned
};

struct PruneChoice {
  RunOnDisk run;
  std::string reason;  // "beyond --keep 20", "older than 30 days", "over --max-size 2 GiB"
};

// Which runs (newest first in `runs`) the limits remove, oldest last-kept first. Pure.
std::vector<PruneChoice> plan_prune(const std::vector<RunOnDisk>& runs, const RetentionLimits& limits,
                                    int64_t now_us);

// Bytes of every regular file under dir.
uint64_t disk_bytes(const std::filesystem::path& dir);

}  // namespace capsule
