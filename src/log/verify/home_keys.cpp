#include "log/verify/home_keys.h"

namespace capsule {

VerifyKeys home_verify_keys(const std::filesystem::path& home, std::optional<EpochSecretKey>& epoch_secret) {
  VerifyKeys keys;
  try {
    if ((keys.trusted = home_signing_public_key(home))) keys.trusted_source = "this home's key";
    epoch_secret = EpochSecretKey::load(home, false);
    if (epoch_secret) keys.epoch_secret = &*epoch_secret;
  } catch (const KeyError&) {
    // No usable keys: chains are still checked; the run then counts as unsealed.
  }
  return keys;
}

}  // namespace capsule
