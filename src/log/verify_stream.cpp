// Recomputes a stream's hash chain line by line (docs/FORMAT.md, "Hash chain"). No JSON parsing:
// the chain covers bytes, and the framing is fixed, so checking it is string comparison.
#include "log/verify_stream.h"

#include <cstring>

#include "log/chain.h"
#include "log/chained_stream.h"
#include "log/line_reader.h"

namespace capsule {
namespace {

constexpr std::string_view kChainKey = ",\"chain\":\"";
constexpr std::string_view kSeqKey = "{\"seq\":";

class Checker {
 public:
  explicit Checker(const StreamCheckInput& in)
      : in_(in), head_(chain_genesis(in.run_id, in.stream)) {
    out_.verdict.stream = in.stream;
    out_.verdict.file = in.file;
    begin_epoch(0);
    // Checkpoints taken before the stream's first record (empty epochs) are checked right away.
    check_due_probes();
  }

  // Notes where line number `line` (1-based) starts, for the manifest comparison.
  void at_line(uint64_t line, uint64_t offset) {
    if (line == in_.note_line) out_.noted_offset = offset;
  }

  // Takes record h (whose line starts at offset and is line_size bytes without '\n'); false when
  // a checkpoint it completes does not match (the failure is recorded).
  bool accept(const Hash32& h, uint64_t offset, size_t line_size) {
    head_ = h;
    out_.last_line_offset = offset;
    end_offset_ = offset + line_size + 1;
    ++out_.verdict.records;
    tag_.absorb(h);
    return check_due_probes();
  }

  StreamCheck fail(uint64_t line, uint64_t offset, std::string reason) {
    mark_failed(line, offset, std::move(reason));
    return finish();
  }

  StreamCheck torn(uint64_t line, uint64_t offset, std::string reason = "truncated (torn last line)") {
    out_.torn = true;
    return fail(line, offset, std::move(reason));
  }

  StreamCheck finish(uint64_t file_size = 0) {
    if (out_.verdict.ok && in_.note_line > out_.verdict.records) out_.noted_offset = file_size;
    out_.head_hex = to_hex(head_);
    out_.end_offset = end_offset_;
    return std::move(out_);
  }

  bool failed() const { return !out_.verdict.ok; }
  const Hash32& head() const { return head_; }
  uint64_t index() const { return out_.verdict.records; }

 private:
  void mark_failed(uint64_t line, uint64_t offset, std::string reason) {
    out_.verdict.ok = false;
    out_.verdict.bad_line = line;
    out_.verdict.bad_offset = offset;
    out_.verdict.reason = std::move(reason);
  }

  bool tags_known(uint64_t epoch) const {
    return in_.tag_keys != nullptr && epoch < in_.tag_keys->size();
  }

  void begin_epoch(uint64_t epoch) {
    epoch_first_ = out_.verdict.records;
    epoch_first_offset_ = end_offset_;
    if (tags_known(epoch)) {
      tag_.begin((*in_.tag_keys)[epoch], in_.run_id, in_.stream, epoch, epoch_first_);
    }
  }

  std::string epoch_span(const StreamProbe& p) const {
    return p.records == epoch_first_ ? "no records"
                                     : "seq " + std::to_string(epoch_first_) + "-" +
                                           std::to_string(p.records - 1);
  }

  bool check_due_probes() {
    while (next_probe_ < in_.probes.size() &&
           in_.probes[next_probe_].records == out_.verdict.records) {
      const StreamProbe& p = in_.probes[next_probe_];
      if (head_ != p.head) {
        mark_failed(epoch_first_ + 1, epoch_first_offset_,
             "modified (" + epoch_span(p) + " do not match the signed checkpoint of epoch " +
                 std::to_string(p.epoch) + ": the chain was recomputed)");
        return false;
      }
      if (tags_known(p.epoch) && tag_.finish(p.records) != p.tag) {
        mark_failed(epoch_first_ + 1, epoch_first_offset_,
             "wrong epoch key (the tag of epoch " + std::to_string(p.epoch) + ", " +
                 epoch_span(p) + ", was not made with that epoch's key)");
        return false;
      }
      ++next_probe_;
      out_.probes_passed = next_probe_;
      out_.authenticated = p.records;
      begin_epoch(p.epoch + 1);
    }
    return true;
  }

  const StreamCheckInput& in_;
  Hash32 head_;
  StreamCheck out_;
  EpochTag tag_;
  size_t next_probe_ = 0;
  uint64_t epoch_first_ = 0;
  uint64_t epoch_first_offset_ = 0;
  uint64_t end_offset_ = 0;
};

std::string open_error(const std::string& file, int err) {
  return "cannot read " + file + ": " + std::strerror(err);
}

// The N of a line starting {"seq":N, — or -1 when the line does not start that way.
int64_t leading_seq(std::string_view line) {
  if (line.substr(0, kSeqKey.size()) != kSeqKey) return -1;
  uint64_t v = 0;
  size_t i = kSeqKey.size();
  const size_t digits_start = i;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9' && i - digits_start < 18) {
    v = v * 10 + static_cast<uint64_t>(line[i] - '0');
    ++i;
  }
  if (i == digits_start || i >= line.size() || line[i] != ',') return -1;
  if (line[digits_start] == '0' && i - digits_start > 1) return -1;  // no leading zeros
  return static_cast<int64_t>(v);
}

}  // namespace

