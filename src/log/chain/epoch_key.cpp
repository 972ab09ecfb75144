#include "log/chain/epoch_key.h"

#include <sodium.h>

#include <stdexcept>

namespace capsule {
namespace {

// BLAKE3 derive_key contexts: globally unique, fixed strings, as the BLAKE3 spec asks.
constexpr const char* kRatchetContext = "capsule 2025 epoch key ratchet v2";
constexpr const char* kTagKeyContext = "capsule 2025 epoch record tag key v2";
constexpr std::string_view kTagDomain{"capsule.tag.v3\0", 15};

EpochKey32 derive(const char* context, const EpochKey32& key) {
  blake3_hasher h;
  blake3_hasher_init_derive_key(&h, context);
  blake3_hasher_update(&h, key.data(), key.size());
  EpochKey32 out;
  blake3_hasher_finalize(&h, out.data(), out.size());
  sodium_memzero(&h, sizeof h);
  return out;
}

void put_u64(blake3_hasher& h, uint64_t v) {
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(v >> (8 * i));
  blake3_hasher_update(&h, le, sizeof le);
}

}  // namespace

EpochKey32 next_epoch_key(const EpochKey32& key) { return derive(kRatchetContext, key); }
EpochKey32 epoch_tag_key(const EpochKey32& key) { return derive(kTagKeyContext, key); }

EpochKeyRatchet EpochKeyRatchet::random() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium cannot be initialised");
  EpochKey32 k0;
  randombytes_buf(k0.data(), k0.size());
  EpochKeyRatchet r(k0);
  sodium_memzero(k0.data(), k0.size());
  return r;
}

EpochKeyRatchet::~EpochKeyRatchet() { sodium_memzero(key_.data(), key_.size()); }

EpochKeyRatchet::EpochKeyRatchet(EpochKeyRatchet&& other) noexcept
    : key_(other.key_), epoch_(other.epoch_) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

void EpochKeyRatchet::advance() {
  EpochKey32 next = next_epoch_key(key_);
  sodium_memzero(key_.data(), key_.size());
  key_ = next;
  sodium_memzero(next.data(), next.size());
  ++epoch_;
}

EpochTag::~EpochTag() { sodium_memzero(&hasher_, sizeof hasher_); }

void EpochTag::begin(const EpochKey32& tag_key, std::string_view run_id, std::string_view stream,
                     uint64_t epoch, uint64_t first) {
  blake3_hasher_init_keyed(&hasher_, tag_key.data());
  blake3_hasher_update(&hasher_, kTagDomain.data(), kTagDomain.size());
  blake3_hasher_update(&hasher_, run_id.data(), run_id.size());
  blake3_hasher_update(&hasher_, "", 1);
  blake3_hasher_update(&hasher_, stream.data(), stream.size());
  blake3_hasher_update(&hasher_, "", 1);
  put_u64(hasher_, epoch);
  put_u64(hasher_, first);
  active_ = true;
}

Hash32 EpochTag::finish(uint64_t end) {
  Hash32 out{};
  if (!active_) return out;
  put_u64(hasher_, end);
  blake3_hasher_finalize(&hasher_, out.data(), out.size());
  sodium_memzero(&hasher_, sizeof hasher_);
  active_ = false;
  return out;
}

}  // namespace capsule
