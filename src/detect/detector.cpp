#include "detect/detector.h"

#include <fcntl.h>

#include <algorithm>

#include "decode/signatures.h"
#include "enrich/event_args.h"

namespace capsule {
namespace {

// Whether a call the table says creates (facts.creates) left a new or emptied file: an open only
// with O_CREAT and O_EXCL or O_TRUNC; the others always make the path.
bool opens_fresh(const SyscallEvent& ev) {
  const Arg* flags = open_flags(ev);
  if (flags == nullptr) return true;
  return has_flag(flags, O_CREAT) && (has_flag(flags, O_EXCL) || has_flag(flags, O_TRUNC));
}

// A step that names no syscall but requires `denied in …`: the field has no value for a call
// that ran, so the step can only match refused calls, and is checked on those alone.
bool only_denied(const Step& s) {
  return std::any_of(s.conditions.begin(), s.conditions.end(),
                     [](const Condition& c) { return c.field == Field::Denied && c.op == Op::In; });
}

}  // namespace

Detector::Detector(const std::vector<Rule>& rules, Sink sink) : sink_(std::move(sink)) {
  for (const Rule& r : rules) {
    if (r.enabled && !r.steps.empty()) rules_.push_back(r);
  }
  pending_.resize(rules_.size());
  for (uint32_t ri = 0; ri < rules_.size(); ++ri) {
    const Rule& r = rules_[ri];
    for (uint32_t si = static_cast<uint32_t>(r.steps.size()); si-- > 0;) {
      const Step& s = r.steps[si];
      if (s.syscalls.empty()) {
        (only_denied(s) ? denied_event_ : any_event_).push_back({ri, si});
        continue;
      }
      for (const auto& name : s.syscalls) by_syscall_[name].steps.push_back({ri, si});
    }
  }
  // Calls that leave a file at a path argument, and calls that can change who the process is
  // (ProcessTracker::gained), from the syscall table.
  for (const SyscallSignature& row : all_signatures()) {
    if (row.facts.creates) by_syscall_[std::string(row.name)].creates = true;
    if (row.facts.identity) by_syscall_[std::string(row.name)].identity = true;
  }
  by_nr_.assign(kNrCache, nullptr);
  nr_known_.assign(kNrCache, 0);
}

const Detector::IndexEntry* Detector::entry_for(const SyscallEvent& ev) {
  if (ev.type != EventType::Syscall) return nullptr;
  const bool cacheable = ev.arch == kArchX86_64 && ev.nr >= 0 && ev.nr < kNrCache;
  if (cacheable && nr_known_[static_cast<size_t>(ev.nr)] != 0) return by_nr_[static_cast<size_t>(ev.nr)];
  const auto it = by_syscall_.find(ev.name);
  const IndexEntry* e = it == by_syscall_.end() ? nullptr : &it->second;
  if (cacheable) {
    by_nr_[static_cast<size_t>(ev.nr)] = e;
    nr_known_[static_cast<size_t>(ev.nr)] = 1;
  }
  return e;
}

void Detector::feed(const SyscallEvent& ev, const Enricher& enr) {
  const IndexEntry* entry = entry_for(ev);
  tracker_.observe(ev, enr, entry != nullptr && entry->identity);
  if (entry == nullptr && any_event_.empty() && !ev.denied) return;
  EventView view(ev, enr, tracker_);
  if (entry != nullptr) {
    for (const StepRef& ref : entry->steps) check(ref, view);
  }
  for (const StepRef& ref : any_event_) check(ref, view);
  if (ev.denied) {
    for (const StepRef& ref : denied_event_) check(ref, view);
  }
  if (entry != nullptr && entry->creates && succeeded(ev) && opens_fresh(ev)) note_creations(view);
}

void Detector::note_creations(EventView& view) {
  const auto& paths = view.paths();
  // rename/link: the new path is the last; every other creating call has one path.
  if (!paths.empty()) tracker_.note_created(paths.back());
}

bool Detector::in_scope(const Rule& rule, const Pending& p, int32_t pid) const {
  switch (rule.scope) {
    case Scope::Process: return p.anchor == pid;
    case Scope::Tree: return tracker_.in_tree(pid, p.anchor);
    case Scope::Run: return true;
  }
  return false;
}

void Detector::check(const StepRef& ref, EventView& view) {
  const Rule& rule = rules_[ref.rule];
  const SyscallEvent& ev = view.event();
  if (ref.step == 0) {
    if (!matcher_.matches(rule.steps[0], view)) return;
    if (rule.steps.size() == 1) {
      std::vector<std::string> captures;
      capture(rule, view, captures);
      emit(rule, view, {ev.seq}, captures);
      return;
    }
    auto& waiting = pending_[ref.rule];
    // tree: the process's parent and all its descendants (the other side of a pipeline too).
    const int32_t anchor = rule.scope == Scope::Run    ? 0
                           : rule.scope == Scope::Tree ? tracker_.parent_of(ev.pid)
                                                       : ev.pid;
    for (Pending& p : waiting) {
      // The same first step again while waiting for the second: more evidence, fresher window.
      if (p.next == 1 && p.anchor == anchor && ev.ts_us - p.last_ts <= rule.within_us) {
        if (p.evidence.size() < kMaxEvidence) p.evidence.push_back(ev.seq);
        p.last_ts = ev.ts_us;
        capture(rule, view, p.captures);
        return;
      }
    }
    if (waiting.size() >= kMaxPending) waiting.erase(waiting.begin());
    Pending p;
    p.anchor = anchor;
    p.last_ts = ev.ts_us;
    p.evidence.push_back(ev.seq);
    p.captures.resize(rule.placeholders.size());
    capture(rule, view, p.captures);
    waiting.push_back(std::move(p));
    return;
  }
  auto& waiting = pending_[ref.rule];
  if (waiting.empty()) return;
  std::erase_if(waiting, [&](const Pending& p) { return ev.ts_us - p.last_ts > rule.within_us; });
  bool evaluated = false;
  for (size_t i = 0; i < waiting.size();) {
    Pending& p = waiting[i];
    const bool advances = p.next == ref.step;
    const bool repeats = p.next == ref.step + 1;  // this step again: more evidence
    if (!(advances || repeats) || !in_scope(rule, p, ev.pid)) {
      ++i;
      continue;
    }
    if (!evaluated) {
      if (!matcher_.matches(rule.steps[ref.step], view)) return;
      evaluated = true;
    }
    if (p.evidence.size() < kMaxEvidence) p.evidence.push_back(ev.seq);
    p.last_ts = ev.ts_us;
    capture(rule, view, p.captures);
    if (advances) ++p.next;
    if (p.next == rule.steps.size()) {
      Pending done = std::move(p);
      waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(i));
      emit(rule, view, std::move(done.evidence), done.captures);
      continue;
    }
    ++i;
  }
}

