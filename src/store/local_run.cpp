#include "store/local_run.h"

#include <stdexcept>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"

namespace capsule::store {

std::string chain_of(const std::string& line) {
  constexpr std::string_view kKey = ",\"chain\":\"";
  constexpr size_t kTail = kKey.size() + 64 + 2;
  if (line.size() < kTail || line.compare(line.size() - kTail, kKey.size(), kKey) != 0) return "";
  return line.substr(line.size() - 66, 64);
}

LocalRun read_local_run(const std::filesystem::path& dir) {
  LocalRun r;
  r.dir = dir;
  r.run_id = run_id_of(dir);
  std::string text;
  {
    LineReader in(dir / "manifest.json");
    std::string_view line;
    bool nl = false;
    while (in.next(line, nl)) text.append(line).push_back('\n');
    if (in.error() != 0) throw std::runtime_error("run " + r.run_id + ": manifest.json: " + in.error_text());
  }
  r.manifest = nlohmann::json::parse(text, nullptr, false);
  if (!r.manifest.is_object()) throw std::runtime_error("run " + r.run_id + ": manifest.json is not JSON");
  for (const auto& s : r.manifest.value("streams", nlohmann::json::array())) {
    if (s.is_object() && s.contains("name") && s["name"].is_string() && s.contains("records") &&
        s["records"].is_number_unsigned()) {
      r.records[s["name"].get<std::string>()] = s["records"].get<uint64_t>();
    }
  }
  LineReader cp(dir / "checkpoints.jsonl");
  std::string_view line;
  bool nl = false;
  while (cp.next(line, nl)) {
    if (nl) r.checkpoints.emplace_back(line);  // a torn last line is the killed writer's
  }
  if (!r.checkpoints.empty()) {
    r.head = chain_of(r.checkpoints.back());
    r.sealed = r.checkpoints.back().find("\"type\":\"seal\"") != std::string::npos;
    const auto open = nlohmann::json::parse(r.checkpoints.front(), nullptr, false);
    if (open.is_object()) r.signer = open.value("key_id", std::string());
  }
  return r;
}

}  // namespace capsule::store
