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

#include "enrich/context_cache.h"
#include "enrich/fd_table.h"
#include "enrich/process_context.h"
#include "event/syscall_event.h"

namespace capsule {

struct ProcessSnapshot;

// The filesystem context (the kernel's fs_struct): shared by CLONE_FS.
struct FsContext {
  std::optional<std::string> cwd;
};

// A process: its context (the part Enricher::context_of shows: ids, program, namespaces…) plus
// the enricher's tables for it (cwd, fds, replay state) and the cached text of its context.
struct ProcessEntry : ProcessContext {
  int32_t pid = 0;
  std::shared_ptr<FsContext> fs = std::make_shared<FsContext>();
  std::shared_ptr<FdTable> fds = std::make_shared<FdTable>();
  // Whether an execve of this process honours the file's set-id bits and capabilities: not under
  // NO_NEW_PRIVS (inherited, never cleared), nor under a tracer without CAP_SYS_PTRACE
  // (security/commoncap.c). Known only for a process met live through /proc and its
  // descendants: exactly when the files it executes are on this machine and may be looked at
  // (an imported log never has it).
  std::optional<bool> setid_on_exec;
  // unshare(CLONE_NEWPID) moves only the children into a new pid namespace.
  bool children_in_new_pid_ns = false;
  // Created because an event named a pid nobody announced (no seed, no fork seen): nothing is
  // known, and a late fork event may still fill it in.
  bool blank = false;
  // A blank process's state-changing events, kept so that they can be applied again on top of
  // the parent's context once the fork event arrives: a child's first syscalls may complete
  // before the parent's clone returns, so they come first in the stream.
  std::vector<SyscallEvent> early_events;
  // enriched.jsonl's text of the context, re-rendered only when the context may have changed
  // (a new entry starts stale).
  RenderedContext rendered;
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
  template <class F>
  void for_each(F&& f) {
    for (auto& [pid, entry] : procs_) f(*entry);
  }

 private:
  // unique_ptr keeps entries at a stable address while the map rehashes, so the hot path may
  // cache a pointer to the last process it saw.
  std::unordered_map<int32_t, std::unique_ptr<ProcessEntry>> procs_;
};

}  // namespace capsule
