// Reads a file line by line through one large buffer: verify must chew through hundreds of MB,
// so no per-line allocation and no iostreams. A compressed stream file ("*.zst", docs/FORMAT.md
// "Compression") is decoded on the way: every reader of a run's streams gets the same plain lines
// from either form (stream_file_path() finds which one a run holds).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.h"
#include "log/compress/compression.h"
#include "log/compress/zstd_frames.h"
#include "log/rundir/input_file.h"

namespace capsule {

class LineReader {
 public:
  static constexpr size_t kChunk = 4 << 20;
  static constexpr size_t kMaxDecodedLine = size_t{64} << 20;

  // Only a regular file is read: a FIFO or device put in a run directory must not hang verify.
  explicit LineReader(const std::filesystem::path& path) {
    try {
      fd_ = open_regular_file(path);
    } catch (const InputFileError& e) {
      error_ = e.error_number() != 0 ? e.error_number() : EINVAL;
      error_text_ = e.why();
    }
    // A small file gets a small buffer: verify reads many small runs too, and zeroing 4 MiB per
    // stream would cost more than reading them.
    struct stat st {};
    size_t size = kChunk;
    if (fd_ && ::fstat(fd_.get(), &st) == 0 && st.st_size >= 0) {
      size = std::min(kChunk, std::max<size_t>(64 << 10, static_cast<size_t>(st.st_size) + 1));
    }
    buf_.resize(size);
    if (is_compressed_file(path.filename().string())) {
      decoder_ = std::make_unique<ZstdDecoder>();
      zin_.resize(256 << 10);
      if (buf_.size() < (1u << 20)) buf_.resize(1u << 20);  // the file's size says little of the lines'
    }
  }

  int error() const { return error_; }  // errno of a failed open or read; 0 otherwise
  // What error() means: "not a regular file" for a FIFO, a corrupt zstd frame, otherwise errno's text.
  std::string error_text() const { return error_text_.empty() ? std::strerror(error_) : error_text_; }

  // The next line without its '\n'; false at the end of the file (or on a read error). The view
  // stays valid until the next call. has_newline is false only for a last line with no '\n'.
  bool next(std::string_view& line, bool& has_newline) {
    for (;;) {
      const char* start = buf_.data() + pos_;
      if (const void* nl = std::memchr(start, '\n', end_ - pos_)) {
        const size_t len = static_cast<size_t>(static_cast<const char*>(nl) - start);
        line = std::string_view(start, len);
        has_newline = true;
        line_offset_ = consumed_ + pos_;
        pos_ += len + 1;
        return true;
      }
      if (eof_) {
        if (pos_ == end_) return false;
        line = std::string_view(start, end_ - pos_);
        has_newline = false;
        line_offset_ = consumed_ + pos_;
        pos_ = end_;
        return true;
      }
      refill();
    }
  }

  // Offsets count plain bytes (decoded ones, for a compressed file).
  uint64_t line_offset() const { return line_offset_; }  // byte offset of the last line returned
  uint64_t bytes_read() const { return consumed_ + end_; }
  // A compressed file that ends inside a frame (its writer was killed, or it was cut).
  bool ended_mid_frame() const { return decoder_ && !decoder_->at_frame_end(); }

 private:
  void refill() {
    // Keep the unfinished line, moved to the front; grow only for a line longer than the buffer.
    if (pos_ > 0) {
      std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
      consumed_ += pos_;
      end_ -= pos_;
      pos_ = 0;
    }
    if (end_ == buf_.size()) {
      // A plain file's size bounds its longest line; a few KB of zstd can decode to GBs of one.
      if (decoder_ && buf_.size() >= kMaxDecodedLine) {
        error_ = EFBIG;
        error_text_ = "a line longer than 64 MiB (no record is)";
        eof_ = true;
        return;
      }
      buf_.resize(buf_.size() * 2);
    }
    if (!fd_) {
      eof_ = true;
      return;
    }
    if (decoder_) {
      decode_more();
      return;
    }
    for (;;) {
      const ssize_t n = ::read(fd_.get(), buf_.data() + end_, buf_.size() - end_);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) error_ = errno;
      if (n <= 0) eof_ = true; else end_ += static_cast<size_t>(n);
      return;
    }
  }

  // Decodes into buf_[end_, size) until something came out, the file ended, or it is corrupt.
  void decode_more() {
    for (;;) {
      // First with what is left (possibly nothing: output zstd held back for want of room).
      const auto s = decoder_->step(std::string_view(zin_.data() + zpos_, zend_ - zpos_),
                                    buf_.data() + end_, buf_.size() - end_);
      zpos_ += s.consumed;
      end_ += s.produced;
      if (!s.ok) {
        error_ = EBADMSG;
        error_text_ = "corrupt zstd data: " + s.error;
        eof_ = true;
        return;
      }
      if (s.produced > 0) return;
      if (zpos_ < zend_) continue;
      ssize_t n;
      do {
        n = ::read(fd_.get(), zin_.data(), zin_.size());
      } while (n < 0 && errno == EINTR);
      if (n < 0) error_ = errno;
      if (n <= 0) {
        eof_ = true;
        return;
      }
      zpos_ = 0;
      zend_ = static_cast<size_t>(n);
    }
  }

  UniqueFd fd_;
  std::unique_ptr<ZstdDecoder> decoder_;  // set for a compressed file
  std::vector<char> zin_;                 // its bytes read, not yet decoded: [zpos_, zend_)
  size_t zpos_ = 0;
  size_t zend_ = 0;
  std::vector<char> buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  uint64_t consumed_ = 0;  // file bytes dropped from the front of buf_
  uint64_t line_offset_ = 0;
  bool eof_ = false;
  int error_ = 0;
  std::string error_text_;
};

}  // namespace capsule
