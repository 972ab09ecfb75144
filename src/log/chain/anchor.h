// Anchors (docs/FORMAT.md, "Anchor"): one JSON line {"run","count","head"} per sealed run, the
// record count and chain head of its checkpoints.jsonl. Kept outside the run directory (and
// ideally copied off the machine), an anchor turns "a valid run" into "the run that was recorded":
// rollback to an older copy, truncation and wholesale replacement no longer verify.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

struct AnchorEntry {
  std::string run;
  uint64_t count = 0;
  std::string head;  // 64 hex
};

std::string anchor_line(const AnchorEntry& e);  // without the '\n'
// Appends one line (O_APPEND, created 0600), fsynced. Throws std::runtime_error.
void append_anchor(const std::filesystem::path& file, const AnchorEntry& e);
// Every well-formed entry of the file, in order; throws std::runtime_error when unreadable.
std::vector<AnchorEntry> read_anchors(const std::filesystem::path& file);
// The last entry for run, if any.
std::optional<AnchorEntry> find_anchor(const std::vector<AnchorEntry>& entries, std::string_view run);

}  // namespace capsule
