// The aggregator: folds the event stream into actions (action.h), for actions.jsonl.
//
// What merges ("consecutive"): events of the same pid with the same kind and target, each
// starting within the window of the end of the one before. Each pid keeps one open action per
// key (up to kMaxOpenPerPid), so that a copy loop — read(3), write(1), read(3), … — is one Read
// and one Write, not thousands of alternating actions; other pids' events never close a pid's
// actions. An open action closes (is written) when:
//   - its window passes with no event for it (a timer on the events' clock, tick()),
//   - its process closes the fd it names (a Close of the same target),
//   - its process execs or exits (the actions before belong to the old program / process),
//   - its process has kMaxOpenPerPid open actions and needs one more (the stalest closes),
//   - it lists kMaxListedSeqs seqs (an interleaved action that has grown very long),
//   - flush_all() at the end of the run.
// Never-merged kinds (never_merged()) are one action per event, written at once.
// Every event fed ends up in exactly one action: the sum of Action::events equals events fed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aggregate/action.h"
#include "aggregate/action_classify.h"
#include "event/syscall_event.h"

namespace capsule {

class Aggregator {
 public:
  static constexpr int64_t kDefaultWindowUs = 100'000;
  static constexpr size_t kMaxOpenPerPid = 16;
  // An action whose events are not contiguous lists every seq; past this many it is closed and
  // the next event starts a new one, so that a long interleaved copy does not make one
  // multi-megabyte line (the evidence stays exact, in several actions).
  static constexpr size_t kMaxListedSeqs = 16384;

  // Receives each completed action; the reference is valid during the call only.
  using ActionSink = std::function<void(const Action&)>;
  // The executable of a pid at the moment, "" when unknown (the enricher's exe_of).
  using ExeLookup = std::function<std::string_view(int32_t pid)>;

  // The host name a peer ("ip:port" or a socket's ref) was looked up as, "" when unknown (the
  // enricher's host_of).
  using HostLookup = std::function<std::string_view(std::string_view peer)>;

  // The command line of a pid at the moment, nullptr when unknown (the enricher's context).
  using ArgvLookup = std::function<const std::vector<std::string>*(int32_t pid)>;

  Aggregator(int64_t window_us, ActionSink sink, ExeLookup exe = {}, HostLookup host = {}, ArgvLookup argv = {});

  // One event, in stream order, after the enricher has filled ev.fd_refs.
  void feed(const SyscallEvent& ev);

  // Closes every open action whose window has passed at now_us, on the events' clock (µs since
  // the epoch, as SyscallEvent::ts_us).
  void flush_due(int64_t now_us);

  // The timer: call it regularly (every few ms) with the wall clock. The events' clock is the
  // latest event end seen, advanced by the wall time since it was first seen here: so a backlog
  // in the queue does not close actions whose next event is still queued, and a replayed log
  // (capsule import, old timestamps) is not flushed on every tick.
  void tick(int64_t wall_us);

  // Closes everything still open (end of the run).
  void flush_all();

  size_t open_actions() const { return open_total_; }
  uint64_t events_fed() const { return events_fed_; }
  uint64_t events_written() const { return events_written_; }

 private:
  struct Slot {
    Action action;
    bool closing = false;  // chosen by close_where, written, then moved out of the open range
  };
  struct PidActions {
    std::vector<Slot> slots;  // [0, open) are open; the rest keep their buffers for reuse
    size_t open = 0;
  };

  PidActions& actions_of(int32_t pid);
  void forget(int32_t pid);
  Action& open_slot(PidActions& p);
  void start(Action& a, const SyscallEvent& ev, const ActionKey& key);
  void add(Action& a, const SyscallEvent& ev) const;
  void emit(const Action& a);
  // Writes (in order of first seq) and closes the open actions of p (or of every pid when p is
  // null) for which due(action) holds.
  template <typename Due>
  void close_where(PidActions* p, Due due);

  int64_t window_us_;
  ActionSink sink_;
  ExeLookup exe_;
  HostLookup host_;
  ArgvLookup argv_;
  ActionClassifier classifier_;
  std::unordered_map<int32_t, PidActions> pids_;
  int32_t cached_pid_ = 0;
  PidActions* cached_ = nullptr;  // the last pid looked up (events come in runs)
  Action single_;                 // a never-merged action, written at once
  std::vector<const Action*> closing_;
  size_t open_total_ = 0;
  uint64_t events_fed_ = 0;
  uint64_t events_written_ = 0;
  // The events' clock (see tick()).
  int64_t latest_event_us_ = 0;
  int64_t anchor_event_us_ = 0;
  int64_t anchor_wall_us_ = 0;
};

}  // namespace capsule
