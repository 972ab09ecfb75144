// The per-user keys that make a run's logs authenticatable (docs/FORMAT.md, "Keys"):
//   $CAPSULE_HOME/keys/            0700
//     signing.key                  0600  Ed25519 secret key: signs checkpoints and seals
//     epoch.key                    0600  X25519 key pair: each run's first epoch key k_0 is
//                                        sealed to its public half (crypto_box_seal)
//     redact.key                   0600  32 random bytes: the key of the hashes in redaction
//                                        markers (redact/redactor.h)
// Both are made on first use. capsule run needs signing.key and only the public half of
// epoch.key; the secret half is needed by verify alone and may be moved off the machine.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace capsule {

using PublicKey32 = std::array<uint8_t, 32>;
using Signature64 = std::array<uint8_t, 64>;

// A key file that cannot be read, made or parsed.
class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::filesystem::path keys_dir(const std::filesystem::path& home);

// "b3:" + the first 16 bytes of BLAKE3("capsule.keyid.v2\0" + public key), hex: short enough to
// compare by eye, long enough that nobody makes a second key with the same fingerprint.
std::string key_fingerprint(const PublicKey32& public_key);

bool verify_signature(const PublicKey32& public_key, std::string_view message,
                      const Signature64& signature);

// The Ed25519 key pair. The secret half is erased (sodium_memzero) on destruction.
class SigningKey {
 public:
  // Reads home/keys/signing.key, creating keys/ and the key when missing. Throws KeyError.
  static SigningKey load_or_create(const std::filesystem::path& home);
  ~SigningKey();
  SigningKey(SigningKey&& other) noexcept;
  SigningKey& operator=(SigningKey&&) = delete;
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  const PublicKey32& public_key() const { return public_; }
  Signature64 sign(std::string_view message) const;

 private:
  SigningKey() = default;
  std::array<uint8_t, 64> secret_{};  // libsodium's layout: seed || public key
  PublicKey32 public_{};
};

// home/keys/redact.key, creating keys/ and the key when missing. Throws KeyError. Secret: with it,
// anyone could test guesses of a redacted value against the hash in its marker.
std::array<uint8_t, 32> load_or_create_redaction_key(const std::filesystem::path& home);

// The public half of home/keys/signing.key, without creating it (verify must not make keys).
std::optional<PublicKey32> home_signing_public_key(const std::filesystem::path& home);

// The X25519 key pair that run's k_0 is sealed to.
class EpochSecretKey {
 public:
  // home/keys/epoch.key, created when missing (with create) or std::nullopt when absent.
  static std::optional<EpochSecretKey> load(const std::filesystem::path& home, bool create);
  ~EpochSecretKey();
  EpochSecretKey(EpochSecretKey&& other) noexcept;
  EpochSecretKey& operator=(EpochSecretKey&& other) noexcept;
  EpochSecretKey(const EpochSecretKey&) = delete;
  EpochSecretKey& operator=(const EpochSecretKey&) = delete;

  const PublicKey32& public_key() const { return public_; }
  // Opens a crypto_box_seal'ed 32-byte key; false when it was not sealed to this key.
  bool open_sealed(std::string_view sealed, std::array<uint8_t, 32>& out) const;

 private:
  EpochSecretKey() = default;
  std::array<uint8_t, 32> secret_{};
  PublicKey32 public_{};
};

// The public half of keys/epoch.key, which is all capsule run needs: read from keys/epoch.pub
// when present (so that epoch.key can live elsewhere), else from epoch.key, made on first use
// together with epoch.pub. Throws KeyError.
PublicKey32 epoch_public_key(const std::filesystem::path& home);

// crypto_box_seal of a 32-byte key to an X25519 public key (80 bytes).
std::string seal_to(const PublicKey32& recipient, const std::array<uint8_t, 32>& key);

// Public key files (`capsule keys --export`): lines "ed25519 <64 hex>" and "x25519 <64 hex>"
// after a "capsule-public-key v2" line. A file holding just 64 hex digits is read as ed25519.
std::string public_key_file_text(const PublicKey32& signing, const PublicKey32& epoch);
// The ed25519 key of such a file; throws KeyError.
PublicKey32 read_public_key_file(const std::filesystem::path& file);

}  // namespace capsule
