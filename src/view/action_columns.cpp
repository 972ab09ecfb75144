// Columns of actions.jsonl (src/aggregate/action_json.cpp: kind, events, pid, exe, target, start,
// end, bytes, failed, errors…), risks.jsonl and any stream not known yet. The stages writing these
// are young, so every key is looked up under the names it is likely to have, and a missing key
// is a blank column rather than an error.
#include "view/record_columns.h"
#include "base/ascii_text.h"

namespace capsule::view {
namespace {

using Json = nlohmann::json;
using columns::text_of;

std::string first_text(const Json& record, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (std::string t = text_of(record, key); !t.empty()) return t;
  }
  return {};
}

const Json* first_member(const Json& record, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const auto it = record.find(key);
    if (it != record.end() && !it->is_null()) return &*it;
  }
  return nullptr;
}

// "failed": true, a count above zero, or a non-empty list of failures.
bool truthy(const Json* v) {
  if (v == nullptr) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_number()) return v->get<double>() != 0;
  if (v->is_array() || v->is_object() || v->is_string()) return !v->empty() && *v != "";
  return false;
}

std::string count_text(const Json* v) {
  if (v == nullptr) return {};
  if (v->is_array()) return std::to_string(v->size());
  return v->is_string() ? v->get<std::string>() : v->dump();
}

// The aggregator's "Privilege" and "Namespace" kinds, and what other writers may call them.
bool mentions_privilege(const std::string& kind) {
  const std::string k = ascii_lower(kind);
  for (const char* word : {"priv", "namespace", "identity", "setuid", "setgid", "capab", "credential"}) {
    if (k.find(word) != std::string::npos) return true;
  }
  return false;
}

// "ENOENT, EACCES" from the aggregator's {"ENOENT":2,"EACCES":1}.
std::string error_names(const Json* errors) {
  std::string out;
  if (errors == nullptr || !errors->is_object()) return out;
  for (const auto& [name, count] : errors->items()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

std::string result_text(const Json& record) {
  std::string out;
  const auto add = [&out](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (const Json* bytes = first_member(record, {"bytes"})) add(count_text(bytes) + " B");
  if (const Json* calls = first_member(record, {"syscalls", "calls"})) add(count_text(calls) + " calls");
  if (const Json* events = first_member(record, {"events"}); events != nullptr && events->is_number()) {
    add(count_text(events) + (events->get<double>() == 1 ? " event" : " events"));
  }
  const Json* failed = first_member(record, {"failed", "failures"});
  if (failed != nullptr && failed->is_boolean()) {
    if (failed->get<bool>()) add("failed");
  } else if (truthy(failed)) {
    std::string part = count_text(failed) + " failed";
    if (const std::string errors = error_names(first_member(record, {"errors"})); !errors.empty()) {
      part += " (" + errors + ")";
    }
    add(part);
  }
  add(first_text(record, {"errno", "error"}));
  add(first_text(record, {"severity", "level"}));
  add(first_text(record, {"result", "reason", "why"}));
  return out;
}

}  // namespace

RecordColumns action_columns(const Json& record) {
  RecordColumns c;
  if (!record.is_object()) return c;
  if (const Json* ts = first_member(record, {"ts", "start", "start_ts", "first_ts", "time", "start_us"})) {
    c.time = columns::time_of_day(*ts);
  }
  c.pid = first_text(record, {"pid", "tid"});
  c.exe = columns::base_name(first_text(record, {"exe", "program", "comm"}));
  c.what = first_text(record, {"kind", "type", "rule", "category", "syscall"});
  // A finding (risks.jsonl) is told by its description; the rule id is its kind.
  c.target = record.contains("rule") ? first_text(record, {"description", "target", "path", "peer"})
                                     : first_text(record, {"target", "path", "peer", "remote", "resource", "detail"});
  c.result = result_text(record);

  const std::string severity = first_text(record, {"severity", "level"});
  const bool failed = truthy(first_member(record, {"failed", "failures", "errno", "error"})) ||
                      severity == "high" || severity == "critical" || ascii_lower(c.what) == "denied";
  if (failed) {
    c.emphasis = Emphasis::Failure;
  } else if (mentions_privilege(c.what)) {
    c.emphasis = Emphasis::Privilege;
  }
  return c;
}

}  // namespace capsule::view
