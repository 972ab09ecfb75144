// A log stream whose every record is bound to the one before it by a BLAKE3 hash, written through
// a buffer that is flushed on a schedule (so that a record is on disk within 100 ms).
//
// The construction is documented in docs/FORMAT.md ("Hash chain"); chain.h computes it, this class
// adds the file handling. JSONL streams carry the hash inside each line as a final "chain" member;
// the text stream (syscalls.log) stays pure strace text and keeps its hashes in a sidecar file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "log/chain.h"
#include "log/epoch_key.h"

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

// The sidecar of a Text stream: the file name with its extension replaced by ".chain"
// ("syscalls.log" -> "syscalls.chain").
std::string sidecar_file_name(std::string_view file_name);

// Bytes of the suffix a JSONL record gets in place of its final '}': ,"chain":"<64 hex>"}
inline constexpr size_t kJsonlChainSuffixSize = 76;
// Buffered bytes at which flush_due() reports due and append() flushes by itself.
inline constexpr size_t kStreamFlushBytes = 256 * 1024;

class ChainedStream {
 public:
  // Creates <dir>/<file> (0600, O_EXCL) and, for Text, its sidecar. Throws LogWriteError.
  ChainedStream(const std::filesystem::path& dir, std::string stream_name, std::string file_name,
                StreamForm form, std::string_view run_id);
  ~ChainedStream();
  ChainedStream(const ChainedStream&) = delete;
  ChainedStream& operator=(const ChainedStream&) = delete;

  // Jsonl: payload is one complete, non-empty JSON object "{...}"; Text: one line without its
  // newline (and containing none). A payload breaking that is a bug: std::invalid_argument.
  // Buffers the record; throws LogWriteError when an implicit flush fails.
  void append(std::string_view payload);

  // True when something is buffered and either the oldest buffered record is older than
  // max_age_us or the buffer is large. now_us is wall-clock time (CLOCK_REALTIME, µs since the
  // epoch, like SyscallEvent::ts_us): append() stamps the first buffered record with that clock.
  bool flush_due(int64_t now_us, int64_t max_age_us) const;
  // Writes the buffer with write(2); throws LogWriteError. After a failure, the bytes that did
  // not reach the file stay buffered (a later flush retries them); for Text, the sidecar is
  // written only after the whole log buffer made it, so it never names a line not on disk.
  void flush();
  void close();   // flush + fsync; idempotent once it succeeded

  // Records handed to append() (buffered or written) and the chain head over them.

  const std::string& stream_name() const { return name_; }
  const std::string& file_name() const { return file_; }
  uint64_t count() const { return chained_ ? chain_.count() : unchained_count_; }
  const Hash32& head() const { return chain_.head(); }
  std::string head_hex() const { return chain_.head_hex(); }
  std::string_view run_id() const { return run_id_; }

  // For measurement only (the pipeline benchmark; see PipelineConfig::Measurement): from now on
  // records are written as before but neither hashed nor tagged: a placeholder of the same
  // length stands where each record's hash goes. The file does not verify.
  void unchained_for_measurement() { chained_ = false; }

  // The forward-security tag of the current epoch: every appended record's hash goes into it
  // while it is active (the checkpointer begins and finishes it).
  EpochTag& epoch_tag() { return tag_; }

 private:
  // Chains the record (and feeds the epoch tag); its hash in hex.
  std::string record_hash_hex(std::string_view payload);

  struct Files;
  std::string name_;
  std::string file_;
  StreamForm form_;
  std::string run_id_;
  Chain chain_;
  EpochTag tag_;
  std::unique_ptr<Files> files_;
  std::string buf_;
  std::string side_buf_;
  int64_t oldest_us_ = 0;
  bool chained_ = true;
  uint64_t unchained_count_ = 0;
};

}  // namespace capsule
