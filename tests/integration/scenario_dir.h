// The scenario corpus (issue #22, docs/RULES.md "Scenario corpus"): real jobs run under capsule,
// or strace logs imported, and the findings they give. Shared by scenario_benign_test.cpp and
// scenario_attack_test.cpp.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {

struct ScenarioFinding {
  std::string rule, severity, description;
};

// One scenario's directory (a TempDir): capsule's home in `capsule/`, the job's HOME and working
// directory in `work/`.
class ScenarioDir {
 public:
  ScenarioDir();
  std::filesystem::path capsule_home() const { return dir_.path() / "capsule"; }
  std::filesystem::path work() const { return dir_.path() / "work"; }
  // `script` by /bin/sh in work/, with HOME=work and H=the test helpers' directory; untraced
  // (setting a scenario up) or under `capsule run` (with `--backend backend` unless empty).
  Outcome shell(const std::string& script) const;
  Outcome traced(const std::string& script, const std::string& backend = "") const;
  // `capsule import` of tests/data/scenarios/<name>.
  Outcome import(const std::string& name) const;
  // The findings of the newest run (none when it wrote no risks.jsonl).
  std::vector<ScenarioFinding> findings() const;

 private:
  TempDir dir_;
};

// "rule severity: description" per line, for failure messages.
std::string describe(const std::vector<ScenarioFinding>& findings);

}  // namespace capsule::test
