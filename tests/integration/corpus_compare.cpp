#include "corpus_compare.h"

#include <algorithm>
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

// A long line shown from a little before `from` (where it first differs from its partner), 600
// characters of it: a read's buffer differs at its end as often as at its start.
std::string clip(const std::string& s, size_t from = 0) {
  const size_t start = from > 200 ? from - 200 : 0;
  const std::string head = start > 0 ? "…" : "";
  return s.size() - std::min(s.size(), start) <= 600 ? head + s.substr(std::min(s.size(), start))
                                                      : head + s.substr(start, 600) + "…";
}

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
  // Per syscall, each line left over is allowed when an allowance matches it, or when it can be
  // paired with a line of the other side that one matches (the pattern names the difference,
  // seen on one side; the order of two processes' lines differs between runs, so any partner
  // will do). The rest fail, side by side.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> left, failing;
  for (const auto& l : only_strace) left[call_name(l)].first.push_back(l);
  for (const auto& l : only_capsule) left[call_name(l)].second.push_back(l);
  for (const auto& [name, sides] : left) {
    std::vector<std::string> unexplained[2];
    size_t explained[2] = {0, 0};
    const std::vector<std::string>* lines[2] = {&sides.first, &sides.second};
    for (int side = 0; side < 2; ++side) {
      for (const auto& l : *lines[side]) {
        if (const Allowance* a = allowing(allowances, backend, program, name, l)) {
          ++explained[side];
          c.used.insert(a->line);
        } else {
          unexplained[side].push_back(l);
        }
      }
    }
    for (int side = 0; side < 2; ++side) {
      const size_t partners = std::min(unexplained[side].size(), explained[1 - side]);
      c.allowed += explained[side] + partners;
      c.failing += unexplained[side].size() - partners;
      auto& out = side == 0 ? failing[name].first : failing[name].second;
      out.assign(unexplained[side].begin() + static_cast<std::ptrdiff_t>(partners), unexplained[side].end());
    }
  }
  for (const auto& [name, sides] : failing) {
    c.diff += name + ":\n";
    const auto& [s, k] = sides;
    for (size_t i = 0; i < std::max(s.size(), k.size()); ++i) {
      size_t from = 0;
      if (i < s.size() && i < k.size()) {
        from = static_cast<size_t>(std::mismatch(s[i].begin(), s[i].begin() + static_cast<std::ptrdiff_t>(std::min(s[i].size(), k[i].size())),
                                                 k[i].begin()).first - s[i].begin());
      }
      if (i < s.size()) c.diff += "  - strace:  " + clip(s[i], from) + "\n";
      if (i < k.size()) c.diff += "  + " + backend + ":  " + clip(k[i], from) + "\n";
    }
  }
  return c;
}

}  // namespace capsule::test
