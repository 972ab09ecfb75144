// The calls a policy would refuse of one run, as they are met: kept by the pipeline (complain
// mode, judged live) and by `capsule policy check` (a run read back), so that both list and count
// alike.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "policy/policy_evaluator.h"

namespace capsule {

struct WouldRefuse {
  uint64_t seq = 0;
  int32_t pid = 0;
  std::string exe;
  std::string syscall;
  PolicyRefusal refusal;
};

struct PolicyCheck {
  // A run refusing more keeps the first ones listed (and counts every one in by_call): the list
  // is held in memory until the run ends.
  static constexpr size_t kMaxListed = 10000;

  std::vector<WouldRefuse> calls;                        // in seq order
  std::vector<std::pair<std::string, uint64_t>> by_call;  // refusal_key → count, in the order first met
  uint64_t total = 0;

  void add(WouldRefuse w);
  // by_call most refused first; ties keep the order first met.
  std::vector<std::pair<std::string, uint64_t>> ranked() const;
};

// Counts one refusal under key in by_call (in the order first met): the pipeline's count of
// enforced refusals uses it too.
void count_refusal(std::vector<std::pair<std::string, uint64_t>>& by_call, const std::string& key);
// by_call most refused first, ties in the order first met.
std::vector<std::pair<std::string, uint64_t>> ranked(std::vector<std::pair<std::string, uint64_t>> by_call);

}  // namespace capsule
