// enriched.jsonl: each event's identification (the same keys as events.jsonl, to join on seq)
// followed by the process context at that moment, what its fds and paths were, and the identity
// change it caused. Keys: docs/ENRICHED.md.
#include <algorithm>

#include "decode/names.h"
#include "enrich/enricher_state.h"
#include "log/event_render.h"
#include "log/json_text.h"

namespace capsule {
namespace {

using json::append_key;

void append_identification(const SyscallEvent& ev, std::string& out) {
  out.append("{\"seq\":");
  json::append_uint(out, ev.seq);
  append_key(out, "ts");
  out.push_back('"');
  append_iso_time(ev.ts_us, out);
  out.push_back('"');
  append_key(out, "pid");
  json::append_int(out, ev.pid);
  append_key(out, "tid");
  json::append_int(out, ev.tid);
  switch (ev.type) {
    case EventType::Syscall:
      append_key(out, "syscall");
      json::append_string(out, ev.name);
      append_key(out, "ret");
      if (ev.has_ret) json::append_int(out, ev.ret); else out.append("null");
      if (ev.err != 0) {
        append_key(out, "errno");
        json::append_string(out, errno_name(ev.err));
      }
      break;
    case EventType::Signal:
      out.append(",\"type\":\"signal\"");
      break;
    case EventType::Exit:
      out.append(",\"type\":\"exit\"");
      break;
  }
}

void append_ctx(const ProcessEntry& p, std::string& out) {
  append_key(out, "ctx");
  out.push_back('{');
  const size_t start = out.size();
  const auto key = [&](std::string_view k) { append_key(out, k, out.size() == start); };
  if (p.exe) { key("exe"); json::append_string(out, *p.exe); }
  if (p.fs->cwd) { key("cwd"); json::append_string(out, *p.fs->cwd); }
  if (p.argv) {
    key("argv");
    out.push_back('[');
    for (size_t i = 0; i < p.argv->size(); ++i) {
      if (i > 0) out.push_back(',');
      json::append_string(out, (*p.argv)[i]);
    }
    out.push_back(']');
  }
  if (p.ppid) { key("ppid"); json::append_int(out, *p.ppid); }
  const Credentials& c = p.cred;
  const auto id = [&](std::string_view k, const std::optional<uint32_t>& v) {
    if (!v) return;
    key(k);
    json::append_uint(out, *v);
  };
  id("uid", c.uid); id("euid", c.euid); id("suid", c.suid); id("fsuid", c.fsuid);
  id("gid", c.gid); id("egid", c.egid); id("sgid", c.sgid); id("fsgid", c.fsgid);
  if (c.groups) { key("groups"); append_groups_json(c, out); }
  if (c.cap_eff || c.cap_prm || c.cap_bnd) { key("caps"); append_caps_json(c, out); }
  bool any_ns = false;
  for (const auto& n : p.ns) any_ns = any_ns || n.has_value();
  if (any_ns) {
    key("ns");
    out.push_back('{');
    bool first = true;
    for (size_t k = 0; k < kNsKindCount; ++k) {
      if (!p.ns[k]) continue;
      append_key(out, ns_kind_name(static_cast<NsKind>(k)), first);
      json::append_uint(out, *p.ns[k]);
      first = false;
    }
    out.push_back('}');
  }
  if (p.cgroup) { key("cgroup"); json::append_string(out, *p.cgroup); }
  if (p.container_id) { key("container_id"); json::append_string(out, *p.container_id); }
  out.push_back('}');
}

void append_fds(const SyscallEvent& ev, const EventNotes& notes, std::string& out) {
  const size_t n = std::min(notes.n_fds, ev.fd_refs.size());
  if (n == 0) return;
  append_key(out, "fds");
  out.push_back('[');
  for (size_t i = 0; i < n; ++i) {
    const FdRef& r = ev.fd_refs[i];
    const FdNote& note = notes.fds[i];
    if (i > 0) out.push_back(',');
    out.append("{\"fd\":");
    json::append_int(out, r.fd);
    append_key(out, "kind");
    json::append_string(out, resource_class_name(note.cls));
    append_key(out, r.ref.starts_with('/') ? "path" : "ref");
    json::append_string(out, r.ref);
    if (!note.proto.empty()) { append_key(out, "proto"); json::append_string(out, note.proto); }
    if (!note.local.empty()) { append_key(out, "local"); json::append_string(out, note.local); }
    if (!note.remote.empty()) { append_key(out, "remote"); json::append_string(out, note.remote); }
    out.push_back('}');
  }
  out.push_back(']');
}

void append_resources(const SyscallEvent& ev, const EventNotes& notes, std::string& out) {
  const size_t n_fds = std::min(notes.n_fds, ev.fd_refs.size());
  if (n_fds == 0 && notes.n_paths == 0) return;
  append_key(out, "resources");
  out.push_back('[');
  bool first = true;
  for (size_t i = 0; i < n_fds; ++i) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"fd\":");
    json::append_int(out, ev.fd_refs[i].fd);
    append_key(out, "class");
    json::append_string(out, resource_class_name(notes.fds[i].cls));
    out.push_back('}');
  }
  for (size_t i = 0; i < notes.n_paths; ++i) {
    if (!first) out.push_back(',');
    first = false;
    out.append("{\"path\":");
    json::append_string(out, notes.paths[i].path);
    append_key(out, "class");
    json::append_string(out, resource_class_name(notes.paths[i].cls));
    out.push_back('}');
  }
  out.push_back(']');
}

void append_privilege(const EventNotes& notes, std::string& out) {
  if (notes.privilege.empty()) return;
  append_key(out, "privilege");
  out.push_back('[');
  for (size_t i = 0; i < notes.privilege.size(); ++i) {
    const PrivilegeChange& c = notes.privilege[i];
    if (i > 0) out.push_back(',');
    out.append("{\"what\":");
    json::append_string(out, c.what);
    out.append(",\"before\":");
    out.append(c.before);
    out.append(",\"after\":");
    out.append(c.after);
    out.push_back('}');
  }
  out.push_back(']');
}

}  // namespace

void Enricher::append_enriched_json(const SyscallEvent& ev, std::string& out) const {
  const State& s = *state_;
  append_identification(ev, out);
  if (const ProcessEntry* p = s.procs.find(ev.pid)) append_ctx(*p, out);
  const EventNotes& notes = s.notes;
  if (notes.valid && notes.seq == ev.seq && notes.pid == ev.pid && notes.tid == ev.tid) {
    append_fds(ev, notes, out);
    append_resources(ev, notes, out);
    append_privilege(notes, out);
  }
  out.push_back('}');
}

}  // namespace capsule
