// Reading a file the user (or whoever prepared a run directory) hands capsule: a policy, a rules
// file, a public key, an anchor, a manifest. Only regular files are read, and only up to a size
// limit, so that `--policy /dev/zero`, a FIFO named manifest.json or a 10 GB "key" is refused at
// once instead of hanging capsule or filling its memory (README, "Limits").
#pragma once

#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "base/unique_fd.h"

namespace capsule {

// The most capsule reads of one such file: far above any real policy, rules file, key, anchor
// (about 150 bytes a run) or manifest (the program's argv twice, JSON-escaped).
inline constexpr size_t kMaxInputFileBytes = size_t{64} << 20;
// A key file holds a line or three of hex.
inline constexpr size_t kMaxKeyFileBytes = size_t{64} << 10;

// "PATH: not a regular file", "PATH: larger than the 64 MiB limit", "PATH: cannot read: ENOENT's text".
class InputFileError : public std::runtime_error {
 public:
  InputFileError(const std::filesystem::path& path, const std::string& why, int err = 0)
      : std::runtime_error(path.string() + ": " + why), why_(why), err_(err) {}
  const std::string& why() const { return why_; }  // the message without the path
  int error_number() const { return err_; }        // errno of a failed open/read; 0 otherwise

 private:
  std::string why_;
  int err_;
};

// Opens path read-only if it is a regular file; a FIFO, device, socket or directory is refused
// without blocking (and without opening a device at all). Throws InputFileError.
UniqueFd open_regular_file(const std::filesystem::path& path);

// The whole content of a regular file of at most max_bytes. Throws InputFileError.
std::string read_input_file(const std::filesystem::path& path, size_t max_bytes = kMaxInputFileBytes);

}  // namespace capsule
