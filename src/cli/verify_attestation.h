// capsule verify --attestation FILE: checks a `capsule attest` envelope (docs/EXPORT.md,
// "Attestations"). Its own file: verify_command.cpp only hands the option over.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace capsule {

// 0: signed by the key, an in-toto runtime-trace statement, and its run (when this home holds
// it) verifies and is the one attested; 1: any of that fails; 3: the run here is intact but not
// sealed; 2: the file or key cannot be read. pubkey: a `capsule keys --export` file, else the
// home's key.
int verify_attestation(const std::filesystem::path& file, const std::filesystem::path& home,
                       const std::optional<std::string>& pubkey);

}  // namespace capsule
