// The store as anchor (docs/STORE.md, "The store as anchor"): each pushed run's checkpoint count
// and head, as heads.log would hold them, for `capsule verify --anchor postgres://…`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "log/chain/anchor.h"

namespace capsule::store {

class PgConnection;

// Every run pushed whole (its checkpoints stored); with an origin, only the runs pushed from it.
// Throws StoreError.
std::vector<AnchorEntry> read_store_anchors(PgConnection& c, std::optional<std::string> origin = std::nullopt);

// "HOST:HOME": who pushed a run, unless `push --origin` says otherwise.
std::string default_origin(const std::filesystem::path& home);

}  // namespace capsule::store
