// The aggregator's bookkeeping. The common case — an event that extends an open action — looks up
// the pid (cached), scans at most kMaxOpenPerPid open actions and updates counters: no allocation.
#include "aggregate/aggregator.h"

#include <algorithm>
#include <cerrno>
#include <utility>

namespace capsule {
namespace {

int64_t end_of(const SyscallEvent& ev) { return std::max(ev.ts_us, ev.end_us); }

bool failed(const SyscallEvent& ev) { return ev.denied || (ev.has_ret && ev.err != 0); }

bool is_process_exit(const SyscallEvent& ev) {
  return ev.type == EventType::Exit && (ev.tid == ev.pid || ev.tid == 0);
}

// Exec and a process's exit end every action of the process: what came before belongs to the
// old program or to a process that is gone.
bool ends_process_actions(const SyscallEvent& ev, ActionKind kind) {
  return is_process_exit(ev) || (kind == ActionKind::Exec && !failed(ev));
}

// Kinds whose target may be a network peer (an address, or a socket's ref for a read or write).
bool talks_to_peer(ActionKind kind) {
  switch (kind) {
    case ActionKind::Connect: case ActionKind::Send: case ActionKind::Receive:
    case ActionKind::Read: case ActionKind::Write: case ActionKind::Accept:
      return true;
    default:
      return false;
  }
}

}  // namespace

Aggregator::Aggregator(int64_t window_us, ActionSink sink, ExeLookup exe, HostLookup host, ArgvLookup argv)
    : window_us_(window_us), sink_(std::move(sink)), exe_(std::move(exe)), host_(std::move(host)),
      argv_(std::move(argv)) {}

Aggregator::PidActions& Aggregator::actions_of(int32_t pid) {
  if (cached_ != nullptr && cached_pid_ == pid) return *cached_;
  cached_pid_ = pid;
  cached_ = &pids_[pid];  // unordered_map elements keep their address across rehashing
  return *cached_;
}

void Aggregator::forget(int32_t pid) {
  if (cached_pid_ == pid) cached_ = nullptr;
  pids_.erase(pid);
}

void Aggregator::start(Action& a, const SyscallEvent& ev, const ActionKey& key) {
  a.kind = key.kind;
  a.pid = ev.pid;
  a.exe.assign(exe_ ? exe_(ev.pid) : std::string_view());
  a.target.assign(key.target);
  a.host.assign(host_ && talks_to_peer(key.kind) ? host_(key.target) : std::string_view());
  a.argv.clear();
  if (key.kind == ActionKind::Exec && argv_ && !failed(ev)) {
    if (const std::vector<std::string>* argv = argv_(ev.pid)) a.argv = *argv;
  }
  a.start_us = ev.ts_us;
  a.end_us = end_of(ev);
  a.events = 0;
  a.bytes = 0;
  a.failed = 0;
  a.errors.clear();
  a.first_seq = a.last_seq = ev.seq;
  a.seqs.clear();
  add(a, ev);
}

void Aggregator::add(Action& a, const SyscallEvent& ev) const {
  if (a.events > 0) {
    if (!a.seqs.empty() || ev.seq != a.last_seq + 1) {
      if (a.seqs.empty()) {  // the first gap: from now on every seq is listed
        a.seqs.reserve(a.last_seq - a.first_seq + 2);
        for (uint64_t s = a.first_seq; s <= a.last_seq; ++s) a.seqs.push_back(s);
      }
      a.seqs.push_back(ev.seq);
    }
    a.last_seq = ev.seq;
  }
  ++a.events;
  a.end_us = std::max(a.end_us, end_of(ev));
  if (failed(ev)) {
    ++a.failed;
    const int err = ev.err != 0 ? ev.err : EPERM;  // a refusal without errno shows as EPERM
    auto it = std::find_if(a.errors.begin(), a.errors.end(), [&](const auto& e) { return e.first == err; });
    if (it == a.errors.end()) a.errors.emplace_back(err, 1);
    else ++it->second;
  } else if (moves_bytes(a.kind) && ev.has_ret && ev.ret > 0) {
    a.bytes += static_cast<uint64_t>(ev.ret);
  }
}

void Aggregator::emit(const Action& a) {
  events_written_ += a.events;
  sink_(a);
}

template <typename Due>
void Aggregator::close_where(PidActions* only, Due due) {
  closing_.clear();
  auto collect = [&](PidActions& p) {
    for (size_t i = 0; i < p.open; ++i) {
      if (due(p.slots[i].action)) {
        p.slots[i].closing = true;
        closing_.push_back(&p.slots[i].action);
      }
    }
  };
  if (only != nullptr) {
    collect(*only);
  } else {
    for (auto& [pid, p] : pids_) collect(p);
  }
  if (closing_.empty()) return;
  std::sort(closing_.begin(), closing_.end(),
            [](const Action* x, const Action* y) { return x->first_seq < y->first_seq; });
  for (const Action* a : closing_) emit(*a);
  // Compact after writing (the pointers above point into the slots): swap closed ones behind
  // the open range, where they keep their buffers for the next action.
  auto compact = [&](PidActions& p) {
    for (size_t i = 0; i < p.open;) {
      if (p.slots[i].closing) {
        p.slots[i].closing = false;
        std::swap(p.slots[i], p.slots[p.open - 1]);
        --p.open;
        --open_total_;
      } else {
        ++i;
      }
    }
  };
  if (only != nullptr) {
    compact(*only);
  } else {
    for (auto& [pid, p] : pids_) compact(p);
  }
}

Action& Aggregator::open_slot(PidActions& p) {
  if (p.open == kMaxOpenPerPid) {
    // Too many at once (a process touching many files in turn): the stalest one is done.
    const auto stalest = std::min_element(
        p.slots.begin(), p.slots.begin() + static_cast<long>(p.open),
        [](const Slot& x, const Slot& y) { return x.action.end_us < y.action.end_us; });
    const Action* victim = &stalest->action;
    close_where(&p, [victim](const Action& a) { return &a == victim; });
  }
  if (p.open == p.slots.size()) p.slots.emplace_back();
  ++open_total_;
  return p.slots[p.open++].action;
}

void Aggregator::feed(const SyscallEvent& ev) {
  ++events_fed_;
  latest_event_us_ = std::max(latest_event_us_, end_of(ev));
  const ActionKey key = classifier_.classify(ev);
  PidActions& p = actions_of(ev.pid);

  if (never_merged(key.kind)) {
    if (ends_process_actions(ev, key.kind)) close_where(&p, [](const Action&) { return true; });
    start(single_, ev, key);
    emit(single_);
    if (is_process_exit(ev)) forget(ev.pid);
    return;
  }
  for (size_t i = 0; i < p.open; ++i) {
    Action& a = p.slots[i].action;
    if (a.kind == key.kind && a.target == key.target && ev.ts_us - a.end_us <= window_us_ &&
        a.seqs.size() < kMaxListedSeqs) {
      add(a, ev);
      return;
    }
  }
  if (key.kind == ActionKind::Close) {
    // The fd is gone: what was done through it is finished (an Open, Read, Write of that file).
    const std::string_view target = key.target;
    close_where(&p, [target](const Action& a) { return a.kind != ActionKind::Close && a.target == target; });
  }
  // Same key but out of its window (or full): that action is over, this event starts the next.
  close_where(&p, [&key](const Action& a) { return a.kind == key.kind && a.target == key.target; });
  start(open_slot(p), ev, key);
}

void Aggregator::flush_due(int64_t now_us) {
  if (open_total_ == 0) return;
  close_where(nullptr, [this, now_us](const Action& a) { return now_us - a.end_us > window_us_; });
}

void Aggregator::tick(int64_t wall_us) {
  if (latest_event_us_ != anchor_event_us_) {
    anchor_event_us_ = latest_event_us_;
    anchor_wall_us_ = wall_us;
  }
  flush_due(anchor_event_us_ + (wall_us - anchor_wall_us_));
}

void Aggregator::flush_all() {
  if (open_total_ == 0) return;
  close_where(nullptr, [](const Action&) { return true; });
}

}  // namespace capsule
