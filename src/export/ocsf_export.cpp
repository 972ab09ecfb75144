// The run into OCSF events (ocsf_export.h): one pass over actions.jsonl and risks.jsonl to learn
// which records' process contexts are needed, one over enriched.jsonl for those contexts, then
// the mapping.
#include "export/ocsf_export.h"

#include <fstream>
#include <functional>
#include <set>
#include <stdexcept>

#include "export/ocsf_mappers.h"
#include "export/process_contexts.h"
#include "log/rundir/json_records.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"

namespace capsule::ocsf {

namespace {

void each_record(const std::filesystem::path& dir, RunStream stream, const std::function<void(const nlohmann::json&)>& add) {
  each_json_record(dir, stream, [&](const nlohmann::json& record) {
    if (record.is_object()) add(record);
  });
}

// The run id as the run's manifest records it (not as its folder is named, run_dir.h's run_id_of):
// the export states it on every event, so a folder without a readable manifest is refused (exit 2).
std::string manifest_run_id(const std::filesystem::path& dir) {
  std::ifstream in(dir / "manifest.json");
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object() || !manifest.contains("run_id")) {
    throw std::runtime_error((dir / "manifest.json").string() + " is not a manifest");
  }
  return manifest["run_id"].get<std::string>();
}

}  // namespace

ExportCounts export_run(const std::filesystem::path& dir, const std::string& product_version,
                        const std::string& hostname, std::ostream& out) {
  const RunFacts run{manifest_run_id(dir), product_version, hostname};
  std::set<uint64_t> wanted;
  each_record(dir, RunStream::Actions, [&](const nlohmann::json& a) { wanted.insert(action_seq(a)); });
  each_record(dir, RunStream::Risks, [&](const nlohmann::json& f) {
    if (const auto seq = finding_seq(f)) wanted.insert(*seq);
  });
  const ContextBySeq contexts = read_contexts(dir, wanted);
  const Inputs in{run, contexts};
  ExportCounts n;
  const auto write = [&](const nlohmann::json& e, uint64_t& count) {
    out << e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    ++count;
  };
  each_record(dir, RunStream::Actions, [&](const nlohmann::json& a) {
    if (auto e = process_activity(a, in)) {
      write(*e, n.process);
    } else if (auto f = file_activity(a, in)) {
      write(*f, n.file);
    } else if (auto w = network_activity(a, in)) {
      write(*w, n.network);
    }
  });
  each_record(dir, RunStream::Risks, [&](const nlohmann::json& f) { write(detection_finding(f, in), n.finding); });
  return n;
}

}  // namespace capsule::ocsf
