#include "scenario_dir.h"

namespace capsule::test {

namespace fs = std::filesystem;

namespace {

// env(1) rather than extra entries for run_program: the test's own HOME would come first.
std::vector<std::string> job(const fs::path& work, const std::string& script) {
  return {"env", "HOME=" + work.string(), "H=" + std::string(CAPSULE_HELPER_DIR), "/bin/sh", "-c",
          "cd \"$HOME\" && " + script};
}

}  // namespace

ScenarioDir::ScenarioDir() { fs::create_directories(work()); }

Outcome ScenarioDir::shell(const std::string& script) const {
  return run_program(job(work(), script));
}

Outcome ScenarioDir::traced(const std::string& script, const std::string& backend) const {
  std::vector<std::string> argv{capsule_bin(), "run", "--home", capsule_home().string()};
  if (!backend.empty()) argv.insert(argv.end(), {"--backend", backend});
  argv.emplace_back("--");
  for (auto& a : job(work(), script)) argv.push_back(std::move(a));
  return run_program(argv);
}

Outcome ScenarioDir::import(const std::string& name) const {
  const fs::path trace = fs::path(CAPSULE_SOURCE_DIR) / "tests/data/scenarios" / name;
  return run_program({capsule_bin(), "import", "--home", capsule_home().string(), trace.string()});
}

std::vector<ScenarioFinding> ScenarioDir::findings() const {
  std::vector<ScenarioFinding> out;
  const fs::path file = latest_run(capsule_home()) / "risks.jsonl";
  if (!fs::exists(file) && !fs::exists(file.string() + ".zst")) return out;
  for (const auto& r : read_jsonl(file)) out.push_back({r.at("rule"), r.at("severity"), r.at("description")});
  return out;
}

std::string describe(const std::vector<ScenarioFinding>& findings) {
  std::string out;
  for (const auto& f : findings) out += f.rule + " " + f.severity + ": " + f.description + "\n";
  return out;
}

}  // namespace capsule::test
