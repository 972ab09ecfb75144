// `capsule compact`: a finished run's plain streams rewritten as zstd (docs/FORMAT.md,
// "Compaction"), the way logrotate's delaycompress works: runs are written plain, for grep, jq and
// the tools that open events.jsonl right after a run, and compacted once they are old enough.
//
// The chain hashes the plain lines and not their encoding, so a compacted stream keeps its chain
// heads, checkpoints and seal; the sidecar gains the frame keys (zframe, zoffset, zbytes) exactly
// as a `--compress zstd-all` run has them. The manifest is signed and is never touched: readers
// find a stream as "<file>.zst", then "<file>".
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "log/compress/zstd_frames.h"

namespace capsule {

class CompactError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The level `capsule compact` uses unless told (docs/BENCHMARKS.md, "Compaction"): the first of
// 1, 3, 9, 19 that brings the python workload under 150 B per syscall (139 B; 172 B at 1), at
// ≈ 100 MB/s of CPU; 19 saves 9-15 % more for 17-46× the CPU, paid at the start of a run.
inline constexpr int kDefaultCompactLevel = 9;
// Its frames: larger than the live writer's 1 MiB, since nobody follows a finished run (make -j2:
// 12 % fewer bytes at level 9 than 1 MiB frames).
inline constexpr uint64_t kCompactFramePlainBytes = kMaxFramePlainBytes;

struct CompactOptions {
  int level = kDefaultCompactLevel;
  uint64_t frame_plain_bytes = kCompactFramePlainBytes;
  bool dry_run = false;  // measure nothing, write nothing: say which streams would be compacted
};

struct CompactResult {
  uint64_t bytes_before = 0;  // every regular file of the run directory, before and after
  uint64_t bytes_after = 0;
  std::vector<std::string> compacted;  // stream files rewritten (or that would be: dry_run)
  std::vector<std::string> finished;   // plain leftovers of an interrupted compaction removed
  std::vector<std::string> left_plain; // "events.jsonl: block 3 does not match its hash", …
  bool busy = false;  // another capsule holds the run's compaction lock: nothing was done
};

// Compacts the plain streams of the run in log_dir, whose manifest must say "complete" (the
// caller checks that no capsule is recording it). Each stream: its lines are checked against
// their sidecar's hashes block by block (a stream that does not match is left as it is and named
// in left_plain), written beside as "<file>.zst.partial" and "<stem>.chain.partial", both
// fsynced; then the sidecar is renamed over the old one, the .zst into place, the directory
// fsynced, and the plain file removed. Stopped at any point the run still verifies, and the next
// compaction finishes the job. Two capsules starting at once never compact one run together: the
// first takes an flock on the run directory, the other finds it busy and leaves the run alone.
// Throws CompactError (I/O, no manifest, not complete).
CompactResult compact_run(const std::filesystem::path& log_dir, const CompactOptions& options);

// Whether some stream of the run is stored compressed although the manifest says it was written
// plain: the run was compacted (fully or in part).
bool is_compacted(const std::filesystem::path& log_dir);

}  // namespace capsule
