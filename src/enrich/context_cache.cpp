#include "enrich/context_cache.h"

#include "enrich/process_table.h"
#include "log/render/json_text.h"

namespace capsule {
namespace {

using json::append_key;

// The keys of the context, in the order the record writes them; `key` writes the separator.
void append_full_context(const ProcessEntry& p, std::string& out) {
  out.push_back('{');
  const size_t start = out.size();
  const auto key = [&](std::string_view k) { append_key(out, k, out.size() == start); };
  if (p.exe) { key("exe"); json::append_string(out, *p.exe); }
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

// The small identity every record repeats, so that a reader (or `capsule tail`) sees who did
// it without looking the id up. exe, ppid, uid and euid are also in ctx_full; the cwd is only
// here, so that chdir does not make a new context.
void append_inline_context(const ProcessEntry& p, uint64_t id, std::string& out) {
  if (id != 0) {
    append_key(out, "ctx_id");
    json::append_uint(out, id);
  }
  append_key(out, "ctx");
  out.push_back('{');
  const size_t start = out.size();
  const auto key = [&](std::string_view k) { append_key(out, k, out.size() == start); };
  if (p.exe) { key("exe"); json::append_string(out, *p.exe); }
  if (p.fs->cwd) { key("cwd"); json::append_string(out, *p.fs->cwd); }
  if (p.ppid) { key("ppid"); json::append_int(out, *p.ppid); }
  if (p.cred.uid) { key("uid"); json::append_uint(out, *p.cred.uid); }
  if (p.cred.euid) { key("euid"); json::append_uint(out, *p.cred.euid); }
  out.push_back('}');
}

}  // namespace

bool refresh_rendered_context(ProcessEntry& proc, uint64_t& last_ctx_id) {
  RenderedContext& r = proc.rendered;
  bool new_id = false;
  bool redo_inline = false;
  if (r.stale) {
    r.stale = false;
    std::string full;
    append_full_context(proc, full);
    // Most calls with a process effect change nothing shown (a failed setuid, prctl, chdir):
    // the same text keeps its id. `full` starts empty, so a new entry always gets here.
    if (full != r.full) {
      r.full = std::move(full);
      r.id = r.full == "{}" ? 0 : ++last_ctx_id;
      new_id = r.id != 0;
      redo_inline = true;
    }
  }
  if (redo_inline || proc.fs->cwd != r.cwd_shown) {
    r.cwd_shown = proc.fs->cwd;
    r.inline_part.clear();
    append_inline_context(proc, r.id, r.inline_part);
  }
  return new_id;
}

void append_uncached_context(const ProcessEntry& proc, std::string& out) {
  append_inline_context(proc, 0, out);
  append_key(out, "ctx_full");
  append_full_context(proc, out);
}

}  // namespace capsule
