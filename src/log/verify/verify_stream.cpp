// Recomputes a stream's block chain (docs/FORMAT.md, "Block chain"): each sidecar entry names a
// byte span of the stream file, which is hashed as one block. No JSON parsing of the records: the
// chain covers bytes. Where a block fails, its lines are looked at to say more precisely where.
#include "log/verify/verify_stream.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "base/number_parse.h"
#include "base/unique_fd.h"
#include "log/chain/chain.h"
#include "log/chain/chained_stream.h"
#include "log/compress/compression.h"
#include "log/compress/zstd_frames.h"
#include "log/rundir/line_reader.h"

namespace capsule {
namespace {

constexpr std::string_view kChainKey = ",\"chain\":\"";
constexpr std::string_view kSeqKey = "{\"seq\":";

class Checker {
 public:
  explicit Checker(const StreamCheckInput& in)
      : in_(in), head_(block_genesis(in.run_id, in.stream)) {
    out_.verdict.stream = in.stream;
    out_.verdict.file = in.file;
    begin_epoch(0);
    // Checkpoints taken before the stream's first record (empty epochs) are checked right away.
    check_due_probes();
  }

  // Takes block b (hash h, lines `data`); false when a checkpoint it completes does not match or
  // it straddles one (the failure is recorded).
  bool accept(const Hash32& h, const BlockHeader& b, std::string_view data) {
    const uint64_t before = out_.verdict.records;
    if (in_.note_line > before && in_.note_line <= before + b.count) {
      out_.noted_offset = b.offset + line_start(data, in_.note_line - before - 1);
    }
    head_ = h;
    // data ends with '\n': the last line starts after the newline before that one.
    const size_t before_last = data.size() >= 2 ? data.rfind('\n', data.size() - 2) : std::string_view::npos;
    out_.last_line_offset = b.offset + (before_last == std::string_view::npos ? 0 : before_last + 1);
    end_offset_ = b.offset + b.bytes;
    out_.verdict.records += b.count;
    tag_.absorb(h);
    if (next_probe_ < in_.probes.size() && in_.probes[next_probe_].records > before &&
        in_.probes[next_probe_].records < out_.verdict.records) {
      // The writer closes a block at every checkpoint; a block across one was made afterwards.
      mark_failed(before + 1, b.offset,
                  "modified (block " + std::to_string(b.index) + " spans the signed checkpoint of epoch " +
                      std::to_string(in_.probes[next_probe_].epoch) + ")");
      return false;
    }
    return check_due_probes();
  }

