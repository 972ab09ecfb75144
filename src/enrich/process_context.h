// Who a process is, as the enricher knows it at one moment: what enriched.jsonl's context shows
// (docs/ENRICHED.md), minus the cwd, which is per-record state there. Public so that later stages
// (aggregator, detectors) can ask "who is pid N now" through Enricher::context_of without seeing
// the enricher's tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enrich/identity.h"

namespace capsule {

// Every field is optional: what was never read from /proc or derived from a known value is
// absent, not guessed. Capabilities are bitmasks here (capability_name() names a bit).
struct ProcessContext {
  std::optional<int32_t> ppid;
  std::optional<std::string> exe;
  std::optional<std::vector<std::string>> argv;
  Credentials cred;
  NamespaceIds ns;
  std::optional<std::string> cgroup;        // the v2 path, else the first v1 one
  std::optional<std::string> container_id;  // 12 hex digits
  bool operator==(const ProcessContext&) const = default;
};

}  // namespace capsule
