// What `capsule policy check` lists of a run and what a --policy refused in one, in the same words,
// so that tests compare the two (policy_check_test.cpp, landlock_policy_test.cpp).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace capsule::test {

// `capsule policy check --home HOME --policy POLICY --run RUN --json`: its outcome and the calls it
// lists, one "syscall by" each ("socket seccomp", "openat landlock /w/reach.txt", "connect
// landlock port 8080").
std::pair<Outcome, std::vector<std::string>> policy_check(const std::filesystem::path& home,
                                                          const std::filesystem::path& policy,
                                                          const std::filesystem::path& run);
// The calls a --policy refused in a run, in the same words: events.jsonl's "denied" records
// (Landlock's with their path or port, from the arguments).
std::vector<std::string> policy_refused(const std::filesystem::path& run);

}  // namespace capsule::test
