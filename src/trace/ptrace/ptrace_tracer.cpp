#include "trace/ptrace/ptrace_tracer.h"

#include <linux/seccomp.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <csignal>
#include <ctime>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "decode/siginfo.h"
#include "trace/ptrace/fd_link.h"
#include "trace/ptrace/tracee_memory_vm.h"
#include "base/clock.h"
#include "trace/attach_record.h"  // AttachRelease
#include "trace/attach_target.h"  // proc_status_field
#include "trace/termination.h"
#include "trace/termination_schedule.h"

namespace capsule {
namespace {

// Tgid of a thread we met before its creator's clone event told us (a race the kernel allows).
pid_t tgid_from_proc(pid_t tid) {
  const long tgid = proc_status_field(tid, "Tgid");
  return tgid > 0 ? static_cast<pid_t>(tgid) : tid;
}

// prctl(PR_SET_DUMPABLE, 0), in either ABI.
bool makes_non_dumpable(const RawSyscall& c) {
  const bool prctl = (c.arch == kArchX86_64 && c.nr == 157) || (c.arch == kArchI386 && c.nr == 172);
  return prctl && c.args[0] == PR_SET_DUMPABLE && c.args[1] == 0;
}

bool is_group_stop_signal(int sig) {
  return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

}  // namespace

// What the tracer knows of one traced thread. Outside the anonymous namespace because Impl, a
// member of a class with external linkage, holds a map of them.
struct PtraceThreadState {
  pid_t pid = 0;             // thread group id
  bool in_syscall = false;   // between an entry stop and its exit stop
  bool args_done = false;    // decode_entry captured the args
  bool launcher = false;     // capsule's own pre-exec code in the root child: not recorded
  bool creation_emitted = false;  // this fork/clone's event went out at the ptrace fork event
  bool denied = false;       // the --policy filter or capsule refuses the current call
  DenyReason deny_reason = DenyReason::Policy;
  bool killed = false;       // ... by the policy killing the thread or process (SIGSYS): it never returns
  int refuse_err = 0;        // capsule skipped the current call: it returns -1 with this errno
  bool narrowed = false;     // capsule skipped the call and did it itself, within the tree: returns 0
  bool unrecorded = false;   // --trace leaves the current call out
  bool full = false;         // its process installed a seccomp filter: every call stops
  RawSyscall call;
  SyscallEvent ev;
};

struct PtraceTracer::Impl {
  TraceOptions opts;
  EventSink& sink;
  TerminationRequest& term;
  SyscallDecoder decoder;
  std::unordered_map<pid_t, PtraceThreadState> threads;
  std::unordered_map<pid_t, int> live_threads_per_process;  // tgid → live traced threads
  TraceResult result;
  pid_t root = -1;
  bool root_status_known = false;
  // New tracees whose first stop came before their creator's fork/clone event: held stopped until
  // that event, so that the stream shows every process's creation before anything it does.
  std::unordered_set<pid_t> early_children;
  // Early children released before their creator's event (a thread ended meanwhile): already
  // counted and followed, so that event, when it comes, must not add (and count) them again.
  std::unordered_set<pid_t> released_early;

  TerminationSchedule schedule;
  bool killed_for_log = false;
  std::optional<AttachRelease> release;  // attached: when to let go of the process
  Containment containment;
  SocketNames socket_names;  // strace's names for sockets, asked of sock_diag at socket calls
  // A pid or tid of the tree: a live tracee thread, a process with live traced threads, or a new
  // tracee not yet announced by its creator.
  const InTree in_tree = [this](pid_t p) {
    return threads.count(p) > 0 || live_threads_per_process.count(p) > 0 || early_children.count(p) > 0;
  };

  Impl(TraceOptions o, EventSink& s, TerminationRequest& t)
      : opts(o), sink(s), term(t), decoder(o.decode), schedule(t, o.kill_after_ms, o.timeout_ms),
        containment(o.containment) {
    threads.reserve(256);
  }

  PtraceThreadState& add_thread(pid_t tid, pid_t tgid) {
    auto [it, inserted] = threads.try_emplace(tid);
    if (inserted) {
      it->second.pid = tgid;
      if (live_threads_per_process[tgid]++ == 0) ++result.processes;
    }
    return it->second;
  }

