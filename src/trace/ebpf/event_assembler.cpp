#include "trace/ebpf/event_assembler.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>

#include <cerrno>
#include <cstring>
#include <tuple>
#include <utility>

#include "base/clock.h"
#include "policy/bpf_eval.h"
#include "trace/ebpf/opened_file.h"
#include "trace/signal_info.h"

namespace capsule {

// records.h's offset is the decoder's (decode/process.cpp), which the BPF side cannot compute.
static_assert(CAPSULE_SIGFRAME_MASK_OFFSET == 8 + offsetof(ucontext_t, uc_sigmask));
// An argv's pointer words, the one past the limit included, fit one array capture.
static_assert((CAPSULE_MAX_ARGV + 1) * 8 <= CAPSULE_MAX_ARRAY);

namespace {

// The kernel's IS_ERR_VALUE: -4095..-1 are errors, other negative values (addresses) are not.
bool is_error_value(int64_t ret) { return ret < 0 && ret >= -4095; }

}  // namespace

int64_t monotonic_to_wall_us() {
  timespec mono{};
  clock_gettime(CLOCK_MONOTONIC, &mono);
  const int64_t mono_us = static_cast<int64_t>(mono.tv_sec) * 1'000'000 + mono.tv_nsec / 1000;
  return wall_clock_us() - mono_us;
}

EventAssembler::EventAssembler(DecodeOptions opts, EventSink& sink, pid_t launcher, int64_t mono_to_wall_us,
                               std::function<bool(std::string_view)> records)
    : decoder_(opts), sink_(sink), launcher_(launcher), mono_to_wall_us_(mono_to_wall_us),
      records_(std::move(records)) {}

// Copies a fixed-size record out of the ring; a shorter one is counted as malformed.
template <class Record>
bool EventAssembler::read_whole(const void* data, size_t size, Record& out) {
  if (size < sizeof out) {
    ++counts_.malformed;
    return false;
  }
  std::memcpy(&out, data, sizeof out);
  return true;
}

void EventAssembler::on_record(const void* data, size_t size) {
  ++counts_.records;
  capsule_rec_header h{};
  if (size < sizeof h) {
    ++counts_.malformed;
    return;
  }
  std::memcpy(&h, data, sizeof h);
  if (h.type == CAPSULE_REC_SEGMENT || h.type == CAPSULE_REC_SEGMENT_AFTER || h.type == CAPSULE_REC_EXEC_BLOCK) {
    capsule_segment s;
    const size_t head = offsetof(capsule_segment, data);
    if (size < head) {
      ++counts_.malformed;
      return;
    }
    std::memcpy(&s, data, head);
    if (size < head + s.len) {
      ++counts_.malformed;
      return;
    }
    const char* bytes = static_cast<const char*>(data) + head;
    if (h.type == CAPSULE_REC_SEGMENT) {
      memory_[h.tid].add(s.addr, bytes, s.len);
    } else if (h.type == CAPSULE_REC_SEGMENT_AFTER) {
      memory_[h.tid].add_after(s.addr, bytes, s.len);
    } else if (s.addr < std::tuple_size_v<ExecBlocks>) {
      exec_[h.tid][s.addr] = std::string(bytes, s.len);
    }
    return;
  }
  if (h.type == CAPSULE_REC_OPENED) {
    // Sent only as far as its kernel path goes (records.h, kpath_len).
    const size_t head = offsetof(capsule_opened, kpath);
    capsule_opened f{};
    if (size < head || size > sizeof f) {
      ++counts_.malformed;
      return;
    }
    std::memcpy(&f, data, size);
    if (f.kpath_len > size - head) f.kpath_len = static_cast<__u32>(size - head);
    opened_[f.tid].push_back(f);
    return;
  }
  if (h.type == CAPSULE_REC_FILE_BYTES) {
    capsule_file_bytes f{};
    if (read_whole(data, size, f)) file_bytes_[f.tid].push_back(f);
    return;
  }
  if (h.type == CAPSULE_REC_SIGNAL) {
    capsule_signal sig{};
    if (read_whole(data, size, sig)) on_signal(sig);
    return;
  }
  capsule_syscall r{};
  if (!read_whole(data, size, r)) return;
  if (tgids_seen_.insert(r.tgid).second) counts_.processes_seen = tgids_seen_.size();
  switch (h.type) {
    case CAPSULE_REC_SYSCALL: on_syscall(r); break;
    case CAPSULE_REC_NORETURN: on_noreturn(r); break;
    case CAPSULE_REC_EXIT: on_exit(r); break;
    default: ++counts_.malformed; break;
  }
}

// Fills the event's identity and entry-time arguments; false when the call is not recorded
// (the launcher's, or not selected by --trace).
bool EventAssembler::begin_event(const capsule_syscall& r, RawSyscall& call, bool& args_done, bool always_recorded) {
  call.arch = kArchX86_64;
  call.nr = r.nr;
  std::memcpy(call.args, r.args, sizeof call.args);
  if (r.nr == CAPSULE_NR_RT_SIGRETURN) {  // records.h: the kernel side sent the stack pointer there
    call.stack_pointer = r.args[0];
    call.args[0] = 0;
  }
  ev_.clear();
  ev_.ts_us = static_cast<int64_t>(r.t_enter / 1000) + mono_to_wall_us_;
  ev_.end_us = static_cast<int64_t>(r.t_exit / 1000) + mono_to_wall_us_;
  ev_.pid = static_cast<int32_t>(r.tgid);
  ev_.tid = static_cast<int32_t>(r.tid);
  if (auto ex = exec_.find(r.tid); ex != exec_.end()) fill_exec_gaps(memory_[r.tid], call, ex->second);
  if (auto fb = file_bytes_.find(r.tid); fb != file_bytes_.end()) {
    for (const capsule_file_bytes& f : fb->second) files_.read(f, memory_[r.tid]);
  }
  args_done = decoder_.decode_entry(call, memory_of(r.tid), ev_);
  if (!launched_ && static_cast<pid_t>(r.tid) == launcher_) {
    if (ev_.name != "execve") return false;
    launched_ = true;  // the program starts here
  }
  return always_recorded || !records_ || records_(ev_.name);
}

// clone with CLONE_PARENT_SETTID: the kernel writes the child's id to parent_tid after the fork
// tracepoint, where the kernel side finishes the parent's call (so that it precedes the child's
// first record), so the capture there read what was before. The value is the call's result (the
// child's id in the caller's namespace, as the kernel's pid_vnr gives it): put it there, as
// ptrace reads it at the exit. clone3 keeps its pointer in clone_args and is not decoded so.
void EventAssembler::fill_parent_tid(const capsule_syscall& r) {
  constexpr int32_t kNrClone = 56;
  constexpr uint64_t kCloneParentSettid = 0x00100000;
  if (r.nr != kNrClone || (r.args[0] & kCloneParentSettid) == 0 || r.ret <= 0 || r.args[2] == 0) return;
  const auto child = static_cast<int32_t>(r.ret);
  memory_[r.tid].add_after(r.args[2], &child, sizeof child);
}

void EventAssembler::on_syscall(const capsule_syscall& r) {
  RawSyscall call;
  bool args_done = false;
  const std::optional<DenyReason> refused =
      refusals_ ? refusals_(static_cast<pid_t>(r.tid), r.nr, r.ret, r.t_exit) : std::nullopt;
  if (begin_event(r, call, args_done, refused.has_value())) {
    fill_parent_tid(r);
    if (auto m = memory_.find(r.tid); m != memory_.end()) m->second.show_after_call(true);
    decoder_.decode_exit(call, r.ret, is_error_value(r.ret), args_done, memory_of(r.tid), ev_);
    if (auto f = opened_.find(r.tid); f != opened_.end()) {
      for (const capsule_opened& one : f->second) {
        if (one.fd >= 0) note_opened_file(one, ev_, sockets_);  // fd -1: the file an execve runs
      }
      learn_files(f->second);
    }
    apply_policy(call);
    if (refused && !ev_.denied) {
      ev_.denied = true;
      ev_.deny_reason = *refused;
    }
    if (io_uring_refused_ && !ev_.denied && ev_.err == ENOSYS && ev_.name == "io_uring_setup") {
      ev_.denied = true;
      ev_.deny_reason = DenyReason::IoUring;
      ++counts_.refused_io_uring;
    }
    emit();
  }
  forget(r.tid);
}

// The regular files the call opened, by the names note_opened_file checked, and the file a
// successful execve runs (fd -1), by its path: where a buffer's file bytes are read from.
void EventAssembler::learn_files(const std::vector<capsule_opened>& opened) {
  for (const capsule_opened& o : opened) {
    if (!S_ISREG(o.mode)) continue;
    if (o.fd < 0) {
      if (ev_.name == "execve" && !ev_.args.empty() && ev_.args[0].kind == ArgKind::Str) {
        files_.learn(o.dev, o.ino, ev_.args[0].text);
      }
      continue;
    }
    for (const FdRef& ref : ev_.created_fds) {
      if (ref.fd == o.fd) files_.learn(o.dev, o.ino, ref.ref);
    }
  }
}

// exit/exit_group (sent at entry), or a call the thread never returned from (it was killed in it):
// "= ?", as the ptrace backend records them.
void EventAssembler::on_noreturn(const capsule_syscall& r) {
  RawSyscall call;
  bool args_done = false;
  if (begin_event(r, call, args_done)) {
    if (!args_done) decoder_.decode_exit(call, -EINTR, true, false, memory_of(r.tid), ev_);
    ev_.has_ret = false;
    ev_.ret = 0;
    ev_.err = 0;
    apply_policy(call);  // a kill action: the call never returns
    emit();
  }
  forget(r.tid);
}

void EventAssembler::on_exit(const capsule_syscall& r) {
  forget(r.tid, true);
  if (r.tid == r.tgid) ++counts_.processes;
  if (!launched_ && static_cast<pid_t>(r.tid) == launcher_) return;
  ev_.clear();
  ev_.type = EventType::Exit;
  ev_.ts_us = ev_.end_us = static_cast<int64_t>(r.t_exit / 1000) + mono_to_wall_us_;
  ev_.pid = static_cast<int32_t>(r.tgid);
  ev_.tid = static_cast<int32_t>(r.tid);
  const int status = static_cast<int>(r.ret);
  if (WIFSIGNALED(status)) {
    ev_.killed = true;
    ev_.signo = WTERMSIG(status);
    ev_.core_dumped = WCOREDUMP(status);
  } else {
    ev_.exit_code = WEXITSTATUS(status);
  }
  sink_.emit(ev_);
}

// As ptrace's signal-delivery-stop records it (none for the launcher before its exec).
void EventAssembler::on_signal(const capsule_signal& s) {
  if (!launched_ && static_cast<pid_t>(s.tid) == launcher_) return;
  ev_.clear();
  ev_.type = EventType::Signal;
  ev_.ts_us = ev_.end_us = static_cast<int64_t>(s.t / 1000) + mono_to_wall_us_;
  ev_.pid = static_cast<int32_t>(s.tgid);
  ev_.tid = static_cast<int32_t>(s.tid);
  ev_.signo = s.signo;
  if (s.stopped) {
    ev_.stopped = true;  // as ptrace's group-stop: no siginfo
  } else {
    SignalInfo si{.signo = s.signo, .code = s.code};
    std::memcpy(si.fields, s.fields, sizeof si.fields);
    ev_.args.push_back(signal_info_arg(si));
  }
  sink_.emit(ev_);
}

void EventAssembler::apply_policy(const RawSyscall& call) {
  if (!policy_) return;
  const uint32_t action = policy_(call);
  if (!action_refuses(action)) return;
  ev_.denied = true;
  ev_.deny_reason = DenyReason::Policy;
  // Killed or trapped by the policy: the call was skipped and its "result" is not one. As the
  // ptrace backend and strace: "= ?" (an errno action's result is the errno the program sees).
  if (action_kills(action) || ev_.err == 0) {
    ev_.has_ret = false;
    ev_.ret = 0;
    ev_.err = 0;
  }
}

TraceeMemory& EventAssembler::memory_of(uint32_t tid) {
  auto it = memory_.find(tid);
  return it == memory_.end() ? static_cast<TraceeMemory&>(empty_) : it->second;
}

void EventAssembler::forget(uint32_t tid, bool ended) {
  // After a call, the thread's captured memory is emptied but kept, with its buffers, for its next
  // call; all of it goes when the thread ends.
  if (ended) {
    memory_.erase(tid);
  } else if (auto m = memory_.find(tid); m != memory_.end()) {
    m->second.clear();
  }
  if (!exec_.empty()) exec_.erase(tid);
  if (!opened_.empty()) opened_.erase(tid);
  if (!file_bytes_.empty()) file_bytes_.erase(tid);
}

void EventAssembler::emit() {
  if (ev_.type == EventType::Syscall) ++counts_.syscalls;
  sink_.emit(ev_);
}

}  // namespace capsule
