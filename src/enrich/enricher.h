// The enricher: per-process state derived from the event stream (like a kernel's own tables), so
// that each event carries the context that was true at the moment of the syscall, also for a
// process that lived 1 ms. /proc is read only when a process is first met, never per event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "enrich/process_context.h"
#include "event/syscall_event.h"

namespace capsule {

struct ProcessSnapshot;  // proc_snapshot.h

class Enricher {
 public:
  Enricher();
  ~Enricher();
  Enricher(const Enricher&) = delete;
  Enricher& operator=(const Enricher&) = delete;

  // Seeds the tables with a process met for the first time (the traced program before its
  // execve, read from /proc by the tracer while it was stopped).
  void seed(const ProcessSnapshot& snap);

  // Fills ev.fd_refs (what each fd arg, and an fd return value, referred to at the time of the
  // call) and then applies the event's effect to the tables (open adds an fd, close removes it,
  // fork copies the process, execve drops O_CLOEXEC fds, …). Events must come in stream order.
  void process(SyscallEvent& ev);

  // The enriched.jsonl record for ev (after process(ev)): the event plus its process context.
  // Call it right after process(ev) and before the next process(): the fds and privilege
  // changes it shows are those process() noted for the last event (an fd that ev closed is no
  // longer in the tables), and the full context (ctx_full) is written on the record of the event
  // that gave the process a new ctx_id. Keys: docs/ENRICHED.md.
  void append_enriched_json(const SyscallEvent& ev, std::string& out) const;

  // Reads /proc/PID and seeds the tables with it; false when the process is gone.
  bool seed_from_proc(int pid);

  // When enabled, an event from a pid never seeded nor forked under our eyes (a process
  // attached to) triggers one read of /proc/PID. Off by default: it is only right while the
  // process is alive and stopped (the live tracer), never for an imported strace log.
  void set_proc_lookup(bool enabled);

  // Whether the tracer holds CAP_SYS_PTRACE (call before seed()). The kernel honours the set-id
  // bits and file capabilities of a file a traced process executes only then, and only without
  // NO_NEW_PRIVS (read from the seed's /proc status). When both are known, the enricher looks at
  // each executed file to learn them (a live run: the files are on this machine); otherwise (by
  // default, and for any process not met through /proc) an executed file counts as plain.
  void set_tracer_can_ptrace(bool capable);
  // Applied to the command line of every /proc snapshot before it enters the tables (the
  // pipeline's redaction: an argv read from /proc has not passed through the events' redactor).
  void set_argv_filter(std::function<void(std::vector<std::string>&)> filter);

  // How many /proc snapshots were taken (seeds included): grows with processes, not events.
  uint64_t proc_reads() const;

  // Processes currently in the table.
  size_t process_count() const;

  // The executable pid runs now (after the last process(): an execve already applied, an exited
  // process still known until the next event); "" when unknown. Valid until the next process().
  std::string_view exe_of(int32_t pid) const;

  // Who pid is now (same moment as exe_of): program, argv, ids, groups, capabilities,
  // namespaces, cgroup; nullptr when the pid is unknown. Valid until the next process().
  const ProcessContext* context_of(int32_t pid) const;
  // The host name the run looked up `peer` as (an address, "ip:port", or a socket's ref), learnt
  // from the DNS answers and /etc/hosts reads seen so far (peer_names.h); "" when none.
  std::string_view host_of(std::string_view peer) const;
  // pid's working directory now; "" when unknown. Valid until the next process().
  std::string_view cwd_of(int32_t pid) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace capsule
