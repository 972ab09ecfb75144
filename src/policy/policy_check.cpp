#include "policy/policy_check.h"

#include <algorithm>

namespace capsule {

void count_refusal(std::vector<std::pair<std::string, uint64_t>>& by_call, const std::string& key) {
  auto it = std::find_if(by_call.begin(), by_call.end(), [&](const auto& p) { return p.first == key; });
  if (it == by_call.end()) by_call.emplace_back(key, 1);
  else ++it->second;
}

std::vector<std::pair<std::string, uint64_t>> ranked(std::vector<std::pair<std::string, uint64_t>> by_call) {
  std::stable_sort(by_call.begin(), by_call.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return by_call;
}

void PolicyCheck::add(WouldRefuse w) {
  ++total;
  count_refusal(by_call, refusal_key(w.refusal.by, w.syscall));
  if (calls.size() < kMaxListed) calls.push_back(std::move(w));
}

std::vector<std::pair<std::string, uint64_t>> PolicyCheck::ranked() const { return capsule::ranked(by_call); }

}  // namespace capsule