  void emit(SyscallEvent& ev) {
    if (ev.type == EventType::Syscall) ++result.syscalls;
    sink.emit(ev);
  }

  void signal_all(int sig) {
    // Whole thread groups: kill() reaches a process however its threads are stopped.
    for (const auto& [tgid, n] : live_threads_per_process) {
      if (n > 0) ::kill(tgid, sig);
    }
  }

  void check_termination() {
    if (opts.attached) {
      // Whatever ends the run (a signal to capsule, --timeout, the log failing) lets go of the
      // tree: it was running before capsule came and goes on after.
      if (release && release->due(term, sink.failed())) {
        result.terminated = true;
        result.log_failed = sink.failed();
        detach_all();
      }
      return;
    }
    if (const int sig = schedule.due(result.terminated)) signal_all(sig);
    if (!killed_for_log && sink.failed()) {
      killed_for_log = true;
      result.log_failed = true;
      signal_all(SIGKILL);
    }
  }

  // Under the --trace pre-filter a thread outside a recorded call runs to its next seccomp stop
  // (PTRACE_CONT); inside one it must stop again at the call's exit (PTRACE_SYSCALL).
  void resume(pid_t tid, const PtraceThreadState* t, int sig = 0) {
    const bool to_exit = !opts.seccomp_stops_only || (t != nullptr && (t->in_syscall || t->full));
    ::ptrace(to_exit ? PTRACE_SYSCALL : PTRACE_CONT, tid, nullptr,
             reinterpret_cast<void*>(static_cast<intptr_t>(sig)));
  }

  void on_syscall_stop(pid_t tid, PtraceThreadState& t) {
    __ptrace_syscall_info info{};
    const long n = ::ptrace(PTRACE_GET_SYSCALL_INFO, tid, reinterpret_cast<void*>(sizeof info), &info);
    if (n <= 0) return;
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY || info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
      if (t.in_syscall) finish_unreturned(t);  // an entry never followed by its exit
      t.in_syscall = true;
      t.call.arch = info.arch;
      t.call.nr = static_cast<int32_t>(info.entry.nr);
      for (int i = 0; i < 6; ++i) t.call.args[i] = info.entry.args[i];
      t.call.stack_pointer = info.stack_pointer;
      SyscallEvent& ev = t.ev;
      ev.clear();
      ev.ts_us = wall_clock_us();
      ev.pid = t.pid;
      ev.tid = tid;
      VmTraceeMemory mem(tid);
      t.args_done = decoder.decode_entry(t.call, mem, ev);
      ev.unreadable = mem.refused();
      note_renamed_fd(tid, t.call.args[0], ev, socket_names);
      if (t.launcher && ev.name == "execve") t.launcher = false;  // the program starts here
      const auto verdict = opts.policy_verdict && !t.launcher ? opts.policy_verdict(t.call)
                                                              : TraceOptions::Verdict::Allowed;
      t.denied = verdict != TraceOptions::Verdict::Allowed;
      t.killed = verdict == TraceOptions::Verdict::Kills;
      t.deny_reason = DenyReason::Policy;
      t.refuse_err = 0;
      t.narrowed = false;
      if (!t.launcher) {
        if (const auto refusal = containment.check(t.call, tid, t.pid, in_tree)) {
          refuse(tid, t, *refusal);
        } else if (!t.denied && opts.refuse_non_dumpable && makes_non_dumpable(t.call)) {
          refuse(tid, t, Refusal{DenyReason::NonDumpable, EPERM});
        } else if (!t.denied && opts.egress_refused && opts.egress_refused(t.call, mem)) {
          // EACCES, as Landlock refuses a TCP port: "not allowed", not "nobody listens"
          // (ECONNREFUSED would read as a server down, and means nothing for a UDP send).
          refuse(tid, t, Refusal{DenyReason::Egress, EACCES});
        }
      }
      // Calls of another ABI are always recorded: the selection names x86_64 calls.
      t.unrecorded = t.refuse_err == 0 && opts.records && t.call.arch == kArchX86_64 && !opts.records(ev.name);
    } else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
      if (!t.in_syscall) return;  // the exit of a call entered before we attached
      t.in_syscall = false;
      if (t.creation_emitted) {  // recorded already, at the fork event, with this same result
        t.creation_emitted = false;
        return;
      }
      int64_t rval = info.exit.rval;
      bool is_error = info.exit.is_error != 0;
      if (t.narrowed) {
        set_return(tid, 0);
        rval = 0;
        is_error = false;
      } else if (t.refuse_err != 0) {
        // The skipped call's result, set again here: at a seccomp stop the kernel may have reset it.
        set_return(tid, -t.refuse_err);
        rval = -t.refuse_err;
        is_error = true;
      } else if (opts.seccomp_stops_only && !t.full && rval == 0 && installs_seccomp(t.call, t.ev.name)) {
        trace_fully(t.pid);
      }
      // A call --trace leaves out is still decoded for the egress check's names (an /etc/hosts
      // read, a DNS answer): what is refused must not depend on what is recorded.
      if (t.unrecorded && !opts.egress_learn) return;
      SyscallEvent& ev = t.ev;
      ev.end_us = wall_clock_us();
      VmTraceeMemory mem(tid);
      decoder.decode_exit(t.call, rval, is_error, t.args_done, mem, ev);
      ev.unreadable = ev.unreadable || mem.refused();
      if (!t.denied) note_created_fds(tid, ev, socket_names);
      ev.denied = t.denied;
      ev.deny_reason = t.deny_reason;
      if (!t.denied && ev.err == EACCES && opts.landlock_refused && opts.landlock_refused(ev, tid)) {
        ev.denied = true;
        ev.deny_reason = DenyReason::Landlock;
      }
      if (t.killed) {
        // The kernel reports the exit of a call that its kill action skipped, with an errno that
        // the program never sees: it dies of SIGSYS. As strace: "= ?", then "+++ killed by".
        ev.has_ret = false;
        ev.ret = 0;
        ev.err = 0;
      } else if (t.denied && ev.err == 0) {
        // Killed or trapped by the policy: the kernel rolled the registers back (rax = the
        // syscall number) and skipped the call, so this "result" is not one. As strace: "= ?".
        ev.has_ret = false;
        ev.ret = 0;
      }
      if (t.launcher) return;
      if (opts.egress_learn) opts.egress_learn(ev);
      if (!t.unrecorded) emit(ev);
    }
  }

