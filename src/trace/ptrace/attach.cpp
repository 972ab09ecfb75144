#include "trace/ptrace/attach.h"

#include <sys/ptrace.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

#include "policy/launch_filter.h"  // have_capability
#include "trace/attach_target.h"
#include "trace/backend.h"

namespace capsule {
namespace {

constexpr int kCapSysPtrace = 19;

// Why the kernel said EPERM, as far as capsule can tell.
std::string refusal_reason(pid_t pid) {
  if (const long tracer = proc_status_field(pid, "TracerPid"); tracer > 0) {
    return fmt::format("it is already traced by pid {} (a process has one tracer)", tracer);
  }
  std::ifstream yama("/proc/sys/kernel/yama/ptrace_scope");
  int scope = 0;
  if (yama >> scope && scope > 0 && !have_capability(kCapSysPtrace)) {
    return fmt::format("kernel.yama.ptrace_scope is {}: only {} may attach (run capsule as root, or lower it)",
                       scope, scope == 1 ? "its ancestors or a process with CAP_SYS_PTRACE" : "CAP_SYS_PTRACE");
  }
  return "not permitted (another user's process, or one made non-dumpable, needs CAP_SYS_PTRACE)";
}

}  // namespace

std::vector<pid_t> seize_process(pid_t pid, unsigned long options) {
  std::set<pid_t> seized;
  for (bool added = true; added;) {
    added = false;
    const std::vector<pid_t> tids = threads_of(pid);
    if (tids.empty()) throw BackendError(fmt::format("cannot attach to {}: it has ended", pid));
    for (pid_t tid : tids) {
      if (seized.count(tid) > 0) continue;
      if (::ptrace(PTRACE_SEIZE, tid, nullptr, reinterpret_cast<void*>(options)) != 0) {
        const int err = errno;
        if (err == ESRCH && tid != pid) continue;  // the thread ended meanwhile
        throw BackendError(fmt::format("cannot attach to {}: {}", pid,
                                       err == EPERM ? refusal_reason(pid) : std::string(std::strerror(err))));
      }
      seized.insert(tid);
      added = true;
    }
  }
  return {seized.begin(), seized.end()};
}

}  // namespace capsule
