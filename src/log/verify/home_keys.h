// The keys `capsule verify` trusts when given none: the home's signing key and its epoch key.
// Shared by every command that verifies runs on the way (profile, runs, report).
#pragma once

#include <filesystem>
#include <optional>

#include "log/chain/signing_key.h"
#include "log/verify/verify.h"

namespace capsule {

// epoch_secret keeps the epoch key that the result points into: it must outlive the keys. A home
// without usable keys gives no trusted key (runs then verify as unsealed, as verify says).
VerifyKeys home_verify_keys(const std::filesystem::path& home, std::optional<EpochSecretKey>& epoch_secret);

}  // namespace capsule