  // A call whose exit we will never see (exit_group, a process killed inside a syscall, the
  // threads an execve wipes out): recorded with "= ?", as strace does.
  void finish_unreturned(PtraceThreadState& t) {
    t.in_syscall = false;
    if (t.launcher || t.unrecorded) return;
    SyscallEvent& ev = t.ev;
    if (!t.args_done) {
      // Entry decoding left the args to the exit; decode them now without a return value. As a
      // failed call, so that output buffers show as pointers rather than as empty data.
      VmTraceeMemory mem(ev.tid);
      decoder.decode_exit(t.call, -EINTR, true, false, mem, ev);
    }
    ev.has_ret = false;
    ev.ret = 0;
    ev.err = 0;
    ev.end_us = wall_clock_us();
    ev.denied = t.denied;  // a kill action: the call never returns
    ev.deny_reason = t.deny_reason;
    emit(ev);
  }

  // Refuses the call entering in `tid` (containment.h): the kernel skips a call whose number is
  // set to -1 at its entry, and the return register is what the program then sees.
  void refuse(pid_t tid, PtraceThreadState& t, const Refusal& r) {
    if (r.tree_group > 0) {
      // kill(0)/kill(-PGID) on a group shared with outsiders: the tree's part of it only.
      const std::vector<pid_t> members = tree_members_of_group(r.tree_group, in_tree);
      if (!members.empty()) {
        t.narrowed = true;
        ::ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(offsetof(user_regs_struct, orig_rax)),
                 reinterpret_cast<void*>(static_cast<intptr_t>(-1)));
        set_return(tid, 0);
        for (pid_t p : members) ::kill(p, r.signal);
        return;
      }
    }
    t.denied = true;
    t.deny_reason = r.reason;
    t.refuse_err = r.err;
    if (r.reason == DenyReason::IoUring) ++result.refused_io_uring;
    if (r.reason == DenyReason::OutsideTree) ++result.refused_outside_tree;
    ::ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(offsetof(user_regs_struct, orig_rax)),
             reinterpret_cast<void*>(static_cast<intptr_t>(-1)));
    set_return(tid, -r.err);
  }

  static void set_return(pid_t tid, int64_t value) {
    ::ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(offsetof(user_regs_struct, rax)),
             reinterpret_cast<void*>(static_cast<intptr_t>(value)));
  }

  // seccomp(SECCOMP_SET_MODE_*) or prctl(PR_SET_SECCOMP): the caller now runs under a filter (or
  // strict mode) of its own.
  static bool installs_seccomp(const RawSyscall& call, std::string_view name) {
    return name == "seccomp" ? call.args[0] == SECCOMP_SET_MODE_FILTER || call.args[0] == SECCOMP_SET_MODE_STRICT
                             : name == "prctl" && call.args[0] == PR_SET_SECCOMP;
  }

  // From now on every thread of process `tgid` (and every child it starts) stops at every call's
  // entry. Its other threads may be running under PTRACE_CONT: interrupted, they are resumed by
  // the PTRACE_EVENT_STOP handler with PTRACE_SYSCALL.
  void trace_fully(pid_t tgid) {
    ++result.fully_traced;
    for (auto& [tid, t] : threads) {
      if (t.pid != tgid || t.full) continue;
      t.full = true;
      if (!t.in_syscall) ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
  }

  void emit_exit(pid_t tid, const PtraceThreadState& t, int status) {
    if (t.launcher) return;
    SyscallEvent ev;
    ev.type = EventType::Exit;
    ev.ts_us = ev.end_us = wall_clock_us();
    ev.pid = t.pid;
    ev.tid = tid;
    if (WIFSIGNALED(status)) {
      ev.killed = true;
      ev.signo = WTERMSIG(status);
      ev.core_dumped = WCOREDUMP(status);
    } else {
      ev.exit_code = WEXITSTATUS(status);
    }
    emit(ev);
  }

  void on_thread_gone(pid_t tid, int status) {
    auto it = threads.find(tid);
    if (it == threads.end()) return;
    PtraceThreadState& t = it->second;
    if (t.in_syscall) finish_unreturned(t);
    emit_exit(tid, t, status);
    if (tid == root) {
      root_status_known = true;
      if (WIFSIGNALED(status)) {
        result.signal = WTERMSIG(status);
        result.exit_code = 128 + WTERMSIG(status);
      } else {
        result.exit_code = WEXITSTATUS(status);
      }
    }
    t.in_syscall = false;
    auto lp = live_threads_per_process.find(t.pid);
    if (lp != live_threads_per_process.end() && --lp->second <= 0) live_threads_per_process.erase(lp);
    threads.erase(it);
  }

  void on_new_child(pid_t parent_tid, PtraceThreadState& parent, int event) {
    unsigned long msg = 0;
    ::ptrace(PTRACE_GETEVENTMSG, parent_tid, nullptr, &msg);
    const auto child = static_cast<pid_t>(msg);
    bool thread = false;
    if (event == PTRACE_EVENT_CLONE) {
      // CLONE_THREAD decides process or thread; clone3 carries it in its struct, which the
      // decoder read at entry, so the thread group is asked of the kernel instead.
      if (parent.call.nr == SYS_clone) thread = (parent.call.args[0] & CLONE_THREAD) != 0;
      else thread = tgid_from_proc(child) == parent.pid;
    }
    if (released_early.erase(child) == 0 && threads.find(child) == threads.end()) {
      add_thread(child, thread ? parent.pid : child);
    }
    PtraceThreadState& created = threads[child];
    created.full = created.full || parent.full;  // a seccomp filter is inherited
    // The creating call's result is the child's id: record the call now, before the child's own
    // events, so that readers of the stream (the enricher) meet the parent's fork first.
    if (parent.in_syscall && !parent.launcher && !parent.unrecorded) {
      VmTraceeMemory mem(parent_tid);
      parent.ev.end_us = wall_clock_us();
      decoder.decode_exit(parent.call, child, false, parent.args_done, mem, parent.ev);
      emit(parent.ev);
      parent.creation_emitted = true;
    }
    if (early_children.erase(child) > 0) resume(child, &created);
  }

  // A creator died before its fork event reached us: its held children go on, found by /proc.
  void release_early_children() {
    for (pid_t tid : early_children) {
      add_thread(tid, tgid_from_proc(tid));
      released_early.insert(tid);
      resume(tid, nullptr);
    }
    early_children.clear();
  }

  void on_exec(pid_t tid) {
    // execve from a non-leader thread: the kernel gives the exec'ing thread the leader's tid and
    // silently removes the other threads. Move the exec'ing thread's state to the leader's tid.
    unsigned long former = 0;
    ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &former);
    const auto old_tid = static_cast<pid_t>(former);
    if (old_tid == tid || old_tid == 0) return;
    auto old_it = threads.find(old_tid);
    if (old_it == threads.end()) return;
    PtraceThreadState moved = std::move(old_it->second);
    threads.erase(old_it);
    auto leader = threads.find(tid);
    if (leader != threads.end()) {
      // The old leader's pending call never returns.
      if (leader->second.in_syscall) finish_unreturned(leader->second);
      leader->second = std::move(moved);
    } else {
      threads.emplace(tid, std::move(moved));
      ++live_threads_per_process[tid];
    }
    auto& lp = live_threads_per_process[threads[tid].pid];
    if (lp > 1) --lp;  // the vanished former thread
    threads[tid].ev.tid = tid;
  }

  static SyscallEvent signal_event(pid_t tid, const PtraceThreadState& t, int sig) {
    SyscallEvent ev;
    ev.type = EventType::Signal;
    ev.ts_us = ev.end_us = wall_clock_us();
    ev.pid = t.pid;
    ev.tid = tid;
    ev.signo = sig;
    return ev;
  }

  void on_signal_delivery(pid_t tid, PtraceThreadState& t, int sig) {
    siginfo_t si{};
    const bool have_info = ::ptrace(PTRACE_GETSIGINFO, tid, nullptr, &si) == 0;
    if (!t.launcher) {
      SyscallEvent ev = signal_event(tid, t, sig);
      if (have_info) ev.args.push_back(siginfo_arg(si));
      emit(ev);
    }
    resume(tid, &t, sig);
  }

  // strace's "--- stopped by SIGSTOP ---": the process entered a group-stop.
  void emit_group_stop(pid_t tid, const PtraceThreadState& t, int sig) {
    SyscallEvent ev = signal_event(tid, t, sig);
    ev.stopped = true;
    emit(ev);
  }

  void handle(pid_t tid, int status) {
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (early_children.erase(tid) > 0) return;  // died before we knew it (killed by SIGKILL)
      on_thread_gone(tid, status);
      if (!early_children.empty()) release_early_children();
      return;
    }
    if (!WIFSTOPPED(status)) return;
    auto it = threads.find(tid);
    if (it == threads.end()) {
      // A new tracee whose first stop came before its creator's fork/clone event: hold it.
      early_children.insert(tid);
      return;
    }
    PtraceThreadState& t = it->second;
    const int sig = WSTOPSIG(status);
    const int event = status >> 16;
    if (sig == (SIGTRAP | 0x80)) {
      on_syscall_stop(tid, t);
      resume(tid, &t);
      return;
    }
    switch (event) {
      case 0:
        on_signal_delivery(tid, t, sig);
        return;
      case PTRACE_EVENT_FORK:
      case PTRACE_EVENT_VFORK:
      case PTRACE_EVENT_CLONE:
        on_new_child(tid, t, event);
        resume(tid, &t);
        return;
      case PTRACE_EVENT_EXEC: {
        on_exec(tid);  // may replace this thread's state by the exec'ing thread's
        const auto now = threads.find(tid);
        resume(tid, now == threads.end() ? nullptr : &now->second);
        return;
      }
      case PTRACE_EVENT_SECCOMP:
        // Under the --trace pre-filter this stop is the call's entry; otherwise the entry stop
        // came first and this one (a program's own SECCOMP_RET_TRACE filter) adds nothing. A thread
        // switched to full tracing while running meets its first entry here, unstopped before.
        if (opts.seccomp_stops_only && (!t.full || !t.in_syscall)) on_syscall_stop(tid, t);
        resume(tid, &t);
        return;
      case PTRACE_EVENT_STOP:
        if (is_group_stop_signal(sig)) {
          if (!t.launcher) emit_group_stop(tid, t, sig);
          // Group-stop: keep it stopped (as without a tracer) but still notice SIGCONT/kill.
          ::ptrace(PTRACE_LISTEN, tid, nullptr, nullptr);
        } else {
          resume(tid, &t);  // a new tracee's initial stop, or an interrupt
        }
        return;
      default:
        resume(tid, &t);
        return;
    }
  }

  // Lets go of every tracee (attached runs): each is interrupted, and detached at the stop that
  // follows, a signal it was about to receive passed on with the detach. A call it was inside
  // is recorded as never returning (strace's "<detached ...>"); the kernel restarts it.
  // Children created meanwhile are detached at their first stop.
  void detach_all() {
    result.detached_us = wall_clock_us();
    std::unordered_set<pid_t> pending;
    std::unordered_set<pid_t> done;
    auto detach = [&](pid_t tid, int sig) {
      auto it = threads.find(tid);
      if (it != threads.end() && it->second.in_syscall) finish_unreturned(it->second);
      ::ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(sig)));
      pending.erase(tid);
      done.insert(tid);
    };
    for (pid_t tid : early_children) detach(tid, 0);  // held in a stop already
    for (const auto& [tid, t] : threads) {
      if (::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr) == 0) pending.insert(tid);
    }
    while (!pending.empty()) {
      int status = 0;
      const pid_t tid = ::waitpid(-1, &status, __WALL);
      if (tid < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (WIFEXITED(status) || WIFSIGNALED(status)) {
        on_thread_gone(tid, status);
        pending.erase(tid);
        continue;
      }
      if (!WIFSTOPPED(status) || done.count(tid) > 0) continue;
      const int sig = WSTOPSIG(status);
      const int event = status >> 16;
      if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) {
        unsigned long child = 0;
        ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &child);
        if (done.count(static_cast<pid_t>(child)) == 0) pending.insert(static_cast<pid_t>(child));
      }
      // Only a signal-delivery stop (no event, not a syscall stop) holds a signal to pass on.
      detach(tid, event == 0 && sig != (SIGTRAP | 0x80) ? sig : 0);
    }
    threads.clear();
    live_threads_per_process.clear();
    early_children.clear();
  }

  TraceResult run(const LaunchedChild& child) {
    root = child.pid;
    PtraceThreadState& r = add_thread(root, root);
    r.launcher = true;
    enable_tracer_wakeups();
    release_child(child);
    return trace_until_done();
  }

  TraceResult run_attached(pid_t pid, const std::vector<pid_t>& tids) {
    root = pid;
    release.emplace(opts.timeout_ms);
    enable_tracer_wakeups();
    // Seized threads run on untraced until a stop: the interrupt's stop resumes them with
    // PTRACE_SYSCALL (handle, PTRACE_EVENT_STOP). A call they are inside is not recorded.
    for (pid_t tid : tids) {
      add_thread(tid, pid);
      ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
    return trace_until_done();
  }

  TraceResult trace_until_done() {
    while (!threads.empty() || !early_children.empty()) {
      if (threads.empty()) release_early_children();
      int status = 0;
      const pid_t tid = ::waitpid(-1, &status, __WALL);
      if (tid < 0) {
        if (errno == EINTR) {
          check_termination();
          continue;
        }
        if (errno == ECHILD) break;  // nothing left to wait for
        continue;
      }
      handle(tid, status);
      check_termination();
    }
    disable_tracer_wakeups();
    return result;
  }
};

PtraceTracer::PtraceTracer(TraceOptions opts, EventSink& sink, TerminationRequest& term)
    : impl_(std::make_unique<Impl>(opts, sink, term)) {}
PtraceTracer::~PtraceTracer() = default;

unsigned long PtraceTracer::ptrace_options() {
  return PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE |
         PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL | PTRACE_O_TRACESECCOMP;
}

unsigned long PtraceTracer::attach_options() { return ptrace_options() & ~static_cast<unsigned long>(PTRACE_O_EXITKILL); }

TraceResult PtraceTracer::run(const LaunchedChild& child) { return impl_->run(child); }

TraceResult PtraceTracer::run_attached(pid_t pid, const std::vector<pid_t>& tids) {
  return impl_->run_attached(pid, tids);
}

}  // namespace capsule
