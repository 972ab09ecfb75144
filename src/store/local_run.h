// What the store needs of a run directory besides its streams: the manifest, and the lines of
// checkpoints.jsonl with the chain head that an anchor names (docs/FORMAT.md, "Anchor").
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace capsule::store {

struct LocalRun {
  std::filesystem::path dir;
  std::string run_id;
  nlohmann::json manifest;
  std::map<std::string, uint64_t> records;  // per stream, as the manifest lists them
  std::vector<std::string> checkpoints;     // the lines of checkpoints.jsonl
  std::string head;                         // the chain hash of the last one ("" when none)
  std::string signer;                       // the open record's key_id ("" when none)
  bool sealed = false;                      // the last checkpoint line is the seal
};

// Throws std::runtime_error when the manifest cannot be read.
LocalRun read_local_run(const std::filesystem::path& dir);

// The chain hash a checkpoints.jsonl line ends with (`,"chain":"<64 hex>"}`), "" when none.
std::string chain_of(const std::string& line);

}  // namespace capsule::store
