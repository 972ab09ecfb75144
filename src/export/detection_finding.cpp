// OCSF 2004 Detection Finding from one finding of risks.jsonl (docs/EXPORT.md, "Detection
// Finding"): the rule is the analytic, each evidence event is named by its seq in events.jsonl,
// and the process is the one of the last evidence event, as it was then.
#include <string>

#include "export/ocsf_mappers.h"

namespace capsule::ocsf {

uint64_t action_seq(const nlohmann::json& a) { return a.value("first_seq", uint64_t{0}); }

std::optional<uint64_t> finding_seq(const nlohmann::json& f) {
  const auto ev = f.value("evidence", nlohmann::json::array());
  if (ev.empty() || !ev.back().is_number_unsigned()) return std::nullopt;
  return ev.back().get<uint64_t>();
}

nlohmann::json detection_finding(const nlohmann::json& f, const Inputs& in) {
  const std::string rule = f.value("rule", "");
  const int severity = severity_id(f.value("severity", ""));
  const std::string uid = in.run.run_id + "/finding/" + std::to_string(f.value("finding", uint64_t{0}));
  auto e = base_event({2004, "Detection Finding", 2, "Findings", 1, "Create", severity, iso_millis(f.value("ts", "")), uid},
                      in.run);
  ProcessContext p = context_at(in, finding_seq(f).value_or(0), f.value("pid", 0), f.value("exe", ""));
  if (p.argv.empty() && f.contains("argv")) p.argv = f["argv"].get<std::vector<std::string>>();
  const auto process = process_object(p);
  e["finding_info"] = {{"uid", uid},
                       {"title", rule},
                       {"desc", f.value("description", "")},
                       {"analytic", {{"uid", rule}, {"name", rule}, {"type_id", 1}, {"type", "Rule"}}}};
  e["message"] = f.value("description", "");
  e["status_id"] = 1;
  e["status"] = "New";
  e["is_alert"] = severity >= 3;  // medium and above
  e["actor"] = {{"process", process}};
  nlohmann::json evidences = nlohmann::json::array();
  for (const auto& seq : f.value("evidence", nlohmann::json::array())) {
    evidences.push_back({{"process", process}, {"data", {{"seq", seq}, {"stream", "events.jsonl"}}}});
  }
  e["evidences"] = evidences;
  nlohmann::json capsule = {{"finding", f.value("finding", uint64_t{0})}, {"evidence", f.value("evidence", nlohmann::json::array())}};
  if (f.contains("host")) capsule["host"] = f["host"];
  e["unmapped"] = {{"capsule", capsule}};
  return e;
}

}  // namespace capsule::ocsf
