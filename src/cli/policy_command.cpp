// capsule policy check: a recorded run judged against a policy offline, without running anything:
// the calls the policy would refuse (syscall, path or port, seq, process). The way to tighten a
// policy without breaking a job (docs/POLICY.md, "Complain mode and policy check").
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/policy_report.h"
#include "cli/run_verified.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "policy/policy_file.h"
#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

struct PolicyCheckOptions {
  HomeOption home;
  std::string action;  // check
  std::string policy;
  std::string run = "latest";
  bool json = false;
};

int policy_check(const PolicyCheckOptions& o) {
  std::filesystem::path dir;
  std::filesystem::path home;
  try {
    home = resolve_home(o.home.home);
    dir = resolve_run(home, o.run);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  std::optional<LoadedPolicy> loaded;
  try {
    loaded = load_policy_file(o.policy);
  } catch (const ProfileError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  for (const auto& w : loaded->warnings) print_error(fmt::format("{}: {}", o.policy, w));
  // A doctored record could clear a policy of what the program really did: verified first.
  if (const int code = require_verified(home, dir, "checking"); code != exit_code::kOk) return code;
  PolicyCheck check;
  try {
    check = check_recorded_run(dir, read_manifest(dir).cwd, PolicyEvaluator(*loaded));
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kTampered;
  }
  if (o.json) {
    nlohmann::ordered_json j;
    j["run_id"] = run_id_of(dir);
    j["policy"] = std::filesystem::absolute(o.policy).string();
    nlohmann::ordered_json calls = nlohmann::ordered_json::array();
    for (const auto& w : check.calls) calls.push_back(would_refuse_json(w));
    j["would_deny"] = std::move(calls);
    j["by_call"] = nlohmann::ordered_json::parse(by_call_json(check.ranked()));
    fmt::print("{}\n", j.dump());
  } else {
    for (const auto& w : check.calls) fmt::print("{}\n", would_refuse_text(w));
    print_error(check.total == 0 ? fmt::format("policy would deny nothing of run {}", run_id_of(dir))
                                    : policy_denial_line("would deny", check.ranked()));
  }
  return check.total == 0 ? exit_code::kOk : exit_code::kPolicyWouldDeny;
}

}  // namespace

Command add_policy_command(CLI::App& app) {
  auto opts = std::make_shared<PolicyCheckOptions>();
  // `capsule policy check`: the action a positional word, so that the command's options are the
  // surface's (man page, completions) like every other command's.
  auto* sub = app.add_subcommand(
      "policy", "check: list the calls of a recorded run that a policy would refuse (seccomp, egress "
                "destinations, Landlock files and TCP ports), without running anything; the run must verify "
                "(exit 1 when it does not); exit 7 when there are any");
  sub->add_option("action", opts->action, "What to do: check")->required()->check(CLI::IsMember({"check"}));
  add_home_option(*sub, opts->home);
  sub->add_option("--policy", opts->policy, "The policy file (from `capsule profile`, or a Docker/OCI seccomp profile)")
      ->required()->check(non_empty());
  sub->add_option("--run", opts->run, "The run to judge (id, unique prefix, log directory, latest)")
      ->default_val("latest")->check(non_empty());
  sub->add_flag("--json", opts->json, "One JSON object: the run, the policy, every call it would refuse, by call");
  return {sub, [opts] { return policy_check(*opts); }, nullptr};
}

}  // namespace capsule
