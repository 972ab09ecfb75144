// A log stream bound together by BLAKE3 hashes, written through a buffer that is flushed on a
// schedule (so that a record is on disk within 100 ms).
//
// Two chainings (docs/FORMAT.md, "Block chain" and "Record chain"); chain.h computes both, this
// class adds the file handling:
// - Blocks (the data streams): the lines stay exactly as rendered; each flush hashes the lines it
//   writes as one block, chained to the block before, and appends the block's entry (index, first
//   record, count, byte span, hash) to a sidecar "<stem>.chain" after the lines are written.
// - PerRecord (checkpoints.jsonl, whose records are signed one by one): each JSONL line carries its
//   own chain hash as a final "chain" member.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "log/chain/chain.h"
#include "log/chain/epoch_key.h"
#include "log/compress/compression.h"
#include "log/compress/zstd_frames.h"

namespace capsule {

// A failure to write the log (disk full, I/O error): the run cannot go on recorded.
class LogWriteError : public std::runtime_error {
 public:
  LogWriteError(const std::string& what, int err) : std::runtime_error(what), err_(err) {}
  int error_code() const { return err_; }
 private:
  int err_;
};

enum class StreamForm { Jsonl, Text };
enum class Chaining { Blocks, PerRecord };

// The block sidecar of a stream: the file name with its extension (and any ".zst") replaced by
// ".chain" ("syscalls.log" -> "syscalls.chain", "events.jsonl.zst" -> "events.chain").
std::string sidecar_file_name(std::string_view file_name);

// Bytes of the suffix a PerRecord JSONL record gets in place of its final '}': ,"chain":"<64 hex>"}
inline constexpr size_t kJsonlChainSuffixSize = 76;
// Bytes of an open block at which append() closes it (hashes it): the usual size of a block, large
// enough for BLAKE3's SIMD lanes, small enough that a verify failure points to a short span.
inline constexpr size_t kStreamFlushBytes = 64 * 1024;
// Buffered bytes (closed blocks) at which append() writes them, and flush_due() reports due: one
// write(2) of 1 MiB costs ext4 half what sixteen of 64 KiB do (measured: 512 MiB in 0.10 s against
// 0.19 s), and a syscall storm writes a kilobyte per call. The age limit of flush_due still bounds
// how long a record waits when little comes.
inline constexpr size_t kStreamWriteBytes = 1024 * 1024;
// The largest block a verifier accepts (one flush of kStreamFlushBytes plus one huge record).
inline constexpr uint64_t kMaxBlockBytes = 64ull << 20;

// Where a block's compressed bytes are in a compressed stream's file (docs/FORMAT.md,
// "Compression"): the frame it belongs to starts at zframe, its own bytes at zoffset.
struct FrameSpan {
  uint64_t zframe = 0;
  uint64_t zoffset = 0;
  uint64_t zbytes = 0;
};

// One line of a block sidecar, as written: {"block":B,"first":F,"count":N,"offset":O,"bytes":L,"hash":"<hex>"},
// with ,"zframe":Z,"zoffset":ZO,"zbytes":ZL before "hash" when z is given (a compressed stream).
std::string render_block_entry(const BlockHeader& b, const Hash32& hash, const FrameSpan* z = nullptr);
// Its strict inverse (exactly that key order, canonical numbers, the frame keys iff z is given);
// false for anything else.
bool parse_block_entry(std::string_view line, BlockHeader& b, Hash32& hash, FrameSpan* z = nullptr);

class ChainedStream {
 public:
  // Creates <dir>/<file> (0600, O_EXCL; "<file>.zst" when compressed) and, for Blocks, its
  // sidecar. Throws LogWriteError. PerRecord requires StreamForm::Jsonl and no compression.
  ChainedStream(const std::filesystem::path& dir, std::string stream_name, std::string file_name,
                StreamForm form, std::string_view run_id, Chaining chaining = Chaining::Blocks,
                Compression compression = Compression{Compression::Codec::None, 0});
  ~ChainedStream();
  ChainedStream(const ChainedStream&) = delete;
  ChainedStream& operator=(const ChainedStream&) = delete;

  // Jsonl: payload is one complete, non-empty JSON object "{...}"; Text: one line without its
  // newline (and containing none). A payload breaking that is a bug: std::invalid_argument.
  // Buffers the record; throws LogWriteError when an implicit flush fails.
  void append(std::string_view payload);
  // The same as append(line) after render(line), without the copy: render(out) appends the
  // payload to out, which is the stream's own buffer (Blocks; PerRecord renders into a line and
  // appends it). Each event's records are rendered so, a kilobyte per event on a syscall storm.
  template <class Render>
  void append_rendered(Render&& render);

