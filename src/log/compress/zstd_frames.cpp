#include "log/compress/zstd_frames.h"

#include <zstd.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace capsule {
namespace {
constexpr size_t kSliceBytes = 4096;
}  // namespace

ZstdBlockEncoder::ZstdBlockEncoder(int level, uint64_t frame_plain_bytes)
    : cctx_(ZSTD_createCCtx()), frame_limit_(frame_plain_bytes) {
  if (cctx_ == nullptr) throw std::bad_alloc();
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level);
  // The chain hashes every block's lines already; zstd's own checksum would add nothing.
  ZSTD_CCtx_setParameter(cctx_, ZSTD_c_checksumFlag, 0);
}

ZstdBlockEncoder::~ZstdBlockEncoder() { ZSTD_freeCCtx(cctx_); }

void ZstdBlockEncoder::compress(std::string_view in, int directive, std::string& out) {
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  const auto mode = static_cast<ZSTD_EndDirective>(directive);
  for (;;) {
    const size_t start = out.size();
    // Room for the whole block at once in the usual case; zstd says how much more it has.
    out.resize(start + ZSTD_compressBound(in.size() - src.pos) + 64);
    ZSTD_outBuffer dst{out.data() + start, out.size() - start, 0};
    const size_t left = ZSTD_compressStream2(cctx_, &dst, &src, mode);
    out.resize(start + dst.pos);
    // Only a bug (a bad parameter) or no memory makes zstd fail on data it is given.
    if (ZSTD_isError(left)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(left));
    if (left == 0 && src.pos == src.size) return;
  }
}

void ZstdBlockEncoder::add_block(std::string_view block, bool end_frame, std::string& out) {
  frame_open_ = true;
  frame_plain_ += block.size();
  const bool end = end_frame || frame_plain_ >= frame_limit_;
  compress(block, end ? ZSTD_e_end : ZSTD_e_flush, out);
  if (end) {
    frame_open_ = false;
    frame_plain_ = 0;
  }
}

void ZstdBlockEncoder::end_frame(std::string& out) {
  if (!frame_open_) return;
  compress({}, ZSTD_e_end, out);
  frame_open_ = false;
  frame_plain_ = 0;
}

ZstdDecoder::ZstdDecoder() : dctx_(ZSTD_createDCtx()) {
  if (dctx_ == nullptr) throw std::bad_alloc();
  ZSTD_DCtx_setParameter(dctx_, ZSTD_d_windowLogMax, kMaxWindowLog);
}

ZstdDecoder::~ZstdDecoder() { ZSTD_freeDCtx(dctx_); }

ZstdDecoder::Step ZstdDecoder::step(std::string_view in, char* out, size_t out_size) {
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  ZSTD_outBuffer dst{out, out_size, 0};
  Step s;
  auto call = [&] {
    // A few KiB of input per call: a call that fails keeps none of its output, so what decodes
    // before damage reaches the reader (cat prints the records before a corrupt block).
    ZSTD_inBuffer slice{src.src, std::min(src.size, src.pos + kSliceBytes), src.pos};
    const size_t r = ZSTD_decompressStream(dctx_, &dst, &slice);
    src.pos = slice.pos;
    if (ZSTD_isError(r)) {
      s.ok = false;
      s.error = ZSTD_getErrorName(r);
      return false;
    }
    at_frame_end_ = r == 0;
    return true;
  };
  while (src.pos < src.size && dst.pos < dst.size) {
    if (!call()) break;
  }
  // Output held back when out filled up on an earlier step: a call with no input drains it.
  if (s.ok && dst.pos < dst.size && src.pos == src.size && !at_frame_end_) call();
  s.consumed = src.pos;
  s.produced = dst.pos;
  return s;
}

void ZstdDecoder::reset() {
  ZSTD_DCtx_reset(dctx_, ZSTD_reset_session_only);
  at_frame_end_ = true;
}

}  // namespace capsule
