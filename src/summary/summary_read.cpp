// A run directory into a RunSummary: the manifest, then actions.jsonl and risks.jsonl line by
// line (plain or compressed, the way `capsule cat` reads them).
#include <fstream>
#include <stdexcept>
#include <string_view>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "summary/run_summary.h"

namespace capsule::summary {
namespace {

template <typename Add>
void each_record(const std::filesystem::path& dir, RunStream stream, Add add) {
  LineReader in(stream_file_path(dir, run_stream(stream).name));
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_discarded()) add(record);  // a torn last line: verify reports it
  }
}

}  // namespace

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
  each_record(dir, RunStream::Actions, [&](const nlohmann::json& r) {
    b.add_action(r);
    if (also_action) also_action(r);
  });
  each_record(dir, RunStream::Risks, [&](const nlohmann::json& r) { b.add_finding(r); });
  return b.finish();
}

}  // namespace capsule::summary
