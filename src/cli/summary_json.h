// run --summary-json FILE: what a script needs about the run it just made, without parsing
// capsule's stderr (docs/FORMAT.md, "Summary JSON").
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "detect/finding.h"
#include "log/rundir/manifest.h"
#include "policy/policy_check.h"

namespace capsule {

struct RunSummaryFacts {
  const Manifest& manifest;
  std::filesystem::path log_dir;
  const FindingTally& findings;
  uint64_t denied = 0;
  bool sealed = false;
  std::vector<std::string> incomplete;  // why the record knowingly misses something
  std::vector<std::pair<std::string, uint64_t>> policy_denied;  // by syscall, most refused first
  const PolicyCheck* policy_would_deny = nullptr;  // --policy-mode complain: what it would have refused
};

// Writes the JSON object to file (0600, replaced atomically). Throws std::runtime_error.
void write_summary_json(const std::filesystem::path& file, const RunSummaryFacts& facts);

}  // namespace capsule
