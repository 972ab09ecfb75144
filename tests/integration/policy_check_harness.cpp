#include "policy_check_harness.h"

namespace capsule::test {

std::pair<Outcome, std::vector<std::string>> policy_check(const std::filesystem::path& home,
                                                          const std::filesystem::path& policy,
                                                          const std::filesystem::path& run) {
  const Outcome o = run_program({capsule_bin(), "policy", "check", "--home", home.string(), "--policy",
                                 policy.string(), "--run", run.string(), "--json"});
  std::vector<std::string> calls;
  const auto j = nlohmann::json::parse(o.out, nullptr, false);
  if (!j.is_object()) return {o, calls};
  for (const auto& c : j["would_deny"]) {
    std::string line = c["syscall"].get<std::string>() + " " + c["by"].get<std::string>();
    if (c.contains("path")) line += " " + c["path"].get<std::string>();
    if (c.contains("port")) line += " port " + std::to_string(c["port"].get<int>());
    calls.push_back(line);
  }
  return {o, calls};
}

std::vector<std::string> policy_refused(const std::filesystem::path& run) {
  std::vector<std::string> out;
  for (const auto& e : read_jsonl(run / "events.jsonl")) {
    if (!e.value("denied", false)) continue;
    const bool landlock = e.value("denied_by", "") == "landlock";
    std::string line = e["syscall"].get<std::string>() + (landlock ? " landlock" : " seccomp");
    const auto& args = e["args"];
    if (landlock && args.contains("pathname")) line += " " + args["pathname"].get<std::string>();
    if (landlock && args.contains("addr") && args["addr"].contains("sin_port")) {
      line += " port " + std::to_string(args["addr"]["sin_port"].get<int>());
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace capsule::test
