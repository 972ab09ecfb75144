// What a recorded run tells a profile: which syscalls were made (any process, thread or ABI), the
// socket domains asked for, and whether memory was ever mapped writable and executable at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace capsule {

struct SyscallUse {
  uint64_t count = 0;
  std::string first_run;   // run id of the first run (in --run order) that made the call
  uint64_t first_seq = 0;  // its seq there
  std::string first_exe;   // the program that made it (enriched.jsonl's ctx.exe, else execve's path)
};

struct Observations {
  std::map<std::string, SyscallUse> syscalls;  // by name; i386 names as i386 spells them
  std::set<uint64_t> socket_domains;           // socket(2) arg 0 values seen
  bool socket_domain_unknown = false;          // one could not be read back: no condition on socket
  std::set<std::string> write_exec_seen;       // mmap/mprotect… names once called with PROT_WRITE|PROT_EXEC
  uint64_t denied_ignored = 0;                 // calls a policy refused in the run: not allowed again
};

// Adds one run's events.jsonl (and enriched.jsonl for the exe) to obs. Throws std::runtime_error
// when events.jsonl cannot be read.
void observe_run(const std::filesystem::path& log_dir, const std::string& run_id, Observations& obs);

// The names observe_run treats as memory mappings whose prot (argument 2) --strict constrains.
bool is_prot_syscall(const std::string& name);

}  // namespace capsule
