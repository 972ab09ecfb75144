// Key files: hex text, made atomically (O_EXCL temporary + link) so that two capsules starting at
// once for the first time agree on one key instead of each keeping its own.
#include "log/chain/signing_key.h"

#include <blake3.h>
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "log/chain/chain.h"
#include "log/rundir/file_io.h"
#include "log/rundir/input_file.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

void init_sodium() {
  if (sodium_init() < 0) throw KeyError("libsodium cannot be initialised");
}

std::string errno_text(int err) { return std::strerror(err); }

void ensure_keys_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir.parent_path(), ec);  // the home; prepare_home() normally made it
  if (::mkdir(dir.c_str(), 0700) == 0) return;
  if (errno != EEXIST) {
    throw KeyError("cannot create " + dir.string() + ": " + errno_text(errno));
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw KeyError(dir.string() + " is not a directory");
  }
}

// The hex content of a key file, refusing one that others can read: a leaked signing key lets
// anyone seal forged logs.
std::optional<std::string> read_key_text(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    throw KeyError("cannot read " + file.string() + ": " + errno_text(errno));
  }
  if ((st.st_mode & 077) != 0) {
    throw KeyError(file.string() + " is accessible to other users (chmod 600 it, or remove it "
                   "to make a new key)");
  }
  std::string text;
  try {
    text = read_input_file(file, kMaxKeyFileBytes);
  } catch (const InputFileError& e) {
    throw KeyError(e.what());
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Writes hex to file unless it exists; returns the content that is there afterwards.
std::string create_key_file(const fs::path& file, const std::string& hex) {
  const fs::path tmp = file.string() + ".tmp." + std::to_string(::getpid());
  ::unlink(tmp.c_str());
  {
    UniqueFd fd = file_io::create_private_file(tmp);
    size_t written = 0;
    const std::string line = hex + "\n";
    if (const int err = file_io::write_all(fd.get(), line, written); err != 0 || ::fsync(fd.get()) != 0) {
      ::unlink(tmp.c_str());
      throw KeyError("cannot write " + tmp.string() + ": " + errno_text(err != 0 ? err : errno));
    }
  }
  const int linked = ::link(tmp.c_str(), file.c_str());
  const int link_err = errno;
  ::unlink(tmp.c_str());
  if (linked != 0 && link_err != EEXIST) {
    throw KeyError("cannot create " + file.string() + ": " + errno_text(link_err));
  }
  file_io::fsync_directory(file.parent_path());
  auto text = read_key_text(file);
  if (!text) throw KeyError(file.string() + " vanished while being created");
  return *text;
}

}  // namespace

fs::path keys_dir(const fs::path& home) { return home / "keys"; }

std::string key_fingerprint(const PublicKey32& public_key) {
  static constexpr std::string_view kDomain{"capsule.keyid.v2\0", 17};
  blake3_hasher h;
  blake3_hasher_init(&h);
  blake3_hasher_update(&h, kDomain.data(), kDomain.size());
  blake3_hasher_update(&h, public_key.data(), public_key.size());
  uint8_t id[16];
  blake3_hasher_finalize(&h, id, sizeof id);
  return "b3:" + bytes_to_hex(id, sizeof id);
}

bool verify_signature(const PublicKey32& public_key, std::string_view message,
                      const Signature64& signature) {
  init_sodium();
  return crypto_sign_verify_detached(signature.data(),
                                     reinterpret_cast<const unsigned char*>(message.data()),
                                     message.size(), public_key.data()) == 0;
}

SigningKey SigningKey::load_or_create(const fs::path& home) {
  init_sodium();
  const fs::path dir = keys_dir(home);
  ensure_keys_dir(dir);
  const fs::path file = dir / "signing.key";
  std::optional<std::string> text = read_key_text(file);
  if (!text) {
    SigningKey fresh;
    crypto_sign_keypair(fresh.public_.data(), fresh.secret_.data());
    std::string hex = bytes_to_hex(fresh.secret_.data(), fresh.secret_.size());
    text = create_key_file(file, hex);
    sodium_memzero(hex.data(), hex.size());
  }
  SigningKey key;
  const bool parsed = hex_to_bytes(*text, key.secret_.data(), key.secret_.size());
  sodium_memzero(text->data(), text->size());
  if (!parsed) throw KeyError(file.string() + " is not a capsule signing key (128 hex digits)");
  crypto_sign_ed25519_sk_to_pk(key.public_.data(), key.secret_.data());
  return key;
}

