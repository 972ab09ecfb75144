// capsule attest: a run as an in-toto Statement v1 (https://in-toto.io/Statement/v1) with
// capsule's runtime-trace predicate, signed in a DSSE envelope (dsse.h). docs/EXPORT.md,
// "Attestations", lists every field and the limits of the file digests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace capsule::attest {

inline constexpr std::string_view kStatementType = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view kPredicateType = "https://capsule.dev/runtime-trace/v1";
inline constexpr std::string_view kPayloadType = "application/vnd.in-toto+json";

// The run's checkpoints.jsonl as an anchor names it (its record count and chain head), and whether
// verifying the run found it sealed.
struct RunSeal {
  uint64_t checkpoints = 0;
  std::string chain_head;
  bool sealed = false;
};

// The statement of the run in run_dir. monitor_version: the attesting capsule's. Throws
// std::runtime_error when the manifest cannot be read.
nlohmann::json runtime_statement(const std::filesystem::path& run_dir, const RunSeal& seal,
                                 const std::string& monitor_version);

// checkpoints.jsonl's record count and the chain hash of its last record, as an anchor names them
// (sealed left false: the caller knows it from verifying the run, which must come first).
RunSeal read_run_seal(const std::filesystem::path& run_dir);

}  // namespace capsule::attest
