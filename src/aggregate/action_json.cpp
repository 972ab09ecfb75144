#include "aggregate/action_json.h"

#include "decode/names.h"
#include "log/render/event_render.h"
#include "log/render/json_text.h"

namespace capsule {

void append_action_json(const Action& a, std::string& out) {
  out.append("{\"kind\":\"");
  out.append(action_kind_name(a.kind));
  out.push_back('"');
  json::append_key(out, "events");
  json::append_uint(out, a.events);
  json::append_key(out, "pid");
  json::append_int(out, a.pid);
  json::append_key(out, "exe");
  json::append_string(out, a.exe);
  json::append_key(out, "target");
  json::append_string(out, a.target);
  if (!a.host.empty()) {
    json::append_key(out, "host");
    json::append_string(out, a.host);
  }
  if (!a.argv.empty()) {
    json::append_key(out, "argv");
    out.push_back('[');
    for (size_t i = 0; i < a.argv.size(); ++i) {
      if (i > 0) out.push_back(',');
      json::append_string(out, a.argv[i]);
    }
    out.push_back(']');
  }
  json::append_key(out, "start");
  out.push_back('"');
  append_iso_time(a.start_us, out);
  out.push_back('"');
  json::append_key(out, "end");
  out.push_back('"');
  append_iso_time(a.end_us, out);
  out.push_back('"');
  if (moves_bytes(a.kind)) {
    json::append_key(out, "bytes");
    json::append_uint(out, a.bytes);
  }
  json::append_key(out, "failed");
  json::append_uint(out, a.failed);
  if (!a.errors.empty()) {
    json::append_key(out, "errors");
    out.push_back('{');
    bool first = true;
    for (const auto& [err, count] : a.errors) {
      if (!first) out.push_back(',');
      first = false;
      out.push_back('"');
      out.append(errno_name(err));
      out.append("\":");
      json::append_uint(out, count);
    }
    out.push_back('}');
  }
  json::append_key(out, "first_seq");
  json::append_uint(out, a.first_seq);
  json::append_key(out, "last_seq");
  json::append_uint(out, a.last_seq);
  if (!a.contiguous()) {
    json::append_key(out, "seqs");
    out.push_back('[');
    for (size_t i = 0; i < a.seqs.size(); ++i) {
      if (i > 0) out.push_back(',');
      json::append_uint(out, a.seqs[i]);
    }
    out.push_back(']');
  }
  out.push_back('}');
}

}  // namespace capsule
