// The event loop of the enricher: look up the process, annotate the fds the call names (before
// the call changes anything), apply the call's effect to the tables, annotate the fd it returned.
// This runs for every event, so the common path (a read/write on a known fd) only indexes a
// vector and copies one short string.
#include "enrich/enricher.h"

#include "enrich/enricher_state.h"
#include "enrich/event_args.h"
#include "enrich/pidfd_refs.h"
#include "enrich/proc_snapshot.h"
#include "enrich/socket_ref.h"
#include "enrich/syscall_plan.h"

namespace capsule {
namespace {

// A blank process's events kept for replay (see ProcessEntry::early_events); a child whose
// parent's fork event is this late has long been useful without them.
constexpr size_t kMaxEarlyEvents = 1024;

void note_fd(EventNotes& notes, const FdEntry* e) {
  if (notes.fds.size() <= notes.n_fds) notes.fds.emplace_back();
  FdNote& n = notes.fds[notes.n_fds++];
  n.cls = e != nullptr ? e->cls : ResourceClass::Unknown;
  // assign() into the reused strings: no allocation once they have grown.
  n.proto.assign(e != nullptr ? e->proto : std::string_view());
  n.local.assign(e != nullptr ? e->local : std::string_view());
  n.remote.assign(e != nullptr ? e->remote : std::string_view());
}

// Adds fd's ref to ev.fd_refs unless the same pair is there already; unknown fds get no ref
// (the renderers then show the bare number, as strace does for an fd it cannot resolve).
// `result`: the ref of the call's fd result, which an argument of the same number must not show.
void add_ref(SyscallEvent& ev, EventNotes& notes, const FdTable& fds, int64_t fd, bool result = false) {
  const FdEntry* e = fds.find(fd);
  if (e == nullptr || e->ref.empty()) return;
  for (const FdRef& r : ev.fd_refs) {
    if (r.fd == fd && r.ref == e->ref) return;
  }
  ev.fd_refs.push_back(FdRef{fd, e->ref, result});
  note_fd(notes, e);
}

// An fd of another process (pidfd_getfd's targetfd), named from that process's entry.
void add_remote_ref(SyscallEvent& ev, EventNotes& notes, const FdEntry& e, int64_t fd) {
  if (fd < 0 || e.ref.empty()) return;
  ev.fd_refs.push_back(FdRef{fd, e.ref, false});
  note_fd(notes, &e);
}

void add_arg_refs(const Arg& a, SyscallEvent& ev, EventNotes& notes, const FdTable& fds) {
  if (a.kind == ArgKind::Fd) {
    add_ref(ev, notes, fds, a.num);
  } else if (a.kind == ArgKind::Array || a.kind == ArgKind::Struct) {
    for (const Arg& item : a.items) add_arg_refs(item, ev, notes, fds);
  }
}

// strace -yy's "AT_FDCWD</home/u>": the working directory an AT_FDCWD argument stood for, after
// the descriptors' refs (FdRef). No *at call changes the cwd, so the one after the call is the
// one it used.
void add_cwd_ref(SyscallEvent& ev, const ProcessEntry& proc) {
  const std::optional<std::string>& cwd = proc.fs->cwd;
  if (!cwd) return;
  for (const Arg& a : ev.args) {
    if (a.kind == ArgKind::Symbol && a.num == kAtFdcwdRef && a.text == "AT_FDCWD") {
      ev.fd_refs.push_back(FdRef{kAtFdcwdRef, *cwd});
      return;
    }
  }
}

// pipe's and socketpair's pair, recvmsg's message (a Struct) and recvmmsg's messages: fds the call
// made, named as they are after it.
bool is_output_array(const SyscallRule* rule, const Arg& a) {
  return rule != nullptr && rule->fd_output_array && (a.kind == ArgKind::Array || a.kind == ArgKind::Struct);
}

PathNote& next_path_note(EventNotes& notes) {
  if (notes.paths.size() <= notes.n_paths) notes.paths.emplace_back();
  return notes.paths[notes.n_paths++];
}

void note_path(const ProcessEntry& proc, const Arg* dirfd, const Arg& path, EventNotes& notes) {
  PathNote& n = next_path_note(notes);
  resolve_at(proc, dirfd, path.text, n.path);
  n.cls = classify_path(n.path);
}

void note_paths(const SyscallEvent& ev, const SyscallPlan& plan, bool planned,
                const ProcessEntry& proc, EventNotes& notes) {
  if (planned) {
    for (uint8_t k = 0; k < plan.n_paths; ++k) {
      const PathParam& p = plan.paths[k];
      if (p.index >= ev.args.size() || ev.args[p.index].kind != ArgKind::Str) continue;
      const Arg* dirfd = p.dirfd >= 0 && static_cast<size_t>(p.dirfd) < ev.args.size()
                             ? &ev.args[static_cast<size_t>(p.dirfd)]
                             : nullptr;
      note_path(proc, dirfd, ev.args[p.index], notes);
    }
    return;
  }
  for (const Arg& a : ev.args) {
    if (a.kind != ArgKind::Str) continue;
    for (const PathArgName& p : kPathArgNames) {
      if (a.name != p.name) continue;
      const Arg* dirfd = nullptr;
      for (const Arg& d : ev.args) {
        if (d.name == p.dirfd) dirfd = &d;
      }
      note_path(proc, dirfd, a, notes);
      break;
    }
  }
}

// Calls f(arg) for each top-level argument that may hold fds: the plan's fd positions when the
// event is laid out as its signature says, else every argument.
template <class F>
void for_each_fd_arg(const SyscallEvent& ev, const SyscallPlan& plan, bool planned, F&& f) {
  if (!planned) {
    for (const Arg& a : ev.args) f(a);
    return;
  }
  for (uint8_t bits = plan.fd_params, i = 0; bits != 0; bits >>= 1, ++i) {
    if ((bits & 1u) != 0 && i < ev.args.size()) f(ev.args[i]);
  }
}

// The strace backend brings its own annotations (strace -yy's): they are the truth, so the
// tables learn from them instead of the other way round.
void learn_from_annotations_before(const SyscallEvent& ev, FdTable& fds, bool ret_is_fd) {
  for (const FdRef& r : ev.fd_refs) {
    if (ret_is_fd && r.fd == ev.ret) continue;  // describes the state after the call
    if (FdEntry* e = fds.find(r.fd); e != nullptr && e->ref != r.ref && !r.ref.empty()) {
      e->ref = r.ref;
      if (e->cls != ResourceClass::Directory) e->cls = classify_ref(r.ref);
    }
  }
}

void learn_from_annotations_after(const SyscallEvent& ev, FdTable& fds) {
  const FdRef* last = nullptr;
  for (const FdRef& r : ev.fd_refs) {
    if (r.fd == ev.ret) last = &r;
  }
  if (last == nullptr || last->ref.empty()) return;
  FdEntry* e = fds.find(ev.ret);
  if (e == nullptr) {
    FdEntry fresh;
    fresh.cls = classify_ref(last->ref);
    e = &fds.set(ev.ret, std::move(fresh));
  }
  if (e->ref != last->ref) {
    e->ref = last->ref;
    if (e->cls != ResourceClass::Directory) e->cls = classify_ref(last->ref);
  }
}

// A call that moved bytes through its first argument's fd feeds the peer-name table (DNS
// messages on sockets, /etc/hosts); the fd's entry is the one before the call.
void learn_names(const SyscallEvent& ev, const SyscallPlan& plan, const ProcessEntry& proc, PeerNames& names) {
  if (plan.sig == nullptr || ev.args.empty() || !succeeded(ev)) return;
  const ActionKind kind = plan.sig->facts.action.kind;
  const bool incoming = kind == ActionKind::Read || kind == ActionKind::Receive;
  if (!incoming && kind != ActionKind::Write && kind != ActionKind::Send) return;
  const auto fd = arg_fd(&ev.args[0]);
  if (fd) names.learn(ev, proc.fds->find(*fd), incoming);
}

// The event's peer as the rules see it (docs/RULES.md, `peer`): an inet sockaddr argument, else
// a socket fd's remote end.
std::string_view event_peer(const SyscallEvent& ev, const EventNotes& notes, std::string& buf) {
  for (const Arg& a : ev.args) {
    if (a.kind != ArgKind::Struct) continue;
    const Arg* sa = &a;
    if (a.name == "msg") sa = find_item(a, "msg_name");
    else if (a.name != "addr" && a.name != "dest_addr") continue;
    if (sa == nullptr) continue;
    buf = sockaddr_text(sa);
    if (!buf.empty() && !buf.starts_with('/') && !buf.starts_with('@')) return buf;
  }
  for (size_t i = 0; i < notes.n_fds; ++i) {
    const std::string& r = notes.fds[i].remote;
    if (!r.empty() && !r.starts_with('/') && !r.starts_with('@')) return r;
  }
  return {};
}

}  // namespace

ProcessEntry& Enricher::State::process_for(int32_t pid) {
  if (last != nullptr && last->pid == pid) return *last;
  ProcessEntry* p = procs.find(pid);
  if (p == nullptr && proc_lookup) {
    if (auto snap = read_proc_snapshot(pid)) p = &seed(*snap);
  }
  if (p == nullptr) p = &procs.get_or_create(pid);
  last = p;
  return *p;
}

ProcessEntry& Enricher::State::seed(const ProcessSnapshot& given) {
  ++proc_reads;  // a snapshot is one read of /proc, whoever made it
  std::optional<ProcessSnapshot> filtered;
  if (argv_filter && given.argv) {
    filtered = given;
    argv_filter(*filtered->argv);
  }
  const ProcessSnapshot& snap = filtered ? *filtered : given;
  ProcessEntry& p = procs.seed(snap);
  if (tracer_can_ptrace && snap.no_new_privs) p.setid_on_exec = *tracer_can_ptrace && !*snap.no_new_privs;
  return p;
}

void Enricher::State::forget(int32_t pid) {
  if (last != nullptr && last->pid == pid) last = nullptr;
  procs.erase(pid);
}

Enricher::Enricher() : state_(std::make_unique<State>()) {}
Enricher::~Enricher() = default;

void Enricher::seed(const ProcessSnapshot& snap) {
  State& s = *state_;
  s.last = nullptr;
  s.seed(snap);
}

bool Enricher::seed_from_proc(int pid) {
  auto snap = read_proc_snapshot(pid);
  if (!snap) return false;
  seed(*snap);
  return true;
}

void Enricher::set_proc_lookup(bool enabled) { state_->proc_lookup = enabled; }

void Enricher::set_tracer_can_ptrace(bool capable) { state_->tracer_can_ptrace = capable; }

void Enricher::set_argv_filter(std::function<void(std::vector<std::string>&)> filter) {
  state_->argv_filter = std::move(filter);
}

uint64_t Enricher::proc_reads() const { return state_->proc_reads; }

size_t Enricher::process_count() const { return state_->procs.size(); }

const ProcessEntry* Enricher::State::find(int32_t pid) const {
  if (last != nullptr && last->pid == pid) return last;
  return procs.find(pid);
}

std::string_view Enricher::exe_of(int32_t pid) const {
  const ProcessEntry* p = state_->find(pid);
  return p != nullptr && p->exe ? std::string_view(*p->exe) : std::string_view();
}

const ProcessContext* Enricher::context_of(int32_t pid) const { return state_->find(pid); }

std::string_view Enricher::host_of(std::string_view peer) const { return state_->names.name_of(peer); }

std::string_view Enricher::cwd_of(int32_t pid) const {
  const ProcessEntry* p = state_->find(pid);
  return p != nullptr && p->fs->cwd ? std::string_view(*p->fs->cwd) : std::string_view();
}

void Enricher::process(SyscallEvent& ev) {
  State& s = *state_;
  if (s.pending_exit) {
    s.forget(*s.pending_exit);
    s.pending_exit.reset();
  }
  EventNotes& notes = s.notes;
  notes.valid = true;
  notes.pid = ev.pid;
  notes.tid = ev.tid;
  notes.ts_us = ev.ts_us;
  notes.fds_in_event = ev.fd_refs.size();
  notes.n_fds = 0;
  notes.n_paths = 0;
  notes.privilege.clear();
  notes.plan = nullptr;
  notes.host.clear();

  ProcessEntry& proc = s.process_for(ev.pid);
  s.annotate_and_apply(ev, proc);
  // After the effect: the record shows the context the call left (a fork's child entry is new
  // and stale already; it is rendered at the child's first event).
  notes.ctx_full_due = refresh_rendered_context(proc, s.last_ctx_id);
}

void Enricher::State::annotate_and_apply(SyscallEvent& ev, ProcessEntry& proc) {
  if (ev.type == EventType::Exit) {
    // A thread's exit ends only the thread; the leader's ends the process (after this record).
    if (ev.tid == ev.pid || ev.tid == 0) pending_exit = ev.pid;
    return;
  }
  if (ev.type != EventType::Syscall) return;

  const SyscallPlan& plan = plan_for(ev);
  notes.plan = &plan;
  const SyscallRule* rule = plan.rule;
  const bool planned = laid_out_as(plan, ev);
  const bool ret_is_fd = ev.ret_kind == RetKind::Fd && succeeded(ev);
  const bool annotated = !ev.fd_refs.empty();
  // A socket the tracer named again at this call's entry: the record shows that name.
  for (const FdRef& r : ev.renamed_fds) {
    if (FdEntry* e = proc.fds->find(r.fd)) e->ref = r.ref;
  }
  if (annotated) {
    learn_from_annotations_before(ev, *proc.fds, ret_is_fd);
    for (const FdRef& r : ev.fd_refs) {
      if (r.is_descriptor()) note_fd(notes, proc.fds->find(r.fd));
    }
  } else {
    for_each_fd_arg(ev, plan, planned, [&](const Arg& a) {
      if (!is_output_array(rule, a)) add_arg_refs(a, ev, notes, *proc.fds);
    });
  }
  // pidfd_getfd's targetfd is an fd of the process its pidfd names: named from that one's table,
  // and the fd the call returns is a copy of it.
  std::optional<FdEntry> taken;
  if (ev.name == "pidfd_getfd") {
    if (const FdEntry* target = pidfd_getfd_target(ev, proc, procs)) {
      taken = *target;
      if (!annotated) add_remote_ref(ev, notes, *taken, arg_int(find_arg(ev, "targetfd", 1)).value_or(-1));
    }
  }
  note_paths(ev, plan, planned, proc, notes);
  learn_names(ev, plan, proc, names);
  if (!names.empty()) {
    std::string buf;
    notes.host.assign(names.name_of(event_peer(ev, notes, buf)));
  }

  if (rule != nullptr) {
    if (is_fd_effect(rule->effect)) {
      // An open's only path argument is its pathname, noted above when laid out as planned.
      const bool noted_open = rule->effect == Effect::Open && planned && notes.n_paths == 1;
      apply_fd_effect(*rule, ev, proc, noted_open ? &notes.paths[0] : nullptr);
    } else {
      apply_process_effect(*rule, ev, proc, procs, notes);
      proc.rendered.stale = true;  // besides a new entry, the only way a context changes
    }
  } else if (ret_is_fd) {
    proc.fds->erase(ev.ret);  // a new fd from a call we do not model: the old entry is stale
  }
  if (taken && ret_is_fd) {
    taken->cloexec = true;  // pidfd_getfd's fd is always close-on-exec
    proc.fds->set(ev.ret, std::move(*taken));
  }
  if (ev.name.starts_with("wait")) forget_reaped_pidfds(ev, procs);
  const int64_t new_pidfd = rule != nullptr && rule->effect == Effect::Fork ? clone_pidfd(ev) : -1;
  if (new_pidfd >= 0) proc.fds->set(new_pidfd, pidfd_entry(static_cast<int32_t>(ev.ret)));
  if (proc.blank && (rule != nullptr || ret_is_fd) && proc.early_events.size() < kMaxEarlyEvents) {
    proc.early_events.push_back(ev);
  }

  // fork/exec may have replaced the fd table: look it up again.
  const FdTable& after = *proc.fds;
  if (annotated) {
    if (ret_is_fd) learn_from_annotations_after(ev, *proc.fds);
    notes.fds_in_event = ev.fd_refs.size();
    return;
  }
  if (rule != nullptr && rule->fd_output_array && succeeded(ev)) {
    for_each_fd_arg(ev, plan, planned, [&](const Arg& a) {
      if (is_output_array(rule, a)) add_arg_refs(a, ev, notes, after);
    });
  }
  if (ret_is_fd) add_ref(ev, notes, after, ev.ret, /*result=*/true);
  if (new_pidfd >= 0) add_ref(ev, notes, after, new_pidfd);  // named as the call left it
  add_cwd_ref(ev, proc);
  notes.fds_in_event = ev.fd_refs.size();
}

}  // namespace capsule
