// The zstd side of a compressed stream (docs/FORMAT.md, "Compression"): each chained block is
// one flush point of a zstd frame (ZSTD_e_flush: its compressed bytes decode to exactly its
// lines, given the blocks before it in the frame), and a frame ends after kFramePlainBytes of
// lines, at the end of the run, or never (a killed writer). Blocks sharing a frame share zstd's
// window: with a flush every few ms a block holds only a few records, and compressed alone each
// would cost twice the bytes (measured on make -j2: 139 against 73 bytes per syscall).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace capsule {

// The live writer closes a frame at the first block end after this many bytes of lines: a reader
// seeking to a block decodes at most this much before it (plus the block).
inline constexpr uint64_t kFramePlainBytes = 1 << 20;
// `capsule compact` rewrites finished runs offline and may choose frames up to this size (more
// shared window, fewer frame headers), so a seek in a compacted stream decodes at most this much.
inline constexpr uint64_t kMaxFramePlainBytes = 8 << 20;
// Largest window a reader accepts (2^24 = 16 MiB): far above what capsule's levels use, and it
// bounds the memory a crafted frame can make a reader take.
inline constexpr int kMaxWindowLog = 24;

class ZstdBlockEncoder {
 public:
  // frame_plain_bytes: the frame length (in bytes of lines) at which a frame is closed.
  explicit ZstdBlockEncoder(int level, uint64_t frame_plain_bytes = kFramePlainBytes);
  ~ZstdBlockEncoder();
  ZstdBlockEncoder(const ZstdBlockEncoder&) = delete;
  ZstdBlockEncoder& operator=(const ZstdBlockEncoder&) = delete;

  // Appends block's compressed bytes to out: a flush point of the current frame (a new frame
  // when none is open), and the frame's end when end_frame or when the frame is long enough.
  void add_block(std::string_view block, bool end_frame, std::string& out);
  // Appends the bytes that end the open frame without more data (nothing when none is open).
  void end_frame(std::string& out);
  bool frame_open() const { return frame_open_; }

 private:
  void compress(std::string_view in, int directive, std::string& out);

  ZSTD_CCtx_s* cctx_;
  uint64_t frame_limit_;
  bool frame_open_ = false;
  uint64_t frame_plain_ = 0;
};

// Decodes zstd bytes piece by piece into a caller's buffer. Errors (a corrupt or foreign frame)
// are reported, never thrown: the bytes come from a file anyone may have changed.
class ZstdDecoder {
 public:
  ZstdDecoder();
  ~ZstdDecoder();
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  struct Step {
    size_t consumed = 0;  // bytes of in used
    size_t produced = 0;  // bytes written to out
    bool ok = true;
    std::string error;    // zstd's reason when !ok
  };
  // Decodes from in into out[0, out_size) until either is used up. After an error the decoder
  // must be reset() before it is used again.
  Step step(std::string_view in, char* out, size_t out_size);
  // True when everything given so far ends exactly at the end of a frame (or nothing was given).
  bool at_frame_end() const { return at_frame_end_; }
  void reset();

 private:
  ZSTD_DCtx_s* dctx_;
  bool at_frame_end_ = true;
};

}  // namespace capsule
