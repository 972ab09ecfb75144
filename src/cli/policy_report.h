// What a policy would refuse of a recorded run, listed: shared by `capsule policy check` (a run on
// disk judged offline) and `capsule run --policy-mode complain` (the run judged live, call by call,
// in the pipeline), so that both say the same thing of the same calls (policy/policy_evaluator.h).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy/policy_check.h"
#include "policy/policy_evaluator.h"

namespace capsule {

// Judges every call of the run in log_dir (cwd: its manifest's). Throws std::runtime_error when
// the run cannot be read.
PolicyCheck check_recorded_run(const std::filesystem::path& log_dir, std::string_view cwd, const PolicyEvaluator& policy);

// "policy denied 9 calls: getpid ×3, capget, …" (verb "denied", or "would deny" in complain mode):
// most refused first, Landlock's as "landlock:openat".
std::string policy_denial_line(std::string_view verb, const std::vector<std::pair<std::string, uint64_t>>& by_call);

// {"openat": 2, "landlock:connect": 1, "egress:connect": 1}: the manifest's policy_denied /
// policy_would_deny.
std::string by_call_json(const std::vector<std::pair<std::string, uint64_t>>& by_call);

// One call as JSON: {"seq","pid","exe","syscall","by", "path", "port" or "destination"}.
nlohmann::ordered_json would_refuse_json(const WouldRefuse& w);
// One call as a line: "seq 12 pid 4242 /usr/bin/cat openat by landlock: /etc/shadow".
std::string would_refuse_text(const WouldRefuse& w);

}  // namespace capsule
