#include "enrich/pidfd_refs.h"

#include <sched.h>
#include <signal.h>
#include <sys/wait.h>

#include <string>

#include "enrich/event_args.h"

namespace capsule {
namespace {

constexpr std::string_view kReapedPidfdRef = "anon_inode:[pidfd]";

// The child a successful wait call reaped, or 0 (a stopped or continued child, WNOWAIT, none).
int32_t reaped_child(const SyscallEvent& ev) {
  if (!succeeded(ev)) return 0;
  if (ev.name == "wait4" || ev.name == "waitpid") {
    if (ev.ret <= 0) return 0;
    // The status says how the child changed; without one, only WUNTRACED/WCONTINUED report a
    // child that was not reaped.
    const Arg* status = find_arg(ev, "wstatus", 1);
    if (status != nullptr && status->kind == ArgKind::Array && !status->items.empty()) {
      const std::string& s = status->items[0].text;
      const bool ended = s.find("WIFEXITED") != std::string::npos || s.find("WIFSIGNALED") != std::string::npos;
      return ended ? static_cast<int32_t>(ev.ret) : 0;
    }
    return has_flag(find_arg(ev, "options", 2), WUNTRACED) || has_flag(find_arg(ev, "options", 2), WCONTINUED)
               ? 0 : static_cast<int32_t>(ev.ret);
  }
  if (ev.name != "waitid" || has_flag(find_arg(ev, "options", 3), WNOWAIT)) return 0;
  const Arg* info = find_arg(ev, "infop", 2);
  if (info == nullptr || info->kind != ArgKind::Struct) return 0;
  const Arg* code = find_item(*info, "si_code");
  const Arg* pid = find_item(*info, "si_pid");
  if (code == nullptr || pid == nullptr) return 0;
  const bool ended = code->num == CLD_EXITED || code->num == CLD_KILLED || code->num == CLD_DUMPED;
  return ended ? static_cast<int32_t>(pid->num) : 0;
}

}  // namespace

FdEntry pidfd_entry(int32_t pid) {
  FdEntry e;
  e.ref = "pid:" + std::to_string(pid);
  e.cls = ResourceClass::Anonymous;
  e.cloexec = true;  // a pidfd is always close-on-exec
  e.pidfd_of = pid;
  return e;
}

int64_t clone_pidfd(const SyscallEvent& ev) {
  if (ev.name != "clone" || !succeeded(ev) || ev.ret <= 0 || !has_flag(find_arg(ev, "flags", 0), CLONE_PIDFD)) return -1;
  const Arg* tid = find_arg(ev, "parent_tid", 2);
  if (tid == nullptr || tid->kind != ArgKind::Array || tid->items.size() != 1) return -1;
  const auto fd = arg_fd(&tid->items[0]);
  return fd ? *fd : -1;
}

const FdEntry* pidfd_getfd_target(const SyscallEvent& ev, const ProcessEntry& caller, const ProcessTable& procs) {
  const auto pidfd = arg_fd(find_arg(ev, "pidfd", 0));
  const auto target = arg_int(find_arg(ev, "targetfd", 1));
  const FdEntry* p = pidfd ? caller.fds->find(*pidfd) : nullptr;
  if (p == nullptr || p->pidfd_of == 0 || !target) return nullptr;
  const ProcessEntry* owner = procs.find(p->pidfd_of);
  return owner != nullptr ? owner->fds->find(*target) : nullptr;
}

void forget_reaped_pidfds(const SyscallEvent& ev, ProcessTable& procs) {
  const int32_t child = reaped_child(ev);
  if (child <= 0) return;
  procs.for_each([child](ProcessEntry& p) {
    p.fds->update_each([child](FdEntry& e) {
      if (e.pidfd_of != child) return;
      e.pidfd_of = 0;
      e.ref.assign(kReapedPidfdRef);
    });
  });
}

}  // namespace capsule
