// How calls change the process table: fork/clone copies (or shares) a process's context, execve
// replaces its program, chdir moves its cwd, the set*id family / setgroups / capset change its
// identity, unshare / setns / clone(CLONE_NEW*) move it to new namespaces. Identity and
// namespace changes are noted on the event (privilege monitoring).
#include <sched.h>
#include <sys/prctl.h>

#include "base/number_parse.h"
#include "enrich/enricher_state.h"
#include "enrich/event_args.h"
#include "enrich/exec_file.h"
#include "enrich/path_text.h"
#include "log/render/json_text.h"

namespace capsule {
namespace {

void note_change(EventNotes& notes, std::string_view what, std::string before, std::string after) {
  notes.privilege.push_back(PrivilegeChange{std::string(what), std::move(before), std::move(after)});
}

// Notes every part of the identity that differs between before and after.
void note_cred_changes(const Credentials& before, const Credentials& after, EventNotes& notes) {
  const auto record = [&](std::string_view what, void (*render)(const Credentials&, std::string&)) {
    std::string b, a;
    render(before, b);
    render(after, a);
    note_change(notes, what, std::move(b), std::move(a));
  };
  if (before.uid != after.uid || before.euid != after.euid || before.suid != after.suid ||
      before.fsuid != after.fsuid) {
    record("uid", append_uids_json);
  }
  if (before.gid != after.gid || before.egid != after.egid || before.sgid != after.sgid ||
      before.fsgid != after.fsgid) {
    record("gid", append_gids_json);
  }
  if (before.groups != after.groups) record("groups", append_groups_json);
  if (before.cap_eff != after.cap_eff || before.cap_prm != after.cap_prm ||
      before.cap_bnd != after.cap_bnd) {
    record("caps", append_caps_json);
  }
}

// Notes a move to new namespaces: before = the known inode ids of the kinds in `kinds` (a
// CLONE_NEW* mask), after = the new ids, null where unknown.
void note_ns_change(const NamespaceIds& before, const NamespaceIds& after, uint64_t kinds,
                    EventNotes& notes) {
  std::string b = "{", a = "{";
  bool first = true;
  for (size_t k = 0; k < kNsKindCount; ++k) {
    const auto kind = static_cast<NsKind>(k);
    if ((kinds & ns_clone_flag(kind)) == 0) continue;
    if (before[k]) {
      json::append_key(b, ns_kind_name(kind), b.size() == 1);
      json::append_uint(b, *before[k]);
    }
    json::append_key(a, ns_kind_name(kind), first);
    if (after[k]) json::append_uint(a, *after[k]); else a.append("null");
    first = false;
  }
  b.push_back('}');
  a.push_back('}');
  note_change(notes, "ns", std::move(b), std::move(a));
}

// The CLONE_NEW* bits present in a flags argument.
uint64_t ns_flags(const Arg* flags) {
  constexpr uint64_t kNamespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUSER |
                                   CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP;
  const auto bits = arg_int(flags);
  return bits ? static_cast<uint64_t>(*bits) & kNamespaces : 0;
}

// Moves proc into new namespaces of the given kinds (ids unknown unless `known` says).
// A new pid namespace takes in the caller itself only for clone (the child); unshare and setns
// move just the children created afterwards.
void enter_namespaces(ProcessEntry& proc, uint64_t kinds, EventNotes& notes,
                      std::optional<uint64_t> known = std::nullopt, bool self_pid = false) {
  if (kinds == 0) return;
  const NamespaceIds before = proc.ns;
  for (size_t k = 0; k < kNsKindCount; ++k) {
    const auto kind = static_cast<NsKind>(k);
    if ((kinds & ns_clone_flag(kind)) == 0) continue;
    if (kind == NsKind::Pid && !self_pid) {
      proc.children_in_new_pid_ns = true;  // the caller stays; its children move
      continue;
    }
    proc.ns[k] = known;
  }
  note_ns_change(before, proc.ns, kinds, notes);
  if ((kinds & CLONE_NEWUSER) != 0) {
    // In a new user namespace the process holds a full capability set there, whose extent the
    // stream does not tell.
    const Credentials old = proc.cred;
    proc.cred.cap_eff.reset();
    proc.cred.cap_prm.reset();
    proc.cred.cap_bnd.reset();
    note_cred_changes(old, proc.cred, notes);
  }
}

// Applies again, on the context the child inherited, what its events did before the parent's
// fork event arrived. Forks among them are not replayed: the grandchildren they made already
// have their own entries.
void replay_early_events(const std::vector<SyscallEvent>& early, ProcessEntry& child,
                         ProcessTable& procs) {
  EventNotes scratch;
  for (const SyscallEvent& e : early) {
    const SyscallRule* rule = find_rule(e.name);
    if (rule == nullptr) {
      if (e.ret_kind == RetKind::Fd && succeeded(e)) child.fds->erase(e.ret);
    } else if (is_fd_effect(rule->effect)) {
      apply_fd_effect(*rule, e, child);
    } else if (rule->effect != Effect::Fork) {
      apply_process_effect(*rule, e, child, procs, scratch);
    }
  }
}

void fork_process(const SyscallEvent& ev, ProcessEntry& proc, ProcessTable& procs,
                  EventNotes& notes) {
  const Arg* flags = nullptr;
  if (ev.name == "clone") {
    flags = find_arg(ev, "flags", 0);
  } else if (ev.name == "clone3") {
    const Arg* cl = find_arg(ev, "cl_args", 0);
    if (cl != nullptr && cl->kind == ArgKind::Struct) flags = find_item(*cl, "flags");
  }
  if (has_flag(flags, CLONE_THREAD)) return;  // a thread shares everything here
  const auto child = static_cast<int32_t>(ev.ret);
  std::vector<SyscallEvent> early;
  if (ProcessEntry* existing = procs.find(child); existing != nullptr && existing->blank) {
    early = std::move(existing->early_events);
  }
  ProcessEntry& c = procs.fork(proc, child, has_flag(flags, CLONE_FILES),
                               has_flag(flags, CLONE_FS));
  if (has_flag(flags, CLONE_PARENT)) c.ppid = proc.ppid;
  // clone(CLONE_NEWPID) puts the child itself in the new pid namespace.
  enter_namespaces(c, ns_flags(flags), notes, std::nullopt, /*self_pid=*/true);
  replay_early_events(early, c, procs);
}

// fexecve runs /proc/self/fd/N (or /dev/fd/N): the program is what fd N refers to.
std::optional<std::string> fd_path_target(const ProcessEntry& proc, std::string_view path) {
  for (std::string_view prefix : {"/proc/self/fd/", "/dev/fd/"}) {
    if (!path.starts_with(prefix)) continue;
    const auto fd = parse_whole<int64_t>(path.substr(prefix.size()));
    if (!fd) return std::nullopt;
    if (const FdEntry* e = proc.fds->find(*fd)) return e->ref;
  }
  return std::nullopt;
}

// The identity after execve. When the set-id bits and file capabilities count (a live run,
// without NO_NEW_PRIVS, traced with CAP_SYS_PTRACE: ProcessEntry::setid_on_exec), the file is
// looked at (exec_file.h). When they do not, the kernel ignores them. Without that knowledge (an
// imported log) the file is taken as plain, as it is for nearly every execve: the files on this
// machine say nothing about the traced one's.
// Not modelled (the ids then follow the bits although the kernel did not apply them): a process
// sharing its fs context with another (CLONE_FS), for which the kernel ignores the bits too.
void apply_exec_identity(ProcessEntry& proc) {
  if (proc.setid_on_exec != true) {
    apply_exec(proc.cred, ExecFile{});
    return;
  }
  const auto file = proc.exe ? probe_exec_file(*proc.exe) : std::nullopt;
  if (file) {
    apply_exec(proc.cred, *file);
  } else {
    apply_exec_unknown_file(proc.cred);
  }
}

void exec_program(const SyscallEvent& ev, ProcessEntry& proc, EventNotes& notes) {
  const bool at = ev.name == "execveat";
  const Arg* path = find_arg(ev, "pathname", at ? 1 : 0);
  if (path != nullptr && path->kind == ArgKind::Str) {
    std::string exe = resolve_at(proc, at ? find_arg(ev, "dirfd", 0) : nullptr, path->text);
    if (auto target = fd_path_target(proc, exe)) exe = std::move(*target);
    if (exe.empty()) {
      proc.exe.reset();
    } else {
      proc.exe = std::move(exe);
    }
  } else {
    proc.exe.reset();
  }
  const Arg* argv = find_arg(ev, "argv", at ? 2 : 1);
  if (argv != nullptr && argv->kind == ArgKind::Array) {
    std::vector<std::string> words;
    words.reserve(argv->items.size());
    for (const Arg& w : argv->items) words.push_back(w.text);
    proc.argv = std::move(words);
  } else {
    proc.argv.reset();
  }
  // execve gives the process its own fd table (unshare_files) and closes O_CLOEXEC fds.
  if (proc.fds.use_count() > 1) proc.fds = std::make_shared<FdTable>(*proc.fds);
  proc.fds->drop_cloexec();
  const Credentials old = proc.cred;
  apply_exec_identity(proc);
  note_cred_changes(old, proc.cred, notes);
  proc.blank = false;
}

void change_cwd(ProcessEntry& proc, std::optional<std::string> cwd) { proc.fs->cwd = std::move(cwd); }

// "0", "1<<CAP_CHOWN|1<<CAP_KILL", "CAP_CHOWN|CAP_KILL" or a number, as a bitmask.
std::optional<uint64_t> parse_cap_set(const Arg* a) {
  if (a == nullptr) return std::nullopt;
  if (a->kind != ArgKind::Symbol && a->kind != ArgKind::Raw) {
    const auto n = arg_int(a);
    if (!n) return std::nullopt;
    return static_cast<uint64_t>(*n);
  }
  uint64_t mask = 0;
  std::string_view t = a->text;
  while (!t.empty()) {
    const size_t bar = t.find('|');
    std::string_view token = t.substr(0, bar);
    if (token.starts_with("1<<")) token.remove_prefix(3);
    if (const int bit = capability_bit(token); bit >= 0) {
      mask |= 1ull << bit;
    } else if (token != "0") {
      Arg numeric = Arg::raw(std::string(token));
      const auto n = arg_int(&numeric);
      if (!n) return std::nullopt;  // "~(…)" or anything else we do not read
      mask |= static_cast<uint64_t>(*n);
    }
    if (bar == std::string_view::npos) break;
    t.remove_prefix(bar + 1);
  }
  return mask;
}

// capset's data: one struct {effective, permitted, inheritable}, or the v3 pair of structs
// holding the low and high 32 bits.
void apply_capset(const SyscallEvent& ev, ProcessEntry& proc) {
  const Arg* data = find_arg(ev, "datap", 1);
  std::optional<uint64_t> eff, prm;
  if (data != nullptr && data->kind == ArgKind::Struct) {
    eff = parse_cap_set(find_item(*data, "effective"));
    prm = parse_cap_set(find_item(*data, "permitted"));
  } else if (data != nullptr && data->kind == ArgKind::Array && data->items.size() == 2 &&
             data->items[0].kind == ArgKind::Struct && data->items[1].kind == ArgKind::Struct) {
    const auto lo_e = parse_cap_set(find_item(data->items[0], "effective"));
    const auto hi_e = parse_cap_set(find_item(data->items[1], "effective"));
    const auto lo_p = parse_cap_set(find_item(data->items[0], "permitted"));
    const auto hi_p = parse_cap_set(find_item(data->items[1], "permitted"));
    if (lo_e && hi_e) eff = (*lo_e & 0xFFFFFFFFu) | (*hi_e << 32);
    if (lo_p && hi_p) prm = (*lo_p & 0xFFFFFFFFu) | (*hi_p << 32);
  }
  proc.cred.cap_eff = eff;
  proc.cred.cap_prm = prm;
}

void apply_setgroups(const SyscallEvent& ev, ProcessEntry& proc) {
  const auto size = arg_int(find_arg(ev, "size", 0));
  const Arg* list = find_arg(ev, "list", 1);
  if (size == 0) {
    proc.cred.groups = std::vector<uint32_t>{};
    return;
  }
  if (list == nullptr || list->kind != ArgKind::Array || list->truncated) {
    proc.cred.groups.reset();
    return;
  }
  std::vector<uint32_t> groups;
  for (const Arg& g : list->items) {
    const auto id = arg_id(&g);
    if (!id) {
      proc.cred.groups.reset();
      return;
    }
    groups.push_back(*id);
  }
  proc.cred.groups = std::move(groups);
}

// The namespace kind a setns fd refers to, from its ref ("net:[4026531840]",
// "/proc/1/ns/net"), and the inode when the ref shows it.
std::optional<NsKind> ns_kind_of_ref(std::string_view ref, std::optional<uint64_t>& inode) {
  for (size_t k = 0; k < kNsKindCount; ++k) {
    const auto kind = static_cast<NsKind>(k);
    const std::string_view name = ns_kind_name(kind);
    if (ref.starts_with(name) && ref.substr(name.size()).starts_with(":[")) {
      const std::string_view num = ref.substr(name.size() + 2);
      if (const size_t close = num.find(']'); close != std::string_view::npos) {
        if (const auto v = parse_whole<uint64_t>(num.substr(0, close))) inode = *v;
      }
      return kind;
    }
    if (ref.find("/ns/") != std::string_view::npos && ref.ends_with(std::string("/") + std::string(name))) {
      return kind;
    }
  }
  return std::nullopt;
}

void apply_setns(const SyscallEvent& ev, ProcessEntry& proc, EventNotes& notes) {
  const auto fd = arg_fd(find_arg(ev, "fd", 0));
  uint64_t kinds = ns_flags(find_arg(ev, "nstype", 1));
  std::optional<uint64_t> inode;
  const FdEntry* e = fd ? proc.fds->find(*fd) : nullptr;
  if (e != nullptr) {
    if (const auto kind = ns_kind_of_ref(e->ref, inode)) {
      kinds = ns_clone_flag(*kind);  // an ns fd names exactly one kind
    }
  }
  if (kinds != 0 && (kinds & (kinds - 1)) != 0) inode.reset();  // a pidfd: several kinds
  enter_namespaces(proc, kinds, notes, inode);
}

uint32_t id_or_unchanged(const SyscallEvent& ev, std::string_view name, size_t index) {
  return arg_id(find_arg(ev, name, index)).value_or(kUnchangedId);
}

}  // namespace

void apply_process_effect(const SyscallRule& rule, const SyscallEvent& ev, ProcessEntry& proc,
                          ProcessTable& procs, EventNotes& notes) {
  // setfsuid/setfsgid report the old id, never an error: the kernel's rule decides.
  const bool fs_id = rule.effect == Effect::SetFsUid || rule.effect == Effect::SetFsGid;
  if (fs_id ? !ev.has_ret : !succeeded(ev)) return;
  const Credentials before = proc.cred;
  switch (rule.effect) {
    case Effect::Fork:
      if (ev.ret > 0) fork_process(ev, proc, procs, notes);
      return;
    case Effect::Exec:
      exec_program(ev, proc, notes);
      return;
    case Effect::Chdir: {
      const Arg* path = find_arg(ev, "path", 0);
      if (path == nullptr || path->kind != ArgKind::Str) {
        change_cwd(proc, std::nullopt);
        return;
      }
      if (path->text.starts_with('/') || proc.fs->cwd) {
        change_cwd(proc, resolve_path(proc.fs->cwd.value_or(""), path->text));
      } else {
        change_cwd(proc, std::nullopt);
      }
      return;
    }
    case Effect::Fchdir: {
      const auto fd = arg_fd(find_arg(ev, "fd", 0));
      FdEntry* e = fd ? proc.fds->find(*fd) : nullptr;
      if (e != nullptr) e->cls = ResourceClass::Directory;
      if (e != nullptr && e->ref.starts_with('/')) {
        change_cwd(proc, e->ref);
      } else {
        change_cwd(proc, std::nullopt);
      }
      return;
    }
    case Effect::SetUid:
      if (const auto id = arg_id(find_arg(ev, "uid", 0))) apply_setuid(proc.cred, *id);
      break;
    case Effect::SetReUid:
      apply_setreuid(proc.cred, id_or_unchanged(ev, "ruid", 0), id_or_unchanged(ev, "euid", 1));
      break;
    case Effect::SetResUid:
      apply_setresuid(proc.cred, id_or_unchanged(ev, "ruid", 0), id_or_unchanged(ev, "euid", 1),
                      id_or_unchanged(ev, "suid", 2));
      break;
    case Effect::SetFsUid:
      apply_setfsuid(proc.cred, id_or_unchanged(ev, "fsuid", 0));
      break;
    case Effect::SetGid:
      if (const auto id = arg_id(find_arg(ev, "gid", 0))) apply_setgid(proc.cred, *id);
      break;
    case Effect::SetReGid:
      apply_setregid(proc.cred, id_or_unchanged(ev, "rgid", 0), id_or_unchanged(ev, "egid", 1));
      break;
    case Effect::SetResGid:
      apply_setresgid(proc.cred, id_or_unchanged(ev, "rgid", 0), id_or_unchanged(ev, "egid", 1),
                      id_or_unchanged(ev, "sgid", 2));
      break;
    case Effect::SetFsGid:
      apply_setfsgid(proc.cred, id_or_unchanged(ev, "fsgid", 0));
      break;
    case Effect::SetGroups:
      apply_setgroups(ev, proc);
      break;
    case Effect::Capset:
      apply_capset(ev, proc);
      break;
    case Effect::Prctl: {
      const Arg* option = find_arg(ev, "option", 0);
      const auto value = arg_int(find_arg(ev, "arg2", 1));
      if (!value) return;
      if (is_value(option, PR_SET_NO_NEW_PRIVS)) {
        proc.setid_on_exec = false;  // only arg2 == 1 succeeds, and it cannot be undone
      } else if (is_value(option, PR_SET_KEEPCAPS)) {
        if (*value != 0) {
          proc.cred.securebits |= kSecbitKeepCaps;
        } else {
          proc.cred.securebits &= ~kSecbitKeepCaps;
        }
      } else if (is_value(option, PR_SET_SECUREBITS)) {
        proc.cred.securebits = static_cast<uint32_t>(*value);
      }
      return;
    }
    case Effect::Unshare: {
      const Arg* flags = find_arg(ev, "flags", 0);
      if (has_flag(flags, CLONE_FILES)) {
        proc.fds = std::make_shared<FdTable>(*proc.fds);
      }
      if (has_flag(flags, CLONE_FS)) proc.fs = std::make_shared<FsContext>(*proc.fs);
      enter_namespaces(proc, ns_flags(flags), notes);
      return;
    }
    case Effect::Setns:
      apply_setns(ev, proc, notes);
      return;
    default:
      return;
  }
  note_cred_changes(before, proc.cred, notes);
}

}  // namespace capsule
