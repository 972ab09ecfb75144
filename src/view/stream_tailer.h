// Reads what has been appended to one stream file since the last look, handing over complete
// lines only: a writer may be caught between two write(2)s, and half a record must wait for its
// newline.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "base/unique_fd.h"

namespace capsule::view {

// Receives one line without its '\n'; returns false when the output is gone (stop reading).
using LineSink = std::function<bool(std::string_view line)>;

class StreamTailer {
 public:
  explicit StreamTailer(std::filesystem::path file) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }
  // Opens the file if it exists and is not open yet; true when it is open.
  bool open();
  bool is_open() const { return static_cast<bool>(fd_); }

  // Reads up to the file's current end and hands every complete line to sink. False when sink
  // asked to stop.
  bool catch_up(const LineSink& sink);

  // Once nothing more will be written: a last line without '\n' (a writer killed mid-line) is
  // handed over as it is. False when sink asked to stop.
  bool flush_partial(const LineSink& sink);

 private:
  std::filesystem::path file_;
  UniqueFd fd_;
  std::string pending_;  // bytes after the last '\n' read so far
};

}  // namespace capsule::view
