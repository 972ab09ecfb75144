// enriched.jsonl: each event's identification (the same keys as events.jsonl, to join on seq)
// followed by the process context at that moment (compact: context_cache.h), what its fds and
// paths were, and the identity change it caused. Keys: docs/ENRICHED.md.
#include <algorithm>

#include "decode/names.h"
#include "enrich/enricher_state.h"
#include "log/render/record_writer.h"
#include "log/render/json_text.h"

namespace capsule {
namespace {

using json::append_key;

// Keys are written with their punctuation as one literal: this runs for every event. `plan` (the
// event's, when known) has the syscall's name from the tables, which needs no escaping.
void append_identification(const SyscallEvent& ev, const SyscallPlan* plan, IsoTimeCache& time,
                           ThreadIdText& ids, RecordWriter& w) {
  w.text("{\"seq\":");
  w.unum(ev.seq);
  w.text(",\"ts\":\"");
  uint32_t micros = 0;
  w.text(time.prefix(ev.ts_us, micros));
  w.digits(micros, 6);
  w.text("Z\"");
  if (!ids.valid || ids.pid != ev.pid || ids.tid != ev.tid) {
    ids.text.assign(",\"pid\":");
    json::append_int(ids.text, ev.pid);
    ids.text.append(",\"tid\":");
    json::append_int(ids.text, ev.tid);
    ids.pid = ev.pid;
    ids.tid = ev.tid;
    ids.valid = true;
  }
  w.text(ids.text);
  switch (ev.type) {
    case EventType::Syscall:
      if (plan != nullptr && !plan->name.empty()) {
        // A name from the syscall tables: letters, digits and '_', nothing to escape.
        w.text(",\"syscall\":\"");
        w.text(plan->name);
        w.text("\",\"ret\":");
      } else {
        w.text(",\"syscall\":");
        w.string(ev.name);
        w.text(",\"ret\":");
      }
      if (ev.has_ret) w.num(ev.ret); else w.text("null");
      if (ev.err != 0) {
        w.text(",\"errno\":");
        w.string(errno_name(ev.err));
      }
      break;
    case EventType::Signal:
      w.text(",\"type\":\"signal\"");
      break;
    case EventType::Exit:
      w.text(",\"type\":\"exit\"");
      break;
    case EventType::Unparsed:
      w.text(",\"type\":\"unparsed\"");
      break;
  }
}

void append_fds(const SyscallEvent& ev, const EventNotes& notes, RecordWriter& w) {
  const size_t n = std::min(notes.n_fds, ev.fd_refs.size());
  if (n == 0) return;
  w.text(",\"fds\":[");
  for (size_t i = 0; i < n; ++i) {
    const FdRef& r = ev.fd_refs[i];
    const FdNote& note = notes.fds[i];
    w.text(i > 0 ? ",{\"fd\":" : "{\"fd\":");
    w.num(r.fd);
    w.text(",\"kind\":\"");
    w.text(resource_class_name(note.cls));  // plain ASCII: no escaping needed
    w.text(r.ref.starts_with('/') ? "\",\"path\":" : "\",\"ref\":");
    w.string(r.ref);
    if (!note.proto.empty()) { w.text(",\"proto\":"); w.string(note.proto); }
    if (!note.local.empty()) { w.text(",\"local\":"); w.string(note.local); }
    if (!note.remote.empty()) { w.text(",\"remote\":"); w.string(note.remote); }
    w.ch('}');
  }
  w.ch(']');
}

void append_resources(const SyscallEvent& ev, const EventNotes& notes, RecordWriter& w) {
  const size_t n_fds = std::min(notes.n_fds, ev.fd_refs.size());
  if (n_fds == 0 && notes.n_paths == 0) return;
  w.text(",\"resources\":[");
  bool first = true;
  const auto open_item = [&](std::string_view key) {
    if (!first) w.ch(',');
    first = false;
    w.text(key);
  };
  const auto close_item = [&](ResourceClass cls) {
    w.text(",\"class\":\"");
    w.text(resource_class_name(cls));
    w.text("\"}");
  };
  for (size_t i = 0; i < n_fds; ++i) {
    open_item("{\"fd\":");
    w.num(ev.fd_refs[i].fd);
    close_item(notes.fds[i].cls);
  }
  for (size_t i = 0; i < notes.n_paths; ++i) {
    open_item("{\"path\":");
    w.string(notes.paths[i].path);
    close_item(notes.paths[i].cls);
  }
  w.ch(']');
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
  RecordWriter w(out);
  const EventNotes& notes = s.notes;
  // The notes belong to the last event processed; seq is not compared because the pipeline may
  // number events after enriching them.
  const bool notes_match = notes.valid && notes.pid == ev.pid && notes.tid == ev.tid &&
                           notes.ts_us == ev.ts_us && notes.fds_in_event == ev.fd_refs.size();
  const SyscallPlan* plan =
      notes_match && notes.plan != nullptr && notes.plan->name == ev.name ? notes.plan : nullptr;
  append_identification(ev, plan, s.iso_time, s.thread_id, w);
  const ProcessEntry* p = s.find(ev.pid);
  // process(ev) refreshed the cache just now; otherwise it is only usable if still current.
  const bool cache_current =
      p != nullptr && (notes_match || (!p->rendered.stale && p->fs->cwd == p->rendered.cwd_shown));
  if (cache_current) {
    w.text(p->rendered.inline_part);
    // Without matching notes it is unknown whether the id was shown yet: defining it again is
    // harmless (the same id always has the same ctx_full), leaving it undefined is not.
    if (p->rendered.id != 0 && (notes.ctx_full_due || !notes_match)) {
      w.text(",\"ctx_full\":");
      w.text(p->rendered.full);
    }
  } else if (p != nullptr) {
    append_uncached_context(*p, w.flushed());  // its event was not process()ed: slow, but complete
  } else {
    w.text(",\"ctx\":{}");  // a pid never seen: nothing known
  }
  if (notes_match) {
    append_fds(ev, notes, w);
    if (!notes.host.empty()) {
      w.text(",\"host\":");
      w.string(notes.host);
    }
    append_resources(ev, notes, w);
    append_privilege(notes, w.flushed());
  }
  w.ch('}');
}

}  // namespace capsule
