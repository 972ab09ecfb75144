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
// The same for any length (keys, signatures): lower-case hex, exactly 2*size digits.
std::string bytes_to_hex(const uint8_t* data, size_t size);
bool hex_to_bytes(std::string_view hex, uint8_t* out, size_t size);

// The two hashes the chain is made of; Chain strings them together. The verifier calls them
// directly (e.g. to hash a record against a previous hash taken from a sidecar).
Hash32 chain_genesis(std::string_view run_id, std::string_view stream_name);
// payload = payload_head followed by payload_tail (two pieces so that the verifier can hash a
// JSONL record without first copying it together).
Hash32 chain_record(std::string_view run_id, std::string_view stream_name, uint64_t index,
                    const Hash32& prev, std::string_view payload_head,
                    std::string_view payload_tail = {});

// The data streams are hashed per block (one flushed run of whole lines), not per record: one
// BLAKE3 call over tens of KiB runs on all SIMD lanes (≈ 10 GB/s here) where one call per
// 300-byte record cannot (≈ 0.6 GB/s). Exact byte layout: docs/FORMAT.md, "Block chain".
struct BlockHeader {
  uint64_t index = 0;   // block number in the stream, from 0
  uint64_t first = 0;   // index of its first record
  uint64_t count = 0;   // records (lines) in it
  uint64_t offset = 0;  // byte offset of its first line in the stream file
  uint64_t bytes = 0;   // length of its lines, newlines included
};
Hash32 block_genesis(std::string_view run_id, std::string_view stream_name);
Hash32 chain_block(std::string_view run_id, std::string_view stream_name, const BlockHeader& b,
                   const Hash32& prev, std::string_view data);

// Per-record chain (checkpoints.jsonl, whose records are signed one by one):
// h[-1] = genesis(run, stream); h[i] = BLAKE3(domain, run, stream, seq i, h[i-1], payload i).
// Exact byte layout: docs/FORMAT.md.
class Chain {
 public:
  Chain(std::string_view run_id, std::string_view stream_name);
  // Hashes the next record and makes it the head; returns the new head.
  const Hash32& append(std::string_view payload);
  // The same for a payload given in two pieces (head then tail).
  const Hash32& append(std::string_view payload_head, std::string_view payload_tail);
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
