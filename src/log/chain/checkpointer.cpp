#include "log/chain/checkpointer.h"

#include <sodium.h>

namespace capsule {

Checkpointer::Checkpointer(const std::filesystem::path& dir, std::string run_id,
                           const SigningKey& key, const PublicKey32& epoch_recipient,
                           CheckpointSchedule schedule)
    : run_id_(std::move(run_id)), key_(key), schedule_(schedule),
      log_(dir, std::string(kCheckpointsStream), std::string(kCheckpointsFile), StreamForm::Jsonl,
           run_id_, Chaining::PerRecord),
      ratchet_(EpochKeyRatchet::random()),
      sealed_k0_(seal_to(epoch_recipient, ratchet_.key())) {
  if (schedule_.every_records == 0) schedule_.every_records = 1;
  if (schedule_.every_us <= 0) schedule_.every_us = 1;
}

void Checkpointer::write(CheckpointRecord& r) {
  r.seq = log_.count();
  r.signature = key_.sign(signed_message(r, run_id_, log_.head()));
  log_.append(render_checkpoint(r, run_id_));
  log_.flush();
}

void Checkpointer::open(std::vector<ChainedStream*> streams, int64_t now_us) {
  streams_ = std::move(streams);
  CheckpointRecord r;
  r.kind = CheckpointKind::Open;
  r.signer = key_.public_key();
  r.sealed_k0 = sealed_k0_;
  r.every_records = schedule_.every_records;
  r.every_us = static_cast<uint64_t>(schedule_.every_us);
  write(r);
  EpochKey32 tag_key = ratchet_.tag_key();
  for (ChainedStream* s : streams_) {
    s->epoch_tag().begin(tag_key, run_id_, s->stream_name(), 0, s->count());
  }
  sodium_memzero(tag_key.data(), tag_key.size());
  last_us_ = now_us;
  opened_ = true;
}

CheckpointRecord Checkpointer::close_epoch(CheckpointKind kind, int64_t now_us) {
  CheckpointRecord r;
  r.kind = kind;
  r.epoch = ratchet_.epoch();
  r.ts_us = now_us;
  for (ChainedStream* s : streams_) {
    r.streams.push_back({s->stream_name(), s->count(), s->head(), s->epoch_tag().finish(s->count())});
  }
  return r;
}

void Checkpointer::checkpoint(uint64_t events, int64_t now_us) {
  if (!opened_ || sealed_) return;
  // The records a checkpoint names must be on disk before it is: a SIGKILL right after it must
  // leave a log that is intact up to the checkpoint, not one the checkpoint calls truncated.
  for (ChainedStream* s : streams_) s->flush();
  CheckpointRecord r = close_epoch(CheckpointKind::Checkpoint, now_us);
  ratchet_.advance();  // k_e is gone before the checkpoint that closes epoch e is even written
  EpochKey32 tag_key = ratchet_.tag_key();
  for (ChainedStream* s : streams_) {
    s->epoch_tag().begin(tag_key, run_id_, s->stream_name(), ratchet_.epoch(), s->count());
  }
  sodium_memzero(tag_key.data(), tag_key.size());
  write(r);
  events_at_last_ = events;
  last_us_ = now_us;
}

void Checkpointer::seal(const SealInfo& info, int64_t now_us) {
  if (!opened_ || sealed_) return;
  for (ChainedStream* s : streams_) s->flush();
  CheckpointRecord r = close_epoch(CheckpointKind::Seal, now_us);
  ratchet_.advance();  // nothing may be tagged after the seal, not even by whoever reads memory
  r.exit_code = info.exit_code;
  r.exit_signal = info.exit_signal;
  r.manifest_digest = manifest_digest(info.manifest_bytes);
  write(r);
  // The file's name was made durable by the final manifest's directory fsync, which comes first.
  log_.close(ChainedStream::DirectorySync::LeftToCaller);
  sealed_ = true;
}

}  // namespace capsule