  // The offset in data of line k (0-based); data holds whole lines.
  static uint64_t line_start(std::string_view data, uint64_t k) {
    size_t at = 0;
    for (uint64_t i = 0; i < k; ++i) {
      const size_t nl = data.find('\n', at);
      if (nl == std::string_view::npos) return at;
      at = nl + 1;
    }
    return at;
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
  uint64_t end_offset() const { return end_offset_; }
  void set_tail_bytes(uint64_t n) { out_.tail_bytes = n; }

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

std::string open_error(const std::string& file, const std::string& why) { return "cannot read " + file + ": " + why; }

// The N of a line starting {"seq":N, — or -1 when the line does not start that way.
int64_t leading_seq(std::string_view line) {
  if (line.substr(0, kSeqKey.size()) != kSeqKey) return -1;
  size_t i = kSeqKey.size();
  // 18 digits at most: every such number fits the int64_t returned.
  const auto seq = take_canonical_decimal(line, i, 18);
  if (!seq || i >= line.size() || line[i] != ',') return -1;
  return static_cast<int64_t>(*seq);
}

uint64_t count_lines(std::string_view data) {
  return static_cast<uint64_t>(std::count(data.begin(), data.end(), '\n'));
}

// Reads exactly size bytes at offset; false when the file is shorter (err 0) or on an error.
bool read_span(int fd, uint64_t offset, uint64_t size, std::string& out, int& err) {
  out.resize(size);
  size_t got = 0;
  err = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, out.data() + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

// Why block b (whose hash did not match) is bad, at which line: a seq out of place when the
// stream has them, else the whole block.
StreamCheck explain_bad_block(Checker& check, const StreamCheckInput& in, const BlockHeader& b,
                              std::string_view data) {
  const std::string span = "seq " + std::to_string(b.first) + "-" + std::to_string(b.first + b.count - 1);
  size_t at = 0;
  uint64_t k = 0;
  // Damaged zstd bytes can decode to more lines than the block has: a seq past its count would
  // name a record of the next block, so only the block's own lines are looked at.
  while (at < data.size() && k < b.count) {
    const size_t nl = data.find('\n', at);
    const std::string_view line = data.substr(at, nl == std::string_view::npos ? nl : nl - at);
    if (in.check_seq) {
      const int64_t seq = leading_seq(line);
      if (seq < 0) return check.fail(b.first + k + 1, b.offset + at, "modified (no leading seq)");
      if (static_cast<uint64_t>(seq) != b.first + k) {
        return check.fail(b.first + k + 1, b.offset + at,
                          "record missing or out of order (seq " + std::to_string(seq) +
                              ", expected " + std::to_string(b.first + k) + ")");
      }
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
    ++k;
  }
  return check.fail(b.first + 1, b.offset,
                    "modified (" + span + ": block " + std::to_string(b.index) +
                        " does not match its hash)");
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

// A compressed stream's frames, decoded block by block (docs/FORMAT.md, "Compression"): each
// sidecar entry says where its block's zstd bytes are; they must follow the block before
// without a gap, and decode (after the blocks before them in their frame) to exactly the
// block's `bytes` of lines.
class FrameReader {
 public:
  // Empty when block b's bytes decode into data; else why not (a sentence for the verdict).
  std::string read(int fd, const BlockHeader& b, const FrameSpan& z, std::string& data) {
    if (z.zoffset != zend_) return "its zstd bytes do not follow the block before";
    const bool new_frame = z.zframe == z.zoffset;
    if (new_frame ? !decoder_.at_frame_end() : (z.zframe != zframe_ || decoder_.at_frame_end())) {
      return "its zstd frame does not follow the block before";
    }
    if (z.zbytes == 0 || z.zbytes > kMaxBlockBytes) return "bad zstd byte count";
    int err = 0;
    if (!read_span(fd, z.zoffset, z.zbytes, zdata_, err)) {
      return err != 0 ? std::string(std::strerror(err)) : std::string("truncated");
    }
    data.resize(b.bytes + 1);  // one byte more than it may hold: more output is a mismatch
    const ZstdDecoder::Step s = decoder_.step(zdata_, data.data(), data.size());
    if (!s.ok) return "corrupt zstd data: " + s.error;
    if (s.consumed != zdata_.size() || s.produced != b.bytes) return "its zstd bytes do not decode to its lines";
    data.resize(b.bytes);
    zframe_ = z.zframe;
    zend_ = z.zoffset + z.zbytes;
    return {};
  }

  uint64_t end() const { return zend_; }
  // Whether tail, the bytes after the last block, only end the open frame (what a clean close
  // writes when its last block did not): they decode to nothing and end the frame.
  bool closes_frame(std::string_view tail) {
    if (decoder_.at_frame_end() || tail.empty() || tail.size() > kMaxFrameEndBytes) return false;
    char none[1];
    const ZstdDecoder::Step s = decoder_.step(tail, none, sizeof none);
    return s.ok && s.consumed == tail.size() && s.produced == 0 && decoder_.at_frame_end();
  }

 private:
  // An empty last zstd block is 3 bytes; a frame checksum (capsule writes none) would add 4.
  static constexpr size_t kMaxFrameEndBytes = 16;
  ZstdDecoder decoder_;
  std::string zdata_;
  uint64_t zframe_ = 0;
  uint64_t zend_ = 0;
};

StreamCheck check_block_stream(const StreamCheckInput& in) {
  Checker check(in);
  if (check.failed()) return check.finish();
  const std::string side_file = sidecar_file_name(in.file);
  UniqueFd log;
  try {
    log = open_regular_file(in.dir / in.file);
  } catch (const InputFileError& e) {
    return check.fail(1, 0, open_error(in.file, e.why()));
  }
  LineReader side(in.dir / side_file);
  if (side.error() != 0) return check.fail(1, 0, open_error(side_file, side.error_text()));

  const bool compressed = is_compressed_file(in.file);
  FrameReader frames;
  std::string data;
  std::string_view line;
  bool has_newline = false;
  uint64_t index = 0;
  while (side.next(line, has_newline)) {
    const uint64_t lineno = check.index() + 1;
    const uint64_t at = check.end_offset();
    const std::string which = "block " + std::to_string(index);
    // The writer appends an entry only after its lines are written, so a writer stopped while
    // writing it leaves a torn entry: like a cut line, tampering only where the run ended cleanly.
    if (!has_newline) return check.torn(lineno, at, "truncated (torn sidecar entry of " + which + ")");
    BlockHeader b;
    Hash32 stored;
    FrameSpan z;
    // A plain stream's sidecar may carry frame keys: `capsule compact` renames the new sidecar
    // into place before the .zst (docs/FORMAT.md, "Compaction"). They are not hashed and a plain
    // file is read by offset and bytes, so they are ignored there.
    const bool parsed = compressed ? parse_block_entry(line, b, stored, &z)
                                   : parse_block_entry(line, b, stored) || parse_block_entry(line, b, stored, &z);
    if (!parsed) {
      return check.fail(lineno, at, "modified (bad sidecar entry for " + which + ")");
    }
    if (b.index != index || b.first != check.index() || b.offset != at || b.count == 0 ||
        b.bytes < b.count || b.bytes > kMaxBlockBytes) {
      return check.fail(lineno, at, "modified (sidecar entry of " + which +
                                        " does not follow the block before it)");
    }
    int err = 0;
    if (compressed) {
      const std::string why = frames.read(log.get(), b, z, data);
      if (why == "truncated") {
        return check.fail(lineno, at, "truncated (" + which + " ends past the end of " + in.file + ")");
      }
      if (!why.empty()) {
        const std::string span = "seq " + std::to_string(b.first) + "-" + std::to_string(b.first + b.count - 1);
        return check.fail(lineno, at, "modified (" + span + ": block " + std::to_string(b.index) + ": " + why + ")");
      }
    } else if (!read_span(log.get(), b.offset, b.bytes, data, err)) {
      if (err != 0) return check.fail(lineno, at, open_error(in.file, std::strerror(err)));
      return check.fail(lineno, at, "truncated (" + which + " ends past the end of " + in.file + ")");
    }
    const Hash32 h = chain_block(in.run_id, in.stream, b, check.head(), data);
    if (h != stored || data.back() != '\n' || count_lines(data) != b.count) {
      return explain_bad_block(check, in, b, data);
    }
    if (!check.accept(h, b, data)) return check.finish();
    ++index;
  }
  if (side.error() != 0) return check.fail(check.index() + 1, check.end_offset(), open_error(side_file, side.error_text()));

  // Lines past the last block: written by a writer that stopped before their sidecar entry.
  const off_t size = ::lseek(log.get(), 0, SEEK_END);
  const uint64_t blocks_end = compressed ? frames.end() : check.end_offset();
  if (size > 0 && static_cast<uint64_t>(size) > blocks_end) {
    const uint64_t extra = static_cast<uint64_t>(size) - blocks_end;
    std::string tail;
    int err = 0;
    if (compressed && extra <= 16 && read_span(log.get(), blocks_end, extra, tail, err) &&
        frames.closes_frame(tail)) {
      return check.finish(check.end_offset());
    }
    check.set_tail_bytes(extra);
    return check.torn(check.index() + 1, check.end_offset(),
                      "truncated (" + std::to_string(extra) + " bytes after the last block have no "
                      "sidecar entry)");
  }
  return check.finish(compressed ? check.end_offset() : static_cast<uint64_t>(std::max<off_t>(size, 0)));
}

}  // namespace capsule
