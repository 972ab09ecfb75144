// capsule export --format ocsf: a run's actions and findings as OCSF JSON Lines (docs/EXPORT.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

namespace capsule::ocsf {

// Events written, per OCSF class.
struct ExportCounts {
  uint64_t process = 0;  // 1007
  uint64_t file = 0;     // 1001
  uint64_t network = 0;  // 4001
  uint64_t finding = 0;  // 2004
};

// Writes the run in run_dir, one event a line: the actions in the order of actions.jsonl, then
// the findings. product_version is metadata.product.version, hostname device.hostname. Throws
// std::runtime_error when the manifest cannot be read.
ExportCounts export_run(const std::filesystem::path& run_dir, const std::string& product_version,
                        const std::string& hostname, std::ostream& out);

}  // namespace capsule::ocsf
