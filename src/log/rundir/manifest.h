// manifest.json: what was run and, per stream, how many records and the final chain head.
// Written when the run starts (state "running") and rewritten at a clean end (state "complete"),
// each time via a temporary file and rename so that a reader never sees half a manifest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace capsule {

struct StreamSummary {
  std::string name;    // "syscalls", "events", …
  std::string file;    // "syscalls.log", "events.jsonl", …
  uint64_t records = 0;
  std::string head;    // hex of the final chain hash
};

// 3: block-chained streams (a sidecar per stream) and checkpoints.jsonl (signed checkpoints and
// seal). 2: the same seal over per-record chains, written by earlier capsules; verify refuses it.
// 1: chains without checkpoints, which capsule never writes (library writers without a
// Checkpointer, as in tests). docs/FORMAT.md.
inline constexpr int kManifestFormatVersion = 3;
inline constexpr int kPerRecordChainFormat = 2;

struct Manifest {
  int format_version = 1;         // writers that seal set kManifestFormatVersion
  std::string run_id;
  std::string capsule_version;
  std::string backend;            // "ptrace" or "strace" or "import"
  std::string state;              // "running", "complete"
  std::vector<std::string> argv;  // the traced command
  std::string command;            // argv joined for display
  std::string cwd;
  int64_t start_us = 0;
  int64_t end_us = 0;
  std::optional<int> exit_code;   // the code capsule exited with (128+N for signal N)
  std::optional<int> exit_signal; // set when the program was killed by a signal
  uint64_t syscalls = 0;          // syscall events (not signal/exit records)
  uint64_t processes = 0;
  std::string seccomp_mode;       // how any seccomp filter was installed ("none" when none)
  // How the streams are stored: "none" or "zstd:LEVEL" (log/compress/compression.h); "none"
  // when the manifest does not say (runs from before compression).
  std::string compression = "none";
  // The capsule process recording the run and its process_instance_token(), so that a reader
  // can tell a run still being recorded from one whose capsule was killed (both "running").
  std::optional<int> capsule_pid;
  std::string capsule_instance;
  std::vector<StreamSummary> streams;
  std::vector<std::pair<std::string, std::string>> extra;  // stage-specific counters, name → JSON
};

// The exact bytes write_manifest writes (the seal signs their digest).
std::string manifest_text(const Manifest& m);
// A run's first manifest (state "running") is not synced: nothing else of a run is before its end,
// when the final manifest, which replaces it, is.
void write_manifest(const std::filesystem::path& log_dir, const Manifest& m);
// Throws std::runtime_error with a clear message when missing or malformed.
Manifest read_manifest(const std::filesystem::path& log_dir);

}  // namespace capsule
