#include "store/stream_rows.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

namespace capsule::store {
namespace {

using nlohmann::json;

json parse_record(std::string_view line, std::string_view stream) {
  json j = json::parse(line, nullptr, false);
  if (!j.is_object()) throw StreamError(fmt::format("{}: a line is not a JSON record", stream));
  return j;
}

// The value at key as the row wants it; absent or of another type: NULL.
CopyRows& text_of(CopyRows& r, const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? r.text(it->get_ref<const std::string&>()) : r.null();
}
CopyRows& number_of(CopyRows& r, const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? r.number(it->get<int64_t>()) : r.null();
}
CopyRows& json_of(CopyRows& r, const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && !it->is_null() ? r.text(it->dump()) : r.null();
}

const std::string& ts_of(const json& j, std::string_view stream, const char* key = "ts") {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) throw StreamError(fmt::format("{}: a record without {}", stream, key));
  return it->get_ref<const std::string&>();
}

// The first value of `key` among the objects of the array j[list].
const std::string* first_of(const json& j, const char* list, const char* key) {
  const auto arr = j.find(list);
  if (arr == j.end() || !arr->is_array()) return nullptr;
  for (const json& e : *arr) {
    const auto it = e.is_object() ? e.find(key) : e.end();
    if (it != e.end() && it->is_string()) return &it->get_ref<const std::string&>();
  }
  return nullptr;
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
  const json e = parse_record(event_line, "events");
  const json x = enriched_line.empty() ? json::object() : parse_record(enriched_line, "enriched");
  const auto seq = e.find("seq");
  if (seq == e.end() || !seq->is_number_unsigned()) throw StreamError("events: a record without seq");
  if (!enriched_line.empty() && x.value("seq", json()) != *seq) {
    throw StreamError(fmt::format("enriched: record {} does not follow events", seq->get<uint64_t>()));
  }
  const std::string& ts = ts_of(e, "events");
  const json ctx = x.value("ctx", json::object());
  const std::string type = e.value("type", std::string("syscall"));
  const bool denied = e.value("denied", false);
  event_days.insert(day_of(ts));

  events.text(run_id).number(seq->get<int64_t>()).text(ts);
  number_of(events, e, "pid");
  number_of(events, e, "tid");
  events.text(type);
  text_of(events, e, "syscall");
  number_of(events, e, "ret");
  text_of(events, e, "errno");
  events.boolean(denied);
  text_of(events, ctx, "exe");
  // The path the call named (resolved as the enricher resolved it), else the path of its fd.
  const std::string* path = first_of(x, "resources", "path");
  if (path == nullptr) path = first_of(x, "fds", "path");
  path ? events.text(*path) : events.null();
  const std::string* peer = first_of(x, "fds", "remote");
  peer ? events.text(*peer) : events.null();
  number_of(events, e, "dur_us");
  if (type == "syscall") {
    json_of(events, e, "args");
  } else {
    // A signal, exit or unparsed record: what it says beyond its identification.
    json rest = e;
    for (const char* k : {"seq", "ts", "pid", "tid", "type"}) rest.erase(k);
    events.text(rest.dump());
  }
  events.end_row();

  if (denied) {
    denial_days.insert(day_of(ts));
    denials.text(run_id).number(seq->get<int64_t>()).text(ts);
    number_of(denials, e, "pid");
    text_of(denials, ctx, "exe");
    text_of(denials, e, "syscall");
    text_of(denials, e, "errno");
    text_of(denials, e, "denied_by");
    denials.end_row();
  }

  const auto full = x.find("ctx_full");
  const auto ctx_id = x.find("ctx_id");
  if (full != x.end() && full->is_object() && ctx_id != x.end() && ctx_id->is_number_integer()) {
    processes.text(run_id).number(ctx_id->get<int64_t>());
    number_of(processes, e, "pid");
    number_of(processes, *full, "ppid");
    processes.number(seq->get<int64_t>()).text(ts);
    text_of(processes, *full, "exe");
    json_of(processes, *full, "argv");
    number_of(processes, *full, "uid");
    number_of(processes, *full, "euid");
    processes.text(full->dump());
    processes.end_row();
  }
}

void EventRows::clear() {
  events.clear();
  denials.clear();
  processes.clear();
  event_days.clear();
  denial_days.clear();
}

void ActionRows::add(const std::string& run_id, uint64_t line_number, std::string_view line) {
  const json a = parse_record(line, "actions");
  const std::string& start = ts_of(a, "actions", "start");
  days.insert(day_of(start));
  actions.text(run_id).number(static_cast<int64_t>(line_number));
  text_of(actions, a, "kind");
  number_of(actions, a, "pid");
  text_of(actions, a, "exe");
  text_of(actions, a, "target");
  actions.text(start);
  text_of(actions, a, "end");
  for (const char* k : {"events", "bytes", "failed", "first_seq", "last_seq"}) number_of(actions, a, k);
  actions.end_row();
}

void ActionRows::clear() {
  actions.clear();
  days.clear();
}

void FindingRows::add(const std::string& run_id, std::string_view line) {
  const json f = parse_record(line, "risks");
  const std::string& ts = ts_of(f, "risks");
  days.insert(day_of(ts));
  findings.text(run_id);
  number_of(findings, f, "finding");
  findings.text(ts);
  text_of(findings, f, "rule");
  text_of(findings, f, "severity");
  number_of(findings, f, "pid");
  text_of(findings, f, "exe");
  json_of(findings, f, "argv");
  text_of(findings, f, "description");
  std::string evidence = "{";
  for (const json& s : f.value("evidence", json::array())) {
    if (!s.is_number_integer()) continue;
    evidence += fmt::format("{}{}", evidence.size() > 1 ? "," : "", s.get<int64_t>());
  }
  findings.text(evidence + "}");
  findings.end_row();
}

void FindingRows::clear() {
  findings.clear();
  days.clear();
}

}  // namespace capsule::store
