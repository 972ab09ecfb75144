// The attributes every exported event shares (ocsf_event.h).
#include "export/ocsf_event.h"

#include <array>

#include "report/report_model.h"  // iso_micros: the streams' time spelling, read in one place

namespace capsule::ocsf {

namespace {

// capsule's severities (detect/rule.h) in order, at their OCSF severity_id (1 Informational … 5 Critical).
constexpr std::array<std::string_view, 5> kCapsuleSeverities{"info", "low", "medium", "high", "critical"};
constexpr std::array<std::string_view, 7> kOcsfSeverities{"Unknown", "Informational", "Low", "Medium",
                                                          "High",    "Critical",      "Fatal"};

}  // namespace

int severity_id(std::string_view severity) {
  for (size_t i = 0; i < kCapsuleSeverities.size(); ++i) {
    if (kCapsuleSeverities[i] == severity) return static_cast<int>(i) + 1;
  }
  return 0;  // Unknown
}

std::string_view severity_name(int id) {
  return id >= 0 && static_cast<size_t>(id) < kOcsfSeverities.size() ? kOcsfSeverities[static_cast<size_t>(id)]
                                                                      : "Other";
}

int64_t iso_millis(const std::string& ts) { return report::iso_micros(ts).value_or(0) / 1000; }

std::string base_name(std::string_view path) {
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

nlohmann::json base_event(const EventHead& h, const RunFacts& run) {
  const int type_uid = h.class_uid * 100 + h.activity_id;
  nlohmann::json e = {
      {"class_uid", h.class_uid},
      {"class_name", h.class_name},
      {"category_uid", h.category_uid},
      {"category_name", h.category_name},
      {"activity_id", h.activity_id},
      {"activity_name", h.activity_name},
      {"type_uid", type_uid},
      {"type_name", std::string(h.class_name) + ": " + std::string(h.activity_name)},
      {"time", h.time_ms},
      {"severity_id", h.severity_id},
      {"severity", severity_name(h.severity_id)},
      {"metadata",
       {{"version", kSchemaVersion},
        {"uid", h.uid},
        {"correlation_uid", run.run_id},
        {"product", {{"name", "capsule"}, {"vendor_name", "capsule"}, {"version", run.product_version}}}}},
  };
  // device: the machine (type_id 0 Unknown: capsule does not classify machines).
  e["device"] = {{"type_id", 0}, {"type", "Unknown"}, {"hostname", run.hostname}};
  return e;
}

nlohmann::json process_object(const ProcessContext& p) {
  nlohmann::json o = {{"pid", p.pid}};
  if (!p.exe.empty()) {
    o["name"] = base_name(p.exe);
    o["file"] = {{"path", p.exe}, {"name", base_name(p.exe)}, {"type_id", 1}, {"type", "Regular File"}};
  }
  if (!p.argv.empty()) {
    std::string line;
    for (const auto& a : p.argv) line += (line.empty() ? "" : " ") + a;
    o["cmd_line"] = line;
  }
  if (p.uid) o["user"] = {{"uid", std::to_string(*p.uid)}, {"type_id", *p.uid == 0 ? 2 : 1}};
  if (p.ppid != 0) o["parent_process"] = {{"pid", p.ppid}};
  return o;
}

ProcessContext context_at(const Inputs& in, uint64_t seq, int32_t pid, const std::string& exe) {
  const auto it = in.contexts.find(seq);
  if (it != in.contexts.end() && it->second.pid == pid) return it->second;
  ProcessContext p;
  p.pid = pid;
  p.exe = exe;
  return p;
}

void add_action_facts(const nlohmann::json& a, nlohmann::json& e) {
  const auto start = iso_millis(a.value("start", ""));
  e["start_time"] = start;
  e["end_time"] = iso_millis(a.value("end", ""));
  const auto events = a.value("events", uint64_t{0});
  const auto failed = a.value("failed", uint64_t{0});
  e["count"] = events;
  if (failed == 0) {
    e["status_id"] = 1;
    e["status"] = "Success";
  } else {
    e["status_id"] = failed >= events ? 2 : 99;
    e["status"] = failed >= events ? "Failure" : "Other";
    std::string detail;
    const auto errors = a.value("errors", nlohmann::json::object());  // a named copy: items() refers into it
    for (const auto& [name, n] : errors.items()) {
      detail += (detail.empty() ? "" : ", ") + name + " x" + std::to_string(n.get<uint64_t>());
    }
    e["status_detail"] = detail;
  }
  nlohmann::json capsule = {{"action", a.value("kind", "")},
                            {"target", a.value("target", "")},
                            {"first_seq", a.value("first_seq", uint64_t{0})},
                            {"last_seq", a.value("last_seq", uint64_t{0})},
                            {"failed", failed}};
  for (const char* key : {"bytes", "errors", "seqs", "host"}) {
    if (a.contains(key)) capsule[key] = a[key];
  }
  e["unmapped"] = {{"capsule", capsule}};
}

}  // namespace capsule::ocsf