  // True when something is buffered and either the oldest buffered record is older than
  // max_age_us or the buffer is large. now_us is wall-clock time (CLOCK_REALTIME, µs since the
  // epoch, like SyscallEvent::ts_us): append() stamps the first buffered record with that clock.
  bool flush_due(int64_t now_us, int64_t max_age_us) const;
  // Hashes the records appended since the last flush as one block (Blocks), then writes the
  // buffer with write(2); throws LogWriteError. After a failure, the bytes that did not reach the
  // file stay buffered (a later flush retries them, without hashing them again); the sidecar is
  // written only after the whole log buffer made it, so it never names a line not on disk.
  void flush();
  // flush + fsync of the file(s) and, unless told not to (a caller closing several streams of one
  // directory syncs it once itself), of the directory; idempotent once it succeeded.
  // Flushes (ending the open zstd frame: the file is then a complete zstd stream) and starts the
  // disk writes of both files without waiting for them: called on every stream before closing
  // any, so that the closes' fsyncs wait for writes already under way.
  void start_writeback();
  enum class DirectorySync { Yes, LeftToCaller };
  void close(DirectorySync dir_sync = DirectorySync::Yes);

  const std::string& stream_name() const { return name_; }
  const std::string& file_name() const { return file_; }  // as stored ("events.jsonl.zst")
  // Records handed to append() (buffered or written).
  uint64_t count() const { return records_; }
  // Records not (wholly) on disk yet: the lines still in the buffer, e.g. after a failed write.
  uint64_t unwritten() const;
  // The chain head: over every record for PerRecord, over the records flushed so far for Blocks
  // (after flush(), over count() records).
  const Hash32& head() const { return head_; }
  std::string head_hex() const { return to_hex(head_); }
  std::string_view run_id() const { return run_id_; }

  // For measurement only (the pipeline benchmark; see PipelineConfig::Measurement): from now on
  // records are written as before but neither hashed nor tagged: a placeholder of the same
  // length stands where each hash goes. The file does not verify.
  void unchained_for_measurement() { chained_ = false; }

  // The forward-security tag of the current epoch: every block's (PerRecord: record's) hash goes
  // into it while it is active (the checkpointer begins and finishes it, after a flush).
  EpochTag& epoch_tag() { return tag_; }

 private:
  // append_rendered's two halves: where the record starts in buf_, then its checks and newline.
  size_t begin_rendered() const;
  void end_rendered(size_t start);
  void check_payload(std::string_view payload) const;
  void append_per_record(std::string_view payload);
  // Blocks: hashes buf_[block_start_, end) as the next block (compressed: and moves it into
  // zbuf_ as the block's zstd bytes, ending the frame when end_frame).
  void close_block(bool end_frame);
  void flush_blocks(bool end_frame);
  // After a record: closes the open block at kStreamFlushBytes, writes at kStreamWriteBytes.
  void after_record();
  // Writes what is buffered of closed blocks (and the sidecar lines naming them).
  void write_closed();
  void compress_block(std::string_view data, uint64_t block_records, bool end_frame, FrameSpan& z);
  void drain_compressed();
  const Hash32& next_hash(const Hash32& h);  // makes h the head and feeds the tag

  struct Files;
  std::string name_;
  std::string file_;
  StreamForm form_;
  Chaining chaining_;
  std::string run_id_;
  Hash32 head_{};
  uint64_t records_ = 0;
  EpochTag tag_;
  std::unique_ptr<Files> files_;
  std::string buf_;
  std::string side_buf_;
  int64_t oldest_us_ = 0;
  bool chained_ = true;
  // Blocks: where the next block starts in buf_, and what the stream holds before it.
  size_t block_start_ = 0;
  uint64_t blocks_ = 0;
  uint64_t block_first_ = 0;   // records in earlier blocks
  uint64_t block_offset_ = 0;  // bytes in earlier blocks
  // Compressed streams: the encoder, the zstd bytes not written yet and, per block in them, where
  // it ends in zbuf_ and its records (for unwritten()); the file's bytes before zbuf_ and the
  // start of the open frame.
  std::unique_ptr<ZstdBlockEncoder> encoder_;
  std::string zbuf_;
  std::vector<std::pair<size_t, uint64_t>> zpending_;
  uint64_t zoffset_ = 0;
  uint64_t zframe_ = 0;
};

template <class Render>
void ChainedStream::append_rendered(Render&& render) {
  if (chaining_ != Chaining::Blocks) {
    std::string line;
    render(line);
    append(line);
    return;
  }
  const size_t start = begin_rendered();
  try {
    render(buf_);
  } catch (...) {
    buf_.resize(start);  // no half record left behind
    throw;
  }
  end_rendered(start);
}

}  // namespace capsule
