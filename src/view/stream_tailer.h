// Reads what has been appended to one stream file since the last look, handing over complete
// lines only: a writer may be caught between two write(2)s, and half a record must wait for its
// newline. A compressed stream ("<file>.zst", docs/FORMAT.md "Compression") is decoded as it
// grows: each flush of the writer is a zstd flush point, so its lines decode as soon as its
// bytes are read.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/unique_fd.h"
#include "log/compress/zstd_frames.h"

namespace capsule::view {

// Receives one line without its '\n'; returns false when the output is gone (stop reading).
using LineSink = std::function<bool(std::string_view line)>;

class StreamTailer {
 public:
  // file: the stream's plain file name in its run directory; "<file>.zst" is read instead when
  // the run stores it compressed.
  explicit StreamTailer(std::filesystem::path file) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }
  // Opens the file (either form) if it exists and is not open yet; true when it is open.
  bool open();
  bool is_open() const { return static_cast<bool>(fd_); }

  // Reads up to the file's current end and hands every complete line to sink. False when sink
  // asked to stop.
  bool catch_up(const LineSink& sink);

  // Once nothing more will be written: a last line without '\n' (a writer killed mid-line) is
  // handed over as it is. False when sink asked to stop.
  bool flush_partial(const LineSink& sink);

  // Why the compressed file could not be decoded past some point ("" while it could).
  const std::string& error() const { return error_; }

 private:
  bool split_lines(std::string_view chunk, const LineSink& sink);
  bool decode(std::string_view chunk, const LineSink& sink);

  std::filesystem::path file_;
  UniqueFd fd_;
  std::unique_ptr<ZstdDecoder> decoder_;  // set when the file is compressed
  std::string pending_;  // bytes after the last '\n' read so far
  std::string error_;
};

}  // namespace capsule::view
