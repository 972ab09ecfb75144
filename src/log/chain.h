// The hash chain itself, separate from files so that writer and verifier share one definition.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace capsule {

using Hash32 = std::array<uint8_t, 32>;

std::string to_hex(const Hash32& h);
bool from_hex(std::string_view hex, Hash32& out);

// h[-1] = genesis(run, stream); h[i] = BLAKE3(domain, run, stream, seq i, h[i-1], payload i).
// Exact byte layout: docs/FORMAT.md.
class Chain {
 public:
  Chain(std::string_view run_id, std::string_view stream_name);
  // Hashes the next record and makes it the head; returns the new head.
  const Hash32& append(std::string_view payload);
  uint64_t count() const { return count_; }
  const Hash32& head() const { return head_; }
  std::string head_hex() const { return to_hex(head_); }

 private:
  std::string run_id_;
  std::string stream_;
  uint64_t count_ = 0;
  Hash32 head_{};
};

}  // namespace capsule
