// Loaded kernel sides kept between runs, pinned in a BPF file system (by default
// /sys/fs/bpf/capsule, mounting bpffs on /sys/fs/bpf as systemd does at boot where nothing is
// mounted there). A run takes one whose key matches (the same programs, the same configuration)
// by renaming its directory, which only one capsule can do, unpins it and holds it by its file
// descriptors alone; when the run ends it is pinned again for the next one. An entry in the pool
// is loaded but attached to nothing, so it costs the machine's other processes nothing; it
// holds its maps' memory (~22 MiB, the ring buffer's 16 MiB the most). At most two per key and
// three in all are kept, and none with a ring larger than the default; entries of another build
// of capsule are removed.
//
// CAPSULE_EBPF_POOL=off (or 0) keeps nothing and loads every run afresh; CAPSULE_EBPF_POOL=DIR
// keeps the pool in DIR, which must be on a BPF file system (the tests use their own).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "trace/ebpf/kernel_side.h"

namespace capsule {

// The largest ring a pooled kernel side has: the default run's.
inline constexpr uint64_t kPooledRingBytesMost = 16ull << 20;

class KernelSidePool {
 public:
  // The pool, or nullopt where none can be kept (turned off, no BPF file system and none can be
  // mounted): every run then loads its own.
  static std::optional<KernelSidePool> open();
  // The key of a kernel side: the programs' object and the configuration written into it.
  static std::string key_of(const capsule_bpf* opened, uint64_t ring_bytes);

  // A kernel side with this key, reset (KernelSide::reset), or nullopt.
  std::optional<KernelSide> take(const std::string& key, const capsule_bpf* opened) const;
  // Pins side for a later run, if its key has a free place; otherwise lets it go.
  void give_back(const std::string& key, const KernelSide& side) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  explicit KernelSidePool(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void remove_stale(const std::string& key) const;
  std::filesystem::path dir_;
};

}  // namespace capsule
