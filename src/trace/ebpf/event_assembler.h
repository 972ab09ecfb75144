// Turns the kernel side's records (bpf/records.h) into SyscallEvents: a call's captured memory
// segments are collected per thread, and at its SYSCALL record the same decoders as the ptrace
// backend's read them through CapturedMemory, so the same event comes out.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "decode/syscall_decoder.h"
#include "trace/ebpf/bpf/records.h"
#include "trace/ebpf/captured_memory.h"
#include "trace/ebpf/exec_memory.h"
#include "trace/event_sink.h"
#include "trace/ebpf/mapped_files.h"
#include "trace/socket_names.h"

namespace capsule {

struct AssemblerCounts {
  uint64_t records = 0;
  uint64_t syscalls = 0;
  uint64_t processes = 0;  // processes that ended (thread-group leaders' exits)
  uint64_t processes_seen = 0;  // processes with a record (an attached run ends before some end)
  uint64_t malformed = 0;  // records too short for their type
  uint64_t refused_io_uring = 0;  // io_uring_setup calls capsule's filter refused
};

// What to add to CLOCK_MONOTONIC µs (the kernel side's bpf_ktime_get_ns) for wall-clock µs, now.
int64_t monotonic_to_wall_us();

class EventAssembler {
 public:
  // launcher: the held child's pid; its calls before its first execve are capsule's, not the
  // program's, and are left out; 0 for a process capsule attached to (every call is its own).
  // mono_to_wall_us: add to CLOCK_MONOTONIC µs for the wall clock.
  // records: --trace's selection by name (nullptr: every call).
  EventAssembler(DecodeOptions opts, EventSink& sink, pid_t launcher, int64_t mono_to_wall_us,
                 std::function<bool(std::string_view)> records = nullptr);

  void on_record(const void* data, size_t size);
  // --policy: the seccomp action the run's filters take on a call (policy/bpf_eval.h); a call
  // they refuse is marked denied, as the ptrace backend marks it.
  void set_policy(std::function<uint32_t(const RawSyscall&)> action) { policy_ = std::move(action); }
  // io_uring_setup is refused by capsule's filter (io_uring_guard.h): its ENOSYS is marked denied.
  void set_io_uring_refused(bool on) { io_uring_refused_ = on; }
  // Calls capsule refused when their seccomp notification came (outside_tree_supervisor.h): asked
  // at every call's record with (tid, nr, ret); such a call is marked denied for that reason, and
  // recorded whatever --trace selects, as the ptrace backend records what it refuses.
  using RefusalLookup = std::function<std::optional<DenyReason>(pid_t tid, int32_t nr, int64_t ret, uint64_t t_exit_ns)>;
  void set_refusals(RefusalLookup lookup) { refusals_ = std::move(lookup); }
  const AssemblerCounts& counts() const { return counts_; }

 private:
  template <class Record>
  bool read_whole(const void* data, size_t size, Record& out);
  void on_syscall(const capsule_syscall& r);
  void on_noreturn(const capsule_syscall& r);
  void on_exit(const capsule_syscall& r);
  void on_signal(const capsule_signal& s);
  void learn_files(const std::vector<capsule_opened>& opened);
  void fill_parent_tid(const capsule_syscall& r);
  bool begin_event(const capsule_syscall& r, RawSyscall& call, bool& args_done, bool always_recorded = false);
  void emit();
  void apply_policy(const RawSyscall& call);
  TraceeMemory& memory_of(uint32_t tid);
  // The thread's call is done (ended: the thread too): what was kept for it goes.
  void forget(uint32_t tid, bool ended = false);

  SyscallDecoder decoder_;
  EventSink& sink_;
  pid_t launcher_;
  bool launched_ = false;
  std::unordered_set<uint32_t> tgids_seen_;
  int64_t mono_to_wall_us_;
  std::function<bool(std::string_view)> records_;
  std::function<uint32_t(const RawSyscall&)> policy_;
  bool io_uring_refused_ = false;
  RefusalLookup refusals_;
  std::unordered_map<uint32_t, CapturedMemory> memory_;  // per tid, until its call's record
  std::unordered_map<uint32_t, ExecBlocks> exec_;        // per tid, until its execve's record
  SocketNames sockets_;  // strace's names for the sockets of the tree, asked of sock_diag
  std::unordered_map<uint32_t, std::vector<capsule_opened>> opened_;  // per tid, until its call's record
  std::unordered_map<uint32_t, std::vector<capsule_file_bytes>> file_bytes_;  // likewise
  MappedFiles files_;  // the files the tree opened or ran, for file_bytes_
  CapturedMemory empty_;
  SyscallEvent ev_;
  AssemblerCounts counts_;
};

}  // namespace capsule
