// The sha256 of a file the run read or wrote, taken when `capsule attest` runs (not when the run
// did: capsule records no file contents), with what is known of the file since.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace capsule::attest {

struct FileDigest {
  // "present": a regular file, not modified since the run ended (by its mtime);
  // "changed since run": a regular file modified after the run ended (the digest is of now);
  // "absent": no such file now; "not a regular file": a directory, device, FIFO, socket;
  // "pseudo file": /proc or /sys (what it reads depends on who reads it); "unreadable".
  std::string status;
  std::string sha256;  // hex, for "present" and "changed since run"
  uint64_t size = 0;
};

// run_end_us: the manifest's end_us (0 when unknown: then nothing is "changed since run").
FileDigest digest_file(const std::filesystem::path& path, int64_t run_end_us);

}  // namespace capsule::attest