bool split_chained_line(std::string_view line, std::string_view& payload_head, Hash32& stored) {
  const size_t n = line.size();
  if (n < kJsonlChainSuffixSize + 1 ||
      line.substr(n - kJsonlChainSuffixSize, kChainKey.size()) != kChainKey ||
      line.substr(n - 2) != "\"}" ||
      !from_hex(line.substr(n - kJsonlChainSuffixSize + kChainKey.size(), 64), stored)) {
    return false;
  }
  payload_head = line.substr(0, n - kJsonlChainSuffixSize);
  return true;
}

StreamCheck check_jsonl_stream(const StreamCheckInput& in) {
  Checker check(in);
  if (check.failed()) return check.finish();
  LineReader reader(in.dir / in.file);
  if (reader.error() != 0) return check.fail(1, 0, open_error(in.file, reader.error()));
  std::string_view line;
  bool has_newline = false;
  while (reader.next(line, has_newline)) {
    const uint64_t lineno = check.index() + 1;
    const uint64_t offset = reader.line_offset();
    check.at_line(lineno, offset);
    if (!has_newline) return check.torn(lineno, offset);
    Hash32 stored;
    std::string_view payload_head;
    if (!split_chained_line(line, payload_head, stored)) {
      return check.fail(lineno, offset, "missing chain field");
    }
    if (in.check_seq) {
      const int64_t seq = leading_seq(line);
      if (seq < 0) return check.fail(lineno, offset, "modified (no leading seq)");
      if (static_cast<uint64_t>(seq) != check.index()) {
        return check.fail(lineno, offset,
                          "record missing or out of order (seq " + std::to_string(seq) +
                              ", expected " + std::to_string(check.index()) + ")");
      }
    }
    // The payload is the line with its chain member cut out: line[0, n-76) + "}".
    const Hash32 h = chain_record(in.run_id, in.stream, check.index(), check.head(),
                                  payload_head, "}");
    if (h != stored) return check.fail(lineno, offset, "modified");
    if (!check.accept(h, offset, line.size())) return check.finish();
  }
  if (reader.error() != 0) {
    return check.fail(check.index() + 1, reader.bytes_read(), open_error(in.file, reader.error()));
  }
  return check.finish(reader.bytes_read());
}

StreamCheck check_text_stream(const StreamCheckInput& in) {
  Checker check(in);
  if (check.failed()) return check.finish();
  const std::string side_file = sidecar_file_name(in.file);
  LineReader log(in.dir / in.file);
  if (log.error() != 0) return check.fail(1, 0, open_error(in.file, log.error()));
  LineReader side(in.dir / side_file);
  if (side.error() != 0) return check.fail(1, 0, open_error(side_file, side.error()));

  // A sidecar entry as a hash, or false when the line is not one. `torn`: the entry is the last
  // one and has no newline (the disk filled or the writer died in the middle of writing it).
  bool side_torn = false;
  auto next_side_hash = [&side, &side_torn](Hash32& h, bool& present) {
    std::string_view s;
    bool nl = false;
    present = side.next(s, nl);
    side_torn = present && !nl;
    return present && nl && from_hex(s, h);
  };

  std::string_view line;
  bool has_newline = false;
  while (log.next(line, has_newline)) {
    const uint64_t lineno = check.index() + 1;
    const uint64_t offset = log.line_offset();
    check.at_line(lineno, offset);
    if (!has_newline) return check.torn(lineno, offset);
    const Hash32 h = chain_record(in.run_id, in.stream, check.index(), check.head(), line);
    Hash32 stored;
    bool present = false;
    if (!next_side_hash(stored, present)) {
      // The writer appends a sidecar entry only after its log line is written (docs/FORMAT.md),
      // so a writer stopped in between (killed, disk full) leaves log lines past the sidecar's
      // end: a torn tail like a cut line, tampering only where the run says it ended cleanly.
      if (!present) return check.torn(lineno, offset, "sidecar and log disagree (line has no sidecar entry)");
      if (side_torn) return check.torn(lineno, offset, "sidecar and log disagree (torn last sidecar entry)");
      return check.fail(lineno, offset, "sidecar and log disagree (bad sidecar line)");
    }
    if (h != stored) {
      // Tell a changed log line from a changed sidecar entry: if only the sidecar entry was
      // changed, the next entry still chains from the hash computed here.
      std::string_view next_line;
      bool next_nl = false;
      Hash32 next_stored;
      bool next_present = false;
      if (log.next(next_line, next_nl) && next_nl && next_side_hash(next_stored, next_present) &&
          chain_record(in.run_id, in.stream, check.index() + 1, h, next_line) == next_stored) {
        return check.fail(lineno, offset, "sidecar and log disagree (sidecar entry changed)");
      }
      return check.fail(lineno, offset, "modified");
    }
    if (!check.accept(h, offset, line.size())) return check.finish();
  }
  if (log.error() != 0) {
    return check.fail(check.index() + 1, log.bytes_read(), open_error(in.file, log.error()));
  }
  Hash32 extra;
  bool present = false;
  next_side_hash(extra, present);
  if (present) {
    return check.fail(check.index() + 1, log.bytes_read(),
                      "sidecar and log disagree (log ends before the sidecar)");
  }
  return check.finish(log.bytes_read());
}

}  // namespace capsule
