// Every traced process the enricher knows, keyed by thread group id, with the parts the kernel
// may share between processes held by shared_ptr (the fd table with CLONE_FILES, the cwd with
// CLONE_FS). Threads share their process's entry, as they share it in the kernel (credentials
// are per thread in the kernel, but glibc keeps them equal across threads).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "enrich/fd_table.h"
#include "enrich/identity.h"

namespace capsule {

struct ProcessSnapshot;

// The filesystem context (the kernel's fs_struct): shared by CLONE_FS.
struct FsContext {
  std::optional<std::string> cwd;
};

struct ProcessEntry {
  int32_t pid = 0;
  std::optional<int32_t> ppid;
  std::optional<std::string> exe;
  std::optional<std::vector<std::string>> argv;
  std::shared_ptr<FsContext> fs = std::make_shared<FsContext>();
  std::shared_ptr<FdTable> fds = std::make_shared<FdTable>();
  Credentials cred;
  NamespaceIds ns;
  // unshare(CLONE_NEWPID) moves only the children into a new pid namespace.
  bool children_in_new_pid_ns = false;
  std::optional<std::string> cgroup;
  std::optional<std::string> container_id;
  // Created because an event named a pid nobody announced (no seed, no fork seen): nothing is
  // known, and a late fork event may still fill it in.
  bool blank = false;
};

class ProcessTable {
 public:
  ProcessEntry* find(int32_t pid);
  const ProcessEntry* find(int32_t pid) const;
  // The entry for pid, created blank when unknown.
  ProcessEntry& get_or_create(int32_t pid);
  // Replaces (or creates) pid's entry with what a /proc snapshot shows.
  ProcessEntry& seed(const ProcessSnapshot& snap);
  // A new process `child` forked by `parent` (sharing the fd table / fs context when asked).
  ProcessEntry& fork(const ProcessEntry& parent, int32_t child, bool share_files, bool share_fs);
  void erase(int32_t pid);
  size_t size() const { return procs_.size(); }

 private:
  // unique_ptr keeps entries at a stable address while the map rehashes, so the hot path may
  // cache a pointer to the last process it saw.
  std::unordered_map<int32_t, std::unique_ptr<ProcessEntry>> procs_;
};

}  // namespace capsule
