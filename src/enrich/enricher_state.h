// The Enricher's private state, shared by the files that implement it (enricher.cpp: the event
// loop and fd refs; fd_effects.cpp / process_effects.cpp: how calls change the tables;
// enriched_json.cpp: the output). Not part of the public interface.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "enrich/enricher.h"
#include "log/render/iso_time_cache.h"
#include "enrich/peer_names.h"
#include "enrich/proc_snapshot.h"
#include "enrich/process_table.h"
#include "enrich/resource_class.h"
#include "enrich/syscall_plan.h"
#include "enrich/syscall_rules.h"

namespace capsule {

// What one fd in ev.fd_refs was (parallel to ev.fd_refs, same index), for the JSON output.
struct FdNote {
  ResourceClass cls = ResourceClass::Unknown;
  std::string proto, local, remote;
};

// A path argument of the event, resolved against the cwd / dirfd at the time of the call.
struct PathNote {
  std::string path;
  ResourceClass cls = ResourceClass::Unknown;
};

// An identity change caused by the event: what ("uid", "gid", "groups", "caps", "ns"), and the
// JSON values before and after.
struct PrivilegeChange {
  std::string what;
  std::string before;
  std::string after;
};

// What process() learnt about the last event that the tables no longer show afterwards (the fd
// close removed, the cwd before chdir). Vectors are reused from event to event: `n` counts the
// valid elements, so that an event that changes nothing allocates nothing.
struct EventNotes {
  // Which event these notes are about (see append_enriched_json).
  bool valid = false;
  int32_t pid = 0;
  int32_t tid = 0;
  int64_t ts_us = 0;
  size_t fds_in_event = 0;  // ev.fd_refs.size() after process()
  size_t n_fds = 0;
  std::vector<FdNote> fds;
  size_t n_paths = 0;
  std::vector<PathNote> paths;
  std::vector<PrivilegeChange> privilege;
  // The event's process got a new ctx_id: its record carries ctx_full.
  bool ctx_full_due = false;
  // The plan of the event's syscall (nullptr for signal and exit events).
  const SyscallPlan* plan = nullptr;
  // The host name of the event's peer (PeerNames), empty when none is known.
  std::string host;
};

// The enriched record's `,"pid":P,"tid":T` for the last thread written (events come in runs from
// the same thread).
struct ThreadIdText {
  bool valid = false;
  int32_t pid = 0;
  int32_t tid = 0;
  std::string text;
};

struct Enricher::State {
  ProcessTable procs;
  PeerNames names;
  EventNotes notes;
  uint64_t proc_reads = 0;
  uint64_t last_ctx_id = 0;  // ctx_ids are numbered from 1 in order of first appearance
  bool proc_lookup = false;  // read /proc for a pid met without seed or fork
  std::optional<bool> tracer_can_ptrace;  // set_tracer_can_ptrace
  std::function<void(std::vector<std::string>&)> argv_filter;  // set_argv_filter
  // The process whose Exit event was processed last: removed when the next event comes, so that
  // append_enriched_json for the exit still finds its context.
  std::optional<int32_t> pending_exit;
  // Cache of the last process looked up (events come in runs from the same process).
  ProcessEntry* last = nullptr;
  // Output cache only (append_enriched_json is const): it changes no answer, only the speed.
  mutable IsoTimeCache iso_time;
  mutable ThreadIdText thread_id;

  ProcessEntry& process_for(int32_t pid);
  // procs.find(pid) through the cache of the last process.
  const ProcessEntry* find(int32_t pid) const;
  // The table's entry for a /proc snapshot (counted in proc_reads).
  ProcessEntry& seed(const ProcessSnapshot& snap);
  void forget(int32_t pid);
  // process() once the notes are reset: annotates ev and applies its effect to proc's tables.
  void annotate_and_apply(SyscallEvent& ev, ProcessEntry& proc);
};

// The effect of a successful (or, for close, attempted) call on the fd table of proc. For an
// open, `opened` may give its pathname already resolved (and classified) before the call: the
// same answer, not worked out twice.
void apply_fd_effect(const SyscallRule& rule, const SyscallEvent& ev, ProcessEntry& proc,
                     const PathNote* opened = nullptr);

// The effect of a call on the process table (fork, exec, cwd, identity, namespaces); identity
// changes are recorded in notes.privilege.
void apply_process_effect(const SyscallRule& rule, const SyscallEvent& ev, ProcessEntry& proc,
                          ProcessTable& procs, EventNotes& notes);

// An absolute path for `path` as a *at call resolves it: against dirfd's path, or the cwd for
// AT_FDCWD / no dirfd. Relative stays relative when the base is unknown.
std::string resolve_at(const ProcessEntry& proc, const Arg* dirfd, std::string_view path);
// The same into out (its storage reused).
void resolve_at(const ProcessEntry& proc, const Arg* dirfd, std::string_view path, std::string& out);

}  // namespace capsule
