// Run-level checks of capsule verify that are not about one stream's chain: the manifest against
// the seal, counts across streams, the anchor. Internal to src/log.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "log/rundir/manifest.h"
#include "log/verify/verify.h"
#include "log/verify/verify_seal.h"

namespace capsule {

// manifest.json against the seal and the format it claims.
void check_manifest_against_seal(const std::filesystem::path& log_dir,
                                 const std::optional<Manifest>& manifest, const SealLog& seal,
                                 VerifyReport& report);

// In every checkpoint, the per-event streams (run_streams.h: syscalls, events, enriched) hold one
// record per event each, so their counts must be equal.
void check_counts_across_streams(const SealLog& seal, VerifyReport& report);

// The checkpoints log against the anchor (rollback, truncation, replacement): keys.anchor_entries
// when given, else the file keys.anchor.
void check_anchor(const VerifyKeys& keys, const std::string& run_id, const SealLog& seal, VerifyReport& report);

}  // namespace capsule
