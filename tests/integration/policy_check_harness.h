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
// landlock port 8080", "connect egress 127.0.0.1:9").
std::pair<Outcome, std::vector<std::string>> policy_check(const std::filesystem::path& home,
                                                          const std::filesystem::path& policy,
                                                          const std::filesystem::path& run);
// The calls a --policy refused in a run, in the same words: events.jsonl's "denied" records
// (Landlock's with their path or port, the egress allow-list's with their destination, from the
// arguments).
std::vector<std::string> policy_refused(const std::filesystem::path& run);

// A loopback TCP port free right now (bound, read, closed): nothing listens on it, so a connect
// the kernel tries gets ECONNREFUSED.
int free_port();

}  // namespace capsule::test
