// The records of checkpoints.jsonl (docs/FORMAT.md, "Checkpoints and seal"): one "open" record,
// then one signed "checkpoint" per epoch, and at a clean end one signed "seal". The JSON line is
// only the carrier: what is signed is the canonical byte string of signed_message(), so that a
// verifier never has to trust how the JSON was spelled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "log/chain/chain.h"
#include "log/chain/signing_key.h"

namespace capsule {

inline constexpr std::string_view kCheckpointsFile = "checkpoints.jsonl";
inline constexpr std::string_view kCheckpointsStream = "checkpoints";

enum class CheckpointKind : char { Open = 'O', Checkpoint = 'C', Seal = 'S' };

// One stream at the end of an epoch.
struct StreamPoint {
  std::string name;
  uint64_t records = 0;  // records of the stream so far (seq 0 .. records-1)
  Hash32 head{};         // chain hash of record records-1 (the genesis hash when 0)
  Hash32 tag{};          // keyed-BLAKE3 tag over the epoch's records (epoch_key.h)
};

struct CheckpointRecord {
  uint64_t seq = 0;  // line number in checkpoints.jsonl, from 0
  CheckpointKind kind = CheckpointKind::Checkpoint;
  // open
  PublicKey32 signer{};
  std::string sealed_k0;       // crypto_box_seal(k_0) to the user's epoch key (raw bytes)
  uint64_t every_records = 0;  // the schedule, for the reader's information
  uint64_t every_us = 0;
  // checkpoint and seal
  uint64_t epoch = 0;          // = seq - 1: epoch e ends with the record at seq e+1
  int64_t ts_us = 0;           // wall clock when written
  std::vector<StreamPoint> streams;
  // seal
  int64_t exit_code = 0;
  std::optional<int64_t> exit_signal;
  Hash32 manifest_digest{};    // BLAKE3 of manifest.json's bytes
  Signature64 signature{};
};

// The bytes the signature covers: domain, run id, seq, the checkpoints chain hash before this
// record (so signatures chain too: no checkpoint can be dropped or reordered), and every field.
std::string signed_message(const CheckpointRecord& r, std::string_view run_id, const Hash32& prev);

// The JSON object written as payload (without the chain member), signature included.
std::string render_checkpoint(const CheckpointRecord& r, std::string_view run_id);

// Parses a payload; false with a reason when a field is missing or malformed.
bool parse_checkpoint(std::string_view payload, CheckpointRecord& out, std::string& why);

Hash32 manifest_digest(std::string_view manifest_bytes);

}  // namespace capsule
