// Forward security (docs/FORMAT.md, "Epoch tags"): a key that ratchets one way at every
// checkpoint, k_{e+1} = BLAKE3-derive("…ratchet…", k_e), the old key erased. Each stream's records
// of epoch e are tagged with keyed BLAKE3 under a key derived from k_e, so whoever steals the live
// key at epoch e can tag epoch e and later ones, never an earlier one.
#pragma once

#include <blake3.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "log/chain/chain.h"

namespace capsule {

using EpochKey32 = std::array<uint8_t, 32>;

// k_{e+1} from k_e.
EpochKey32 next_epoch_key(const EpochKey32& key);
// The keyed-BLAKE3 key that tags the records of the epoch whose key is `key`.
EpochKey32 epoch_tag_key(const EpochKey32& key);

class EpochKeyRatchet {
 public:
  explicit EpochKeyRatchet(const EpochKey32& k0) : key_(k0) {}
  static EpochKeyRatchet random();  // a fresh k_0 from the OS
  ~EpochKeyRatchet();
  EpochKeyRatchet(EpochKeyRatchet&& other) noexcept;
  EpochKeyRatchet& operator=(EpochKeyRatchet&&) = delete;
  EpochKeyRatchet(const EpochKeyRatchet&) = delete;
  EpochKeyRatchet& operator=(const EpochKeyRatchet&) = delete;

  uint64_t epoch() const { return epoch_; }
  const EpochKey32& key() const { return key_; }
  EpochKey32 tag_key() const { return epoch_tag_key(key_); }
  // Moves to the next epoch; the current key is overwritten and cannot be recovered from the next.
  void advance();

 private:
  EpochKey32 key_;
  uint64_t epoch_ = 0;
};

// The tag of one stream over one epoch: keyed BLAKE3 under the epoch's tag key over
//   "capsule.tag.v3\0" run_id "\0" stream "\0" u64le(epoch) u64le(first) hb… u64le(end)
// where hb… are the hashes of the blocks of that epoch (per-record chains: the record hashes).
class EpochTag {
 public:
  EpochTag() = default;
  ~EpochTag();
  EpochTag(const EpochTag&) = delete;
  EpochTag& operator=(const EpochTag&) = delete;

  void begin(const EpochKey32& tag_key, std::string_view run_id, std::string_view stream,
             uint64_t epoch, uint64_t first);
  bool active() const { return active_; }
  void absorb(const Hash32& record_hash) {
    if (active_) blake3_hasher_update(&hasher_, record_hash.data(), record_hash.size());
  }
  // Closes the epoch at record count `end`; the hasher (which holds the key) is erased.
  Hash32 finish(uint64_t end);

 private:
  blake3_hasher hasher_{};
  bool active_ = false;
};

}  // namespace capsule
