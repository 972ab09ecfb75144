#include "detect/finding.h"

#include <optional>

#include "log/render/event_render.h"
#include "log/render/json_text.h"

namespace capsule {

void append_finding_json(const Finding& f, std::string& out) {
  out += "{\"finding\":";
  out += std::to_string(f.number);
  out += ",\"ts\":\"";
  append_iso_time(f.ts_us, out);
  out.push_back('"');
  out += ",\"rule\":";
  json::append_string(out, f.rule);
  out += ",\"severity\":\"";
  out += severity_name(f.severity);
  out += "\",\"pid\":";
  out += std::to_string(f.pid);
  if (!f.exe.empty()) {
    out += ",\"exe\":";
    json::append_string(out, f.exe);
  }
  if (!f.argv.empty()) {
    out += ",\"argv\":[";
    for (size_t i = 0; i < f.argv.size(); ++i) {
      if (i > 0) out.push_back(',');
      json::append_string(out, f.argv[i]);
    }
    out.push_back(']');
  }
  out += ",\"description\":";
  json::append_string(out, f.description);
  if (!f.host.empty()) {
    out += ",\"host\":";
    json::append_string(out, f.host);
  }
  out += ",\"evidence\":[";
  for (size_t i = 0; i < f.evidence.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(f.evidence[i]);
  }
  out += "]}";
}

void FindingTally::add(const Finding& f) {
  ++total;
  ++by_severity[static_cast<size_t>(f.severity)];
  if (first.size() < kMaxBrief) first.push_back({f.rule, f.severity, f.description});
}

uint64_t FindingTally::at_least(Severity s) const {
  uint64_t n = 0;
  for (size_t i = static_cast<size_t>(s); i < 5; ++i) n += by_severity[i];
  return n;
}

std::optional<Severity> FindingTally::worst() const {
  for (size_t i = 5; i-- > 0;) {
    if (by_severity[i] > 0) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

}  // namespace capsule
