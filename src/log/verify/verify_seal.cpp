// checkpoints.jsonl is small (one line per epoch), so it is parsed with a real JSON parser; what
// is trusted is the signature over the canonical bytes, not the JSON spelling.
#include "log/verify/verify_seal.h"

#include <sodium.h>

#include "log/rundir/line_reader.h"
#include "log/verify/verify_stream.h"

namespace capsule {
namespace {

class SealReader {
 public:
  SealReader(const std::string& run_id, const SealKeys& keys, SealLog& out)
      : run_id_(run_id), keys_(keys), out_(out),
        head_(chain_genesis(run_id, kCheckpointsStream)) {}

  // False (with the verdict failed) at the first record that does not check out.
  bool take(std::string_view line, uint64_t offset) {
    const uint64_t lineno = index_ + 1;
    Hash32 stored;
    std::string_view payload_head;
    if (out_.sealed) return fail(lineno, offset, "record after the seal (appended)");
    if (!split_chained_line(line, payload_head, stored)) {
      return fail(lineno, offset, "missing chain field");
    }
    std::string payload(payload_head);
    payload.push_back('}');
    CheckpointRecord r;
    std::string why;
    const bool parsed = parse_checkpoint(payload, r, why);
    // The seq first, as for events.jsonl: a missing or repeated record is named as such.
    if (parsed && r.seq != index_) {
      return fail(lineno, offset, "record missing or out of order (seq " + std::to_string(r.seq) +
                                      ", expected " + std::to_string(index_) + ")");
    }
    const Hash32 h = chain_record(run_id_, kCheckpointsStream, index_, head_, payload_head, "}");
    if (h != stored) return fail(lineno, offset, "modified");
    if (!parsed) return fail(lineno, offset, "modified (" + why + ")");
    if (!check_order(r, lineno, offset) || !check_signature(r, lineno, offset)) return false;
    if (r.kind == CheckpointKind::Open) {
      if (!open_k0(r, lineno, offset)) return false;
      out_.open = std::move(r);
    } else {
      out_.sealed = r.kind == CheckpointKind::Seal;
      out_.epochs.push_back(std::move(r));
    }
    head_ = h;
    ++index_;
    return true;
  }

  void finish() {
    out_.count = index_;
    out_.head_hex = to_hex(head_);
    if (!have_k0_) return;
    EpochKey32 k = k0_;
    for (size_t e = 0; e < out_.epochs.size(); ++e) {
      out_.tag_keys.push_back(epoch_tag_key(k));
      const EpochKey32 next = next_epoch_key(k);
      k = next;
    }
    sodium_memzero(k.data(), k.size());
    sodium_memzero(k0_.data(), k0_.size());
  }

  bool fail(uint64_t line, uint64_t offset, std::string reason) {
    out_.verdict.ok = false;
    out_.verdict.bad_line = line;
    out_.verdict.bad_offset = offset;
    out_.verdict.reason = std::move(reason);
    return false;
  }

 private:
  bool check_order(const CheckpointRecord& r, uint64_t lineno, uint64_t offset) {
    if (index_ == 0) {
      return r.kind == CheckpointKind::Open ||
             fail(lineno, offset, "modified (the first record is not the open record)");
    }
    if (r.kind == CheckpointKind::Open) return fail(lineno, offset, "modified (a second open record)");
    if (r.epoch != index_ - 1) {
      return fail(lineno, offset, "checkpoint out of order (epoch " + std::to_string(r.epoch) +
                                      ", expected " + std::to_string(index_ - 1) + ")");
    }
    if (out_.epochs.empty()) return true;
    const CheckpointRecord& prev = out_.epochs.back();
    if (r.ts_us < prev.ts_us) return fail(lineno, offset, "checkpoint time goes backwards");
    if (r.streams.size() != prev.streams.size()) {
      return fail(lineno, offset, "checkpoint lists other streams than the one before");
    }
    for (size_t i = 0; i < r.streams.size(); ++i) {
      if (r.streams[i].name != prev.streams[i].name) {
        return fail(lineno, offset, "checkpoint lists other streams than the one before");
      }
      if (r.streams[i].records < prev.streams[i].records) {
        return fail(lineno, offset, "checkpoint counts go backwards (" + r.streams[i].name + ")");
      }
    }
    return true;
  }

  bool check_signature(const CheckpointRecord& r, uint64_t lineno, uint64_t offset) {
    const PublicKey32& named = r.kind == CheckpointKind::Open ? r.signer : out_.open->signer;
    if (keys_.trusted != nullptr && named != *keys_.trusted) {
      return fail(lineno, offset, "signature invalid: signed by another key (" +
                                      key_fingerprint(named) + ", expected " +
                                      key_fingerprint(*keys_.trusted) + ")");
    }
    // Without a trusted key the signature is still checked against the key the run names, which
    // catches edits by someone without that key but not a wholesale replacement.
    if (!verify_signature(named, signed_message(r, run_id_, head_), r.signature)) {
      return fail(lineno, offset, "signature invalid");
    }
    out_.signatures_checked = keys_.trusted != nullptr;
    return true;
  }

  bool open_k0(const CheckpointRecord& r, uint64_t lineno, uint64_t offset) {
    if (keys_.epoch_secret == nullptr) return true;
    if (!keys_.epoch_secret->open_sealed(r.sealed_k0, k0_)) {
      return fail(lineno, offset, "wrong epoch key (the sealed k_0 does not open with this "
                                  "user's epoch key)");
    }
    have_k0_ = true;
    return true;
  }

  const std::string& run_id_;
  const SealKeys& keys_;
  SealLog& out_;
  Hash32 head_;
  uint64_t index_ = 0;
  EpochKey32 k0_{};
  bool have_k0_ = false;
};

}  // namespace

SealLog read_seal_log(const std::filesystem::path& dir, const std::string& run_id,
                      const SealKeys& keys) {
  SealLog out;
  out.verdict.stream = std::string(kCheckpointsStream);
  out.verdict.file = std::string(kCheckpointsFile);
  const std::filesystem::path path = dir / kCheckpointsFile;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  out.present = true;
  SealReader reader(run_id, keys, out);
  LineReader lines(path);
  std::string_view line;
  bool has_newline = false;
  while (lines.next(line, has_newline)) {
    if (!has_newline) {
      out.torn = true;
      reader.fail(out.count + 1, lines.line_offset(), "truncated (torn last line)");
      break;
    }
    if (!reader.take(line, lines.line_offset())) break;
    ++out.count;
  }
  if (lines.error() != 0) reader.fail(out.count + 1, lines.bytes_read(), "cannot read checkpoints.jsonl");
  reader.finish();
  out.verdict.records = out.count;
  if (keys.trusted == nullptr) {
    out.notes.push_back("no trusted public key: signatures were checked only against the key the "
                        "run names itself, which does not detect a replaced run (pass --pubkey)");
  }
  if (keys.epoch_secret == nullptr) {
    out.notes.push_back("no epoch secret key (keys/epoch.key): forward-security tags not checked");
  }
  return out;
}

}  // namespace capsule