std::array<uint8_t, 32> load_or_create_redaction_key(const fs::path& home) {
  init_sodium();
  const fs::path dir = keys_dir(home);
  ensure_keys_dir(dir);
  const fs::path file = dir / "redact.key";
  std::optional<std::string> text = read_key_text(file);
  std::array<uint8_t, 32> key{};
  if (!text) {
    randombytes_buf(key.data(), key.size());
    std::string hex = bytes_to_hex(key.data(), key.size());
    text = create_key_file(file, hex);  // another capsule may have made it first: take that one
    sodium_memzero(hex.data(), hex.size());
  }
  const bool parsed = hex_to_bytes(*text, key.data(), key.size());
  sodium_memzero(text->data(), text->size());
  if (!parsed) throw KeyError(file.string() + " is not a capsule redaction key (64 hex digits)");
  return key;
}

std::optional<PublicKey32> home_signing_public_key(const fs::path& home) {
  std::error_code ec;
  if (!fs::exists(keys_dir(home) / "signing.key", ec)) return std::nullopt;
  return SigningKey::load_or_create(home).public_key();
}

SigningKey::~SigningKey() { sodium_memzero(secret_.data(), secret_.size()); }

SigningKey::SigningKey(SigningKey&& other) noexcept : secret_(other.secret_), public_(other.public_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

Signature64 SigningKey::sign(std::string_view message) const {
  Signature64 sig{};
  crypto_sign_detached(sig.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                       message.size(), secret_.data());
  return sig;
}

std::optional<EpochSecretKey> EpochSecretKey::load(const fs::path& home, bool create) {
  init_sodium();
  const fs::path dir = keys_dir(home);
  const fs::path file = dir / "epoch.key";
  std::optional<std::string> text = read_key_text(file);
  if (!text) {
    if (!create) return std::nullopt;
    ensure_keys_dir(dir);
    EpochSecretKey fresh;
    crypto_box_keypair(fresh.public_.data(), fresh.secret_.data());
    std::string hex = bytes_to_hex(fresh.secret_.data(), fresh.secret_.size());
    text = create_key_file(file, hex);
    sodium_memzero(hex.data(), hex.size());
  }
  EpochSecretKey key;
  const bool parsed = hex_to_bytes(*text, key.secret_.data(), key.secret_.size());
  sodium_memzero(text->data(), text->size());
  if (!parsed) throw KeyError(file.string() + " is not a capsule epoch key (64 hex digits)");
  crypto_scalarmult_base(key.public_.data(), key.secret_.data());
  return key;
}

EpochSecretKey::~EpochSecretKey() { sodium_memzero(secret_.data(), secret_.size()); }

EpochSecretKey::EpochSecretKey(EpochSecretKey&& other) noexcept
    : secret_(other.secret_), public_(other.public_) {
  sodium_memzero(other.secret_.data(), other.secret_.size());
}

EpochSecretKey& EpochSecretKey::operator=(EpochSecretKey&& other) noexcept {
  secret_ = other.secret_;
  public_ = other.public_;
  sodium_memzero(other.secret_.data(), other.secret_.size());
  return *this;
}

bool EpochSecretKey::open_sealed(std::string_view sealed, std::array<uint8_t, 32>& out) const {
  if (sealed.size() != out.size() + crypto_box_SEALBYTES) return false;
  return crypto_box_seal_open(out.data(), reinterpret_cast<const unsigned char*>(sealed.data()),
                              sealed.size(), public_.data(), secret_.data()) == 0;
}

PublicKey32 epoch_public_key(const fs::path& home) {
  const fs::path pub_file = keys_dir(home) / "epoch.pub";
  PublicKey32 pub{};
  if (std::optional<std::string> text = read_key_text(pub_file)) {
    if (!hex_to_bytes(*text, pub.data(), pub.size())) {
      throw KeyError(pub_file.string() + " is not an X25519 public key (64 hex digits)");
    }
    return pub;
  }
  const std::optional<EpochSecretKey> key = EpochSecretKey::load(home, true);
  pub = key->public_key();
  create_key_file(pub_file, bytes_to_hex(pub.data(), pub.size()));
  return pub;
}

std::string seal_to(const PublicKey32& recipient, const std::array<uint8_t, 32>& key) {
  init_sodium();
  std::string out(key.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(out.data()), key.data(), key.size(),
                  recipient.data());
  return out;
}

std::string public_key_file_text(const PublicKey32& signing, const PublicKey32& epoch) {
  return "capsule-public-key v2\ned25519 " + bytes_to_hex(signing.data(), signing.size()) +
         "\nx25519 " + bytes_to_hex(epoch.data(), epoch.size()) + "\n";
}

PublicKey32 read_public_key_file(const fs::path& file) {
  std::istringstream in;
  try {
    in.str(read_input_file(file, kMaxKeyFileBytes));
  } catch (const InputFileError& e) {
    throw KeyError(e.what());
  }
  PublicKey32 key{};
  for (std::string line; std::getline(in, line);) {
    std::string_view hex = line;
    if (hex.substr(0, 8) == "ed25519 ") hex.remove_prefix(8);
    if (hex_to_bytes(hex, key.data(), key.size())) return key;
  }
  throw KeyError(file.string() + " holds no ed25519 public key");
}

}  // namespace capsule
