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

Comparison compare_logs(const LogLines& strace, const LogLines& capsule, bool same_run,
                        const std::vector<Allowance>& allowances, const std::string& backend,
                        const std::string& program) {
  Comparison c;
  c.strace_lines = strace.exact.size();
  c.exact = match(strace.exact, capsule.exact);
  std::vector<std::string> only_strace, only_capsule;
  c.normalised = match(strace.normalised, capsule.normalised);
  if (same_run) {
    match(strace.exact, capsule.exact, &only_strace, &only_capsule);
  } else {
    match(strace.normalised, capsule.normalised, &only_strace, &only_capsule);
  }
  // Per syscall, strace's lines paired in order with capsule's: a pair is allowed when an
  // allowance matches either line (its pattern names the difference, seen on one side), a line
  // without a partner when one matches it. The rest fail, side by side.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> left, failing;
  for (const auto& l : only_strace) left[call_name(l)].first.push_back(l);
  for (const auto& l : only_capsule) left[call_name(l)].second.push_back(l);
  for (const auto& [name, sides] : left) {
    const auto& [s, k] = sides;
    for (size_t i = 0; i < std::max(s.size(), k.size()); ++i) {
      const Allowance* a = i < s.size() ? allowing(allowances, backend, program, name, s[i]) : nullptr;
      if (a == nullptr && i < k.size()) a = allowing(allowances, backend, program, name, k[i]);
      const size_t lines = (i < s.size() ? 1 : 0) + (i < k.size() ? 1 : 0);
      if (a != nullptr) {
        c.allowed += lines;
        c.used.insert(a->line);
        continue;
      }
      c.failing += lines;
      if (i < s.size()) failing[name].first.push_back(s[i]);
      if (i < k.size()) failing[name].second.push_back(k[i]);
    }
  }
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
