// A run directory into a RunSummary: the manifest, then actions.jsonl and risks.jsonl line by
// line (plain or compressed, the way `capsule cat` reads them).
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "log/rundir/json_records.h"
#include "summary/run_summary.h"

namespace capsule::summary {

RunSummary read_summary(const std::filesystem::path& dir) { return read_summary(dir, nullptr); }

RunSummary read_summary(const std::filesystem::path& dir, const std::function<void(const nlohmann::json&)>& also_action) {
  std::ifstream in(dir / "manifest.json");
  const auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + (dir / "manifest.json").string());
  if (manifest.is_discarded() || !manifest.is_object()) {
    throw std::runtime_error((dir / "manifest.json").string() + " is not a manifest");
  }
  SummaryBuilder b;
  b.add_manifest(manifest);
  each_json_record(dir, RunStream::Actions, [&](const nlohmann::json& r) {
    b.add_action(r);
    if (also_action) also_action(r);
  });
  each_json_record(dir, RunStream::Risks, [&](const nlohmann::json& r) { b.add_finding(r); });
  return b.finish();
}

}  // namespace capsule::summary
