#include "store/stream_rows.h"

#include <fmt/core.h>

#include "store/json_view.h"

namespace capsule::store {
namespace {

void parse_record(JsonObject& into, std::string_view line, std::string_view stream) {
  try {
    into.parse(line);
  } catch (const JsonError& e) {
    throw StreamError(fmt::format("{}: a line is not a JSON record ({})", stream, e.what()));
  }
}

// The value at key as the row wants it; absent or of another type: NULL.
CopyRows& text_of(CopyRows& r, const JsonObject& j, std::string_view key, std::string& scratch) {
  const JsonValue* v = j.find(key);
  return v != nullptr && v->kind == JsonKind::String ? r.text(v->string(scratch)) : r.null();
}
CopyRows& number_of(CopyRows& r, const JsonObject& j, std::string_view key) {
  const JsonValue* v = j.find(key);
  const std::optional<int64_t> n = v != nullptr ? v->integer() : std::nullopt;
  return n ? r.number(*n) : r.null();
}
// A value stored as JSON (a json or jsonb column): its text as the line has it.
CopyRows& json_of(CopyRows& r, const JsonObject& j, std::string_view key) {
  const JsonValue* v = j.find(key);
  return v != nullptr && v->kind != JsonKind::Null ? r.text(v->raw) : r.null();
}

std::string_view ts_of(const JsonObject& j, std::string_view stream, std::string& scratch,
                       std::string_view key = "ts") {
  const JsonValue* v = j.find(key);
  if (v == nullptr || v->kind != JsonKind::String) throw StreamError(fmt::format("{}: a record without {}", stream, key));
  return v->string(scratch);
}

// The first string `key` among the objects of the array j[list], written into out.
bool first_of(const JsonObject& j, std::string_view list, std::string_view key, JsonObject& element,
              std::string& out) {
  const JsonValue* arr = j.find(list);
  if (arr == nullptr) return false;
  bool found = false;
  for_each_element(*arr, [&](const JsonValue& e) {
    if (found || e.kind != JsonKind::Object) return;
    element.parse(e.raw);
    const JsonValue* v = element.find(key);
    if (v == nullptr || v->kind != JsonKind::String) return;
    std::string scratch;
    out = v->string(scratch);
    found = true;
  });
  return found;
}

// Adds the day of ts to days unless it is the day added last (a batch's events are mostly on one).
void add_day(std::set<std::string>& days, std::string& last, std::string_view ts) {
  if (ts.size() >= 10 && !last.empty() && ts.substr(0, 10) == last) return;
  last = day_of(ts);
  days.insert(last);
}

}  // namespace

std::string day_of(std::string_view ts) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i) {
      if (ts[i] < '0' || ts[i] > '9') return false;
    }
    return true;
  };
  if (ts.size() < 10 || !digits(0, 4) || ts[4] != '-' || !digits(5, 2) || ts[7] != '-' || !digits(8, 2)) {
    throw StreamError(fmt::format("not a timestamp: '{}'", ts.substr(0, 40)));
  }
  return std::string(ts.substr(0, 10));
}

