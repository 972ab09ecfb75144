// The bytes of a buffer the kernel side could not read because its page was never touched (a
// string in a program's .rodata that a failing write never copied): they are a file's own bytes
// (records.h, struct capsule_file_bytes), read here from the file, found by its inode among the
// files the traced tree opened or ran.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "trace/ebpf/bpf/records.h"
#include "trace/ebpf/captured_memory.h"

namespace capsule {

// The kernel's own dev_t (major << 20 | minor, as the kernel side reads s_dev and i_rdev) as user
// space's dev_t.
dev_t from_kernel_dev(uint32_t kernel_dev);
// The kernel's dev_t against user space's st_dev.
bool same_kernel_device(uint32_t kernel_dev, dev_t dev);

class MappedFiles {
 public:
  // A file of the tree, by the path it was opened or run by (checked against the inode when read).
  void learn(uint32_t dev, uint64_t ino, std::string path);
  // Adds the bytes f names to mem at f.addr; false when no path known is that very file now.
  bool read(const capsule_file_bytes& f, CapturedMemory& mem) const;

 private:
  std::map<std::pair<uint32_t, uint64_t>, std::string> paths_;
};

}  // namespace capsule
