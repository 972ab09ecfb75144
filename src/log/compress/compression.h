// How a run's streams are stored (docs/FORMAT.md, "Compression"): plain lines, or zstd frames
// whose flush points are the chained blocks. Named once here for the writer (--compress), the
// manifest ("compression") and every reader.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace capsule {

struct Compression {
  enum class Codec { None, Zstd };
  // Plain by default: every stream keeps the name docs/FORMAT.md promises, so that grep, jq and
  // the scripts people already have read a run as it is written. Compression is asked for
  // (--compress zstd), by people who keep many runs.
  Codec codec = Codec::None;
  // With zstd, whether syscalls.log (the text stream) is compressed too. Off unless zstd-all:
  // syscalls.log is the file people open and diff against strace's.
  bool text_log_too = false;
  // zstd's level. 1: on these logs it compresses within a few % of level 3 when blocks share a
  // frame (bench/disk_per_syscall.py) at about twice the speed, and the pipeline thread pays it.
  int level = 1;

  bool on() const { return codec != Codec::None; }
};

inline constexpr int kMinZstdLevel = -7;  // zstd's fast levels go further; below this they gain nothing here
inline constexpr int kMaxZstdLevel = 19;  // 20-22 need --ultra's memory to read back
// The suffix of a compressed stream's file: events.jsonl.zst (so that zstdcat reads it).
inline constexpr std::string_view kZstdSuffix = ".zst";

// "none", "zstd" (level 1), "zstd:LEVEL", "zstd-all" or "zstd-all:LEVEL"; nullopt for anything else.
std::optional<Compression> parse_compression(std::string_view text);
// The inverse: "none", "zstd:LEVEL" or "zstd-all:LEVEL" (what the manifest records).
std::string compression_text(const Compression& c);
// How one stream of the run is stored: the text stream is plain unless text_log_too.
Compression stream_compression(const Compression& run, bool text_stream);

// The file a stream is stored in: "events.jsonl" or, compressed, "events.jsonl.zst".
std::string stored_file_name(std::string_view plain_file, const Compression& c);
// Whether a stream file is compressed (by its name), and its name without the suffix.
bool is_compressed_file(std::string_view file);
std::string_view plain_file_name(std::string_view file);

}  // namespace capsule
