// The process context of chosen records, read back from enriched.jsonl (docs/ENRICHED.md,
// "Rebuilding each record's full context"): the export names each event's actor as the process
// was at that record, not as it ended.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>

#include "export/ocsf_event.h"

namespace capsule::ocsf {

// The contexts of the records whose seq is in wanted. Only those lines and the ones that define
// a context (ctx_full) are parsed. A run without enriched.jsonl gives none.
ContextBySeq read_contexts(const std::filesystem::path& run_dir, const std::set<uint64_t>& wanted);

}  // namespace capsule::ocsf
