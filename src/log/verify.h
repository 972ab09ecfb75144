// capsule verify: recompute every stream's chain and compare with the manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace capsule {

struct StreamVerdict {
  std::string stream;
  std::string file;
  uint64_t records = 0;       // records read and found intact
  bool ok = true;
  uint64_t bad_line = 0;      // 1-based line of the first bad record (when !ok)
  uint64_t bad_offset = 0;    // byte offset of that line
  std::string reason;         // "modified", "truncated", "count differs from manifest", …
};

struct VerifyReport {
  bool ok = true;
  bool complete = false;      // the manifest says the run ended cleanly
  std::vector<StreamVerdict> streams;
  std::vector<std::string> problems;  // run-level problems (manifest missing/altered, …)
};

VerifyReport verify_run(const std::filesystem::path& log_dir);

}  // namespace capsule
