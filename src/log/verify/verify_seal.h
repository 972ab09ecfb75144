// Reads and authenticates checkpoints.jsonl: its own chain, the order of its records, and every
// signature; opens k_0 when the verifier holds the epoch secret. Internal to src/log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "log/chain/checkpoint_record.h"
#include "log/chain/epoch_key.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"

namespace capsule {

struct SealLog {
  bool present = false;
  StreamVerdict verdict;                 // of checkpoints.jsonl itself
  bool torn = false;                     // its last line has no '\n' (a killed writer)
  std::optional<CheckpointRecord> open;  // record 0, when valid
  std::vector<CheckpointRecord> epochs;  // valid checkpoint and seal records, in order
  bool sealed = false;                   // the last valid record is the seal
  bool signatures_checked = false;       // a trusted key was available
  std::vector<EpochKey32> tag_keys;      // per epoch, when k_0 could be opened
  uint64_t count = 0;                    // valid records and the chain head over them
  std::string head_hex;
  std::vector<std::string> notes;        // what could not be checked
};

struct SealKeys {
  const PublicKey32* trusted = nullptr;         // the signer we accept (pinned or the home's)
  const EpochSecretKey* epoch_secret = nullptr;  // opens k_0
};

SealLog read_seal_log(const std::filesystem::path& dir, const std::string& run_id,
                      const SealKeys& keys);

}  // namespace capsule
