#include "corpus_compare.h"

#include <map>

namespace capsule::test {
namespace {

using Multiset = std::map<std::string, int>;

Multiset multiset(const std::vector<std::string>& lines) {
  Multiset m;
  for (const auto& l : lines) ++m[l];
  return m;
}

// How many of `want`'s lines `have` holds; what is left on each side is returned in order.
size_t match(const std::vector<std::string>& want, const std::vector<std::string>& have,
             std::vector<std::string>* only_want = nullptr, std::vector<std::string>* only_have = nullptr) {
  Multiset left = multiset(have);
  size_t n = 0;
  for (const auto& l : want) {
    auto it = left.find(l);
    if (it != left.end() && it->second > 0) {
      --it->second;
      ++n;
    } else if (only_want != nullptr) {
      only_want->push_back(l);
    }
  }
  if (only_have != nullptr) {
    Multiset unmatched = left;
    for (const auto& l : have) {
      auto it = unmatched.find(l);
      if (it != unmatched.end() && it->second > 0) {
        --it->second;
        only_have->push_back(l);
      }
    }
  }
  return n;
}

std::string clip(const std::string& s) { return s.size() <= 600 ? s : s.substr(0, 600) + "…"; }

}  // namespace

Comparison compare_logs(const LogLines& strace, const LogLines& capsule, const std::vector<Allowance>& allowances,
                        const std::string& backend, const std::string& program) {
  Comparison c;
  c.strace_lines = strace.exact.size();
  c.exact = match(strace.exact, capsule.exact);
  std::vector<std::string> only_strace, only_capsule;
  c.normalised = match(strace.normalised, capsule.normalised, &only_strace, &only_capsule);
  // Per syscall, the lines no allowance covers, strace's and capsule's paired in order.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> failing;
  const auto sort_out = [&](const std::vector<std::string>& lines, bool from_strace) {
    for (const auto& l : lines) {
      const std::string name = call_name(l);
      if (const Allowance* a = allowing(allowances, backend, program, name, l)) {
        ++c.allowed;
        c.used.insert(a->line);
      } else {
        ++c.failing;
        (from_strace ? failing[name].first : failing[name].second).push_back(l);
      }
    }
  };
  sort_out(only_strace, true);
  sort_out(only_capsule, false);
  for (const auto& [name, sides] : failing) {
    c.diff += name + ":\n";
    const auto& [s, k] = sides;
    for (size_t i = 0; i < std::max(s.size(), k.size()); ++i) {
      if (i < s.size()) c.diff += "  - strace:  " + clip(s[i]) + "\n";
      if (i < k.size()) c.diff += "  + " + backend + ":  " + clip(k[i]) + "\n";
    }
  }
  return c;
}

}  // namespace capsule::test
