// enriched.jsonl: each event's identification (the same keys as events.jsonl, to join on seq)
// followed by the process context at that moment (compact: context_cache.h), what its fds and
// paths were, and the identity change it caused. Keys: docs/ENRICHED.md.
#include <algorithm>

#include "decode/names.h"
#include "enrich/enricher_state.h"
#include "log/json_text.h"

namespace capsule {
namespace {

using json::append_key;

// Keys are appended with their punctuation as one literal: this runs for every event.
void append_identification(const SyscallEvent& ev, IsoTimeCache& time, std::string& out) {
  out.append("{\"seq\":");
  json::append_uint(out, ev.seq);
  out.append(",\"ts\":\"");
  time.append(ev.ts_us, out);
  out.append("\",\"pid\":");
  json::append_int(out, ev.pid);
  out.append(",\"tid\":");
  json::append_int(out, ev.tid);
  switch (ev.type) {
    case EventType::Syscall:
      out.append(",\"syscall\":");
      json::append_string(out, ev.name);
      out.append(",\"ret\":");
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

void append_fds(const SyscallEvent& ev, const EventNotes& notes, std::string& out) {
  const size_t n = std::min(notes.n_fds, ev.fd_refs.size());
  if (n == 0) return;
  out.append(",\"fds\":[");
  for (size_t i = 0; i < n; ++i) {
    const FdRef& r = ev.fd_refs[i];
    const FdNote& note = notes.fds[i];
    out.append(i > 0 ? ",{\"fd\":" : "{\"fd\":");
    json::append_int(out, r.fd);
    out.append(",\"kind\":\"");
    out.append(resource_class_name(note.cls));  // plain ASCII: no escaping needed
    out.append(r.ref.starts_with('/') ? "\",\"path\":" : "\",\"ref\":");
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
  out.append(",\"resources\":[");
  bool first = true;
  const auto open_item = [&](std::string_view key) {
    if (!first) out.push_back(',');
    first = false;
    out.append(key);
  };
  const auto close_item = [&](ResourceClass cls) {
    out.append(",\"class\":\"");
    out.append(resource_class_name(cls));
    out.append("\"}");
  };
  for (size_t i = 0; i < n_fds; ++i) {
    open_item("{\"fd\":");
    json::append_int(out, ev.fd_refs[i].fd);
    close_item(notes.fds[i].cls);
  }
  for (size_t i = 0; i < notes.n_paths; ++i) {
    open_item("{\"path\":");
    json::append_string(out, notes.paths[i].path);
    close_item(notes.paths[i].cls);
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
  append_identification(ev, s.iso_time, out);
  const EventNotes& notes = s.notes;
  // The notes belong to the last event processed; seq is not compared because the pipeline may
  // number events after enriching them.
  const bool notes_match = notes.valid && notes.pid == ev.pid && notes.tid == ev.tid &&
                           notes.ts_us == ev.ts_us && notes.fds_in_event == ev.fd_refs.size();
  const ProcessEntry* p = s.find(ev.pid);
  // process(ev) refreshed the cache just now; otherwise it is only usable if still current.
  const bool cache_current =
      p != nullptr && (notes_match || (!p->rendered.stale && p->fs->cwd == p->rendered.cwd_shown));
  if (cache_current) {
    out.append(p->rendered.inline_part);
    // Without matching notes it is unknown whether the id was shown yet: defining it again is
    // harmless (the same id always has the same ctx_full), leaving it undefined is not.
    if (p->rendered.id != 0 && (notes.ctx_full_due || !notes_match)) {
      append_key(out, "ctx_full");
      out.append(p->rendered.full);
    }
  } else if (p != nullptr) {
    append_uncached_context(*p, out);  // its event was not process()ed: slow, but complete
  } else {
    out.append(",\"ctx\":{}");  // a pid never seen: nothing known
  }
  if (notes_match) {
    append_fds(ev, notes, out);
    append_resources(ev, notes, out);
    append_privilege(notes, out);
  }
  out.push_back('}');
}

}  // namespace capsule
