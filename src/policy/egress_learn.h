// The egress allow-list `capsule profile` learns from recorded runs (docs/POLICY.md): every IPv4
// or IPv6 destination a connect, sendto or sendmsg of the run named, by the name the run had been
// told for its address when it made the call (a DNS answer, an /etc/hosts line), else by the
// address. Judged by the same code as enforcement (egress_policy.h, on the record read back as
// the evaluator reads it), so that the learnt list lets the same run through.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "policy/egress_policy.h"

namespace capsule {

// Adds the run's destinations to allow ("host:port" as the policy writes them). Calls a policy
// refused are left out; a call that failed otherwise (ECONNREFUSED) is kept, so that the program
// meets the same error under the policy. Throws std::runtime_error when the run cannot be read.
void observe_egress(const std::filesystem::path& log_dir, std::string_view cwd, std::set<std::string>& allow);

// The allow-list, sorted (the same runs give the same bytes).
EgressPolicy build_egress_policy(const std::set<std::string>& allow);

}  // namespace capsule
