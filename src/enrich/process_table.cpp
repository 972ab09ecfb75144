#include "enrich/process_table.h"

#include "enrich/proc_snapshot.h"

namespace capsule {

ProcessEntry* ProcessTable::find(int32_t pid) {
  const auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

const ProcessEntry* ProcessTable::find(int32_t pid) const {
  const auto it = procs_.find(pid);
  return it == procs_.end() ? nullptr : it->second.get();
}

ProcessEntry& ProcessTable::get_or_create(int32_t pid) {
  auto& slot = procs_[pid];
  if (!slot) {
    slot = std::make_unique<ProcessEntry>();
    slot->pid = pid;
    slot->blank = true;
  }
  return *slot;
}

ProcessEntry& ProcessTable::seed(const ProcessSnapshot& snap) {
  auto entry = std::make_unique<ProcessEntry>();
  entry->pid = snap.pid;
  entry->ppid = snap.ppid;
  entry->exe = snap.exe;
  entry->argv = snap.argv;
  entry->fs->cwd = snap.cwd;
  entry->cred = snap.cred;
  entry->ns = snap.ns;
  entry->cgroup = snap.cgroup;
  entry->container_id = snap.container_id;
  for (const SnapshotFd& f : snap.fds) {
    FdEntry e;
    e.ref = f.ref;
    e.cls = f.directory ? ResourceClass::Directory : classify_ref(f.ref);
    e.cloexec = f.cloexec;
    entry->fds->set(f.fd, std::move(e));
  }
  auto& slot = procs_[snap.pid];
  slot = std::move(entry);
  return *slot;
}

ProcessEntry& ProcessTable::fork(const ProcessEntry& parent, int32_t child, bool share_files,
                                 bool share_fs) {
  auto entry = std::make_unique<ProcessEntry>();
  entry->pid = child;
  entry->ppid = parent.pid;
  entry->exe = parent.exe;
  entry->argv = parent.argv;
  entry->fs = share_fs ? parent.fs : std::make_shared<FsContext>(*parent.fs);
  entry->fds = share_files ? parent.fds : std::make_shared<FdTable>(*parent.fds);
  entry->cred = parent.cred;
  entry->setid_on_exec = parent.setid_on_exec;
  entry->ns = parent.ns;
  if (parent.children_in_new_pid_ns) entry->ns[static_cast<size_t>(NsKind::Pid)].reset();
  entry->cgroup = parent.cgroup;
  entry->container_id = parent.container_id;
  entry->blank = parent.blank;
  auto& slot = procs_[child];
  slot = std::move(entry);
  return *slot;
}

void ProcessTable::erase(int32_t pid) { procs_.erase(pid); }

}  // namespace capsule