void Detector::capture(const Rule& rule, EventView& view, std::vector<std::string>& captures) {
  captures.resize(rule.placeholders.size());
  for (size_t i = 0; i < rule.placeholders.size(); ++i) {
    const auto& ph = rule.placeholders[i];
    view.values(ph.field, ph.arg_name, items_);
    if (items_.empty()) continue;  // keep what an earlier step said
    const FieldItem& it = items_.front();
    captures[i] = it.has_num ? std::to_string(it.num) : std::string(it.text);
  }
}

void Detector::emit(const Rule& rule, EventView& view, std::vector<uint64_t> evidence,
                    const std::vector<std::string>& captures) {
  std::string text;
  size_t ph = 0;
  for (size_t i = 0; i < rule.description.size(); ++i) {
    const char c = rule.description[i];
    const size_t end = c == '{' ? rule.description.find('}', i) : std::string::npos;
    if (end == std::string::npos) {
      text.push_back(c);
      continue;
    }
    text += ph < captures.size() && !captures[ph].empty() ? captures[ph] : "?";
    ++ph;
    i = end;
  }
  const SyscallEvent& ev = view.event();
  std::string key = rule.id;
  key.push_back('\x1f');
  key += text;
  if (tally_.total >= kMaxFindings || !seen_.insert(std::move(key)).second) {
    ++repeats_;
    return;
  }
  Finding f;
  f.number = tally_.total;
  f.ts_us = ev.ts_us;
  f.rule = rule.id;
  f.severity = rule.severity;
  f.pid = ev.pid;
  view.values(Field::Exe, {}, items_);
  if (!items_.empty()) f.exe = items_.front().text;
  f.description = std::move(text);
  view.values(Field::PeerHost, {}, items_);
  if (!items_.empty()) f.host = items_.front().text;
  std::sort(evidence.begin(), evidence.end());
  f.evidence = std::move(evidence);
  f.argv = view.argv_list();
  tally_.add(f);
  sink_(f);
}

void Detector::finish() {
  for (auto& w : pending_) w.clear();
}

void Detector::report(Finding f) {
  if (tally_.total >= kMaxFindings) {
    ++repeats_;
    return;
  }
  f.number = tally_.total;
  tally_.add(f);
  sink_(f);
}

}  // namespace capsule
