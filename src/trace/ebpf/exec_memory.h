// execve's path, argv and envp when reading them at the call's entry faulted (after fork, the
// pages of a file mapping are not resident until touched, and a BPF program cannot fault them
// in): the kernel side sends what the exec really used (records.h, exec blocks), and this lays
// it out in the captured memory where the decoders look, so the record shows the strings.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "decode/syscall_decoder.h"
#include "trace/ebpf/captured_memory.h"

namespace capsule {

// Indexed by capsule_exec_block.
using ExecBlocks = std::array<std::optional<std::string>, 3>;

// Fills what `mem` lacks of execve/execveat's string arguments from the blocks.
void fill_exec_gaps(CapturedMemory& mem, const RawSyscall& call, const ExecBlocks& blocks);

}  // namespace capsule
