#include "trace/ebpf/exec_memory.h"

#include <fcntl.h>

#include <cstring>
#include <vector>

#include "decode/signatures.h"
#include "trace/ebpf/bpf/records.h"

namespace capsule {
namespace {

// Where the synthetic strings live: a kernel-half address no user pointer can hold, one region
// per block.
constexpr uint64_t kSyntheticBase = 0xffff'f000'0000'0000ull;

bool readable(CapturedMemory& mem, uint64_t addr, size_t len) {
  char buf[8];  // len <= 8
  return mem.read(addr, buf, len) == len;
}

// A char*[] at addr pointing into a copy of block (NUL-separated strings). Without the NULL
// terminator when the block was cut short, so the decoder marks the array truncated.
void lay_out_array(CapturedMemory& mem, uint64_t addr, const std::string& block, uint64_t base) {
  mem.add(base, block.data(), block.size());
  std::vector<uint64_t> ptrs;
  size_t start = 0;
  while (start < block.size()) {
    const size_t nul = block.find('\0', start);
    if (nul == std::string::npos) break;  // a string cut by the block's limit
    ptrs.push_back(base + start);
    start = nul + 1;
  }
  const bool whole = !block.empty() && block.back() == '\0' && block.size() < CAPSULE_MAX_SEGMENT;
  if (whole) ptrs.push_back(0);
  mem.add(addr, ptrs.data(), ptrs.size() * sizeof(uint64_t));
}

// Every pointer of the char*[] at addr, up to its NULL or the one past the kernel side's limit,
// and the first byte of each string.
bool array_readable(CapturedMemory& mem, uint64_t addr) {
  for (uint64_t p = addr; p <= addr + CAPSULE_MAX_ARGV * 8ull; p += 8) {
    uint64_t str = 0;
    if (mem.read(p, &str, sizeof str) != sizeof str) return false;
    if (str == 0 || p == addr + CAPSULE_MAX_ARGV * 8ull) return true;
    if (!readable(mem, str, 1)) return false;
  }
  return true;
}

// What execveat's pathname argument was, from the file name the kernel gave the exec: the kernel
// names it after the path when that is absolute or dirfd is AT_FDCWD, "/dev/fd/N" for an empty
// path (AT_EMPTY_PATH, as an exec of a memfd uses), "/dev/fd/N/PATH" otherwise. nullopt when the
// name does not have the shape dirfd asks for.
std::optional<std::string> execveat_path(std::string filename, int64_t dirfd) {
  while (!filename.empty() && filename.back() == '\0') filename.pop_back();  // the block's NUL
  if (dirfd == AT_FDCWD) return filename;
  const std::string fd_dir = "/dev/fd/" + std::to_string(dirfd);
  if (filename == fd_dir) return std::string();
  if (filename.starts_with(fd_dir + "/")) return filename.substr(fd_dir.size() + 1);
  if (filename.starts_with('/') && !filename.starts_with("/dev/fd/")) return filename;  // absolute: dirfd ignored
  return std::nullopt;
}

}  // namespace

void fill_exec_gaps(CapturedMemory& mem, const RawSyscall& call, const ExecBlocks& blocks) {
  const SyscallSignature* sig = find_signature(call.arch, call.nr);
  if (!sig) return;
  const bool is_execve = sig->name == "execve";
  const bool is_execveat = sig->name == "execveat";
  int arrays = 0;
  for (size_t i = 0; i < sig->nargs; ++i) {
    const uint64_t addr = call.args[i];
    if (addr == 0) continue;
    const ArgType t = sig->params[i].type;
    if (t == ArgType::Path && is_execve && blocks[CAPSULE_EXEC_FILENAME] && !readable(mem, addr, 1)) {
      const std::string& name = *blocks[CAPSULE_EXEC_FILENAME];
      mem.add(addr, name.data(), name.size());
    } else if (t == ArgType::Path && is_execveat && blocks[CAPSULE_EXEC_FILENAME] && !readable(mem, addr, 1)) {
      // The block holds the name without its NUL; the decoder reads up to one.
      if (const auto path = execveat_path(*blocks[CAPSULE_EXEC_FILENAME], static_cast<int32_t>(call.args[0]))) {
        const std::string with_nul = *path + '\0';
        mem.add(addr, with_nul.data(), with_nul.size());
      }
    } else if (t == ArgType::StrArray) {
      const size_t which = arrays++ == 0 ? CAPSULE_EXEC_ARGV : CAPSULE_EXEC_ENVP;
      if (blocks[which] && !array_readable(mem, addr)) {
        lay_out_array(mem, addr, *blocks[which], kSyntheticBase + (static_cast<uint64_t>(which) << 32));
      }
    }
  }
}

}  // namespace capsule
