// Writes checkpoints.jsonl: signs, every N records or T seconds (whichever comes first, and also
// when nothing was recorded: empty epochs are sealed too), every stream's count, head and epoch
// tag; ratchets the epoch key; at a clean end writes the seal. docs/FORMAT.md, "Checkpoints".
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "log/chain/chained_stream.h"
#include "log/chain/checkpoint_record.h"
#include "log/chain/epoch_key.h"
#include "log/chain/signing_key.h"

namespace capsule {

struct CheckpointSchedule {
  uint64_t every_records = 10000;  // events (records of each per-event stream)
  int64_t every_us = 1'000'000;
};

// What only the end of the run knows.
struct SealInfo {
  int64_t exit_code = 0;
  std::optional<int64_t> exit_signal;
  std::string manifest_bytes;  // manifest.json exactly as written
};

class Checkpointer {
 public:
  // Creates <dir>/checkpoints.jsonl (throws LogWriteError). A fresh k_0 is drawn and sealed to
  // epoch_recipient; only the ratchet keeps it, and it is gone after the first checkpoint.
  Checkpointer(const std::filesystem::path& dir, std::string run_id, const SigningKey& key,
               const PublicKey32& epoch_recipient, CheckpointSchedule schedule);

  // Writes the open record and starts epoch 0 over these streams (which must outlive this).
  void open(std::vector<ChainedStream*> streams, int64_t now_us);
  bool due_by_records(uint64_t events) const {
    return opened_ && events - events_at_last_ >= schedule_.every_records;
  }
  bool due_by_time(int64_t now_us) const {
    return opened_ && now_us - last_us_ >= schedule_.every_us;
  }
  // Flushes every stream, then writes and flushes the signed checkpoint of the current epoch.
  void checkpoint(uint64_t events, int64_t now_us);
  // The final record (streams must be closed and the final manifest written already); fsyncs and
  // closes checkpoints.jsonl.
  void seal(const SealInfo& info, int64_t now_us);

  bool sealed() const { return sealed_; }
  uint64_t count() const { return log_.count(); }
  std::string head_hex() const { return log_.head_hex(); }

 private:
  CheckpointRecord close_epoch(CheckpointKind kind, int64_t now_us);
  void write(CheckpointRecord& r);

  std::string run_id_;
  const SigningKey& key_;
  CheckpointSchedule schedule_;
  ChainedStream log_;
  EpochKeyRatchet ratchet_;
  std::string sealed_k0_;
  std::vector<ChainedStream*> streams_;
  uint64_t events_at_last_ = 0;
  int64_t last_us_ = 0;
  bool opened_ = false;
  bool sealed_ = false;
};

}  // namespace capsule