void EventRows::add(const std::string& run_id, std::string_view event_line, std::string_view enriched_line) {
  JsonObject& e = scratch_.record;
  JsonObject& x = scratch_.enriched;
  std::string& buf = scratch_.text;
  parse_record(e, event_line, "events");
  if (!enriched_line.empty()) parse_record(x, enriched_line, "enriched");
  else x.parse("{}");
  const JsonValue* seq_value = e.find("seq");
  const std::optional<int64_t> seq = seq_value != nullptr ? seq_value->integer() : std::nullopt;
  if (!seq || *seq < 0) throw StreamError("events: a record without seq");
  if (!enriched_line.empty()) {
    const JsonValue* xseq = x.find("seq");
    if (xseq == nullptr || xseq->integer() != seq) {
      throw StreamError(fmt::format("enriched: record {} does not follow events", *seq));
    }
  }
  const std::string_view ts = ts_of(e, "events", scratch_.ts);
  JsonObject& ctx = scratch_.ctx;
  const JsonValue* ctx_value = x.find("ctx");
  ctx.parse(ctx_value != nullptr && ctx_value->kind == JsonKind::Object ? ctx_value->raw : "{}");
  const JsonValue* type_value = e.find("type");
  const std::string_view type =
      type_value == nullptr ? "syscall" : type_value->kind == JsonKind::String ? type_value->string(scratch_.type) : "";
  const bool syscall = type == "syscall";
  const JsonValue* denied_value = e.find("denied");
  const bool denied = denied_value != nullptr && denied_value->kind == JsonKind::True;
  add_day(event_days, scratch_.last_event_day, ts);

  events.text(run_id).number(*seq).text(ts);
  number_of(events, e, "pid");
  number_of(events, e, "tid");
  events.text(type);
  text_of(events, e, "syscall", buf);
  number_of(events, e, "ret");
  text_of(events, e, "errno", buf);
  events.boolean(denied);
  text_of(events, ctx, "exe", buf);
  // The path the call named (resolved as the enricher resolved it), else the path of its fd.
  std::string& found = scratch_.found;
  if (first_of(x, "resources", "path", scratch_.element, found) || first_of(x, "fds", "path", scratch_.element, found)) {
    events.text(found);
  } else {
    events.null();
  }
  first_of(x, "fds", "remote", scratch_.element, found) ? events.text(found) : events.null();
  number_of(events, e, "dur_us");
  if (syscall) {
    json_of(events, e, "args");
  } else {
    // A signal, exit or unparsed record: what it says beyond its identification.
    std::string& rest = scratch_.rest;
    rest = "{";
    for (const JsonObject::Member& m : e.members()) {
      if (m.key == "seq" || m.key == "ts" || m.key == "pid" || m.key == "tid" || m.key == "type") continue;
      if (rest.size() > 1) rest += ',';
      rest.append("\"").append(m.raw_key).append("\":").append(m.value.raw);
    }
    rest += '}';
    events.text(rest);
  }
  events.end_row();

  if (denied) {
    add_day(denial_days, scratch_.last_denial_day, ts);
    denials.text(run_id).number(*seq).text(ts);
    number_of(denials, e, "pid");
    text_of(denials, ctx, "exe", buf);
    text_of(denials, e, "syscall", buf);
    text_of(denials, e, "errno", buf);
    text_of(denials, e, "denied_by", buf);
    denials.end_row();
  }

  const JsonValue* full_value = x.find("ctx_full");
  const JsonValue* ctx_id_value = x.find("ctx_id");
  const std::optional<int64_t> ctx_id = ctx_id_value != nullptr ? ctx_id_value->integer() : std::nullopt;
  if (full_value != nullptr && full_value->kind == JsonKind::Object && ctx_id) {
    JsonObject& full = scratch_.element;
    full.parse(full_value->raw);
    processes.text(run_id).number(*ctx_id);
    number_of(processes, e, "pid");
    number_of(processes, full, "ppid");
    processes.number(*seq).text(ts);
    text_of(processes, full, "exe", buf);
    json_of(processes, full, "argv");
    number_of(processes, full, "uid");
    number_of(processes, full, "euid");
    processes.text(full_value->raw);
    processes.end_row();
  }
}

void EventRows::clear() {
  events.clear();
  denials.clear();
  processes.clear();
  event_days.clear();
  denial_days.clear();
  scratch_.last_event_day.clear();
  scratch_.last_denial_day.clear();
}

void ActionRows::add(const std::string& run_id, uint64_t line_number, std::string_view line) {
  JsonObject& a = scratch_.record;
  std::string& buf = scratch_.text;
  parse_record(a, line, "actions");
  const std::string_view start = ts_of(a, "actions", scratch_.ts, "start");
  add_day(days, scratch_.last_event_day, start);
  actions.text(run_id).number(static_cast<int64_t>(line_number));
  text_of(actions, a, "kind", buf);
  number_of(actions, a, "pid");
  text_of(actions, a, "exe", buf);
  text_of(actions, a, "target", buf);
  actions.text(start);
  text_of(actions, a, "end", buf);
  for (const char* k : {"events", "bytes", "failed", "first_seq", "last_seq"}) number_of(actions, a, k);
  actions.end_row();
}

void ActionRows::clear() {
  actions.clear();
  days.clear();
  scratch_.last_event_day.clear();
}

void FindingRows::add(const std::string& run_id, std::string_view line) {
  JsonObject& f = scratch_.record;
  std::string& buf = scratch_.text;
  parse_record(f, line, "risks");
  const std::string_view ts = ts_of(f, "risks", scratch_.ts);
  add_day(days, scratch_.last_event_day, ts);
  findings.text(run_id);
  number_of(findings, f, "finding");
  findings.text(ts);
  text_of(findings, f, "rule", buf);
  text_of(findings, f, "severity", buf);
  number_of(findings, f, "pid");
  text_of(findings, f, "exe", buf);
  json_of(findings, f, "argv");
  text_of(findings, f, "description", buf);
  std::string evidence = "{";
  if (const JsonValue* list = f.find("evidence")) {
    for_each_element(*list, [&evidence](const JsonValue& s) {
      const std::optional<int64_t> n = s.integer();
      if (!n) return;
      evidence += fmt::format("{}{}", evidence.size() > 1 ? "," : "", *n);
    });
  }
  findings.text(evidence + "}");
  findings.end_row();
}

void FindingRows::clear() {
  findings.clear();
  days.clear();
  scratch_.last_event_day.clear();
}

}  // namespace capsule::store
