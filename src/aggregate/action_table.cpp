// The syscall → action view, derived from the syscall table's rows at first use.
#include "aggregate/action_table.h"

#include <unordered_map>
#include <vector>

#include "decode/signatures.h"

namespace capsule {
namespace {

struct ActionIndex {
  std::vector<ActionRule> rules;
  std::unordered_map<std::string_view, const ActionRule*> by_name;

  ActionIndex() {
    for (const SyscallSignature& row : all_signatures()) {
      const ActionSpec& a = row.facts.action;
      if (a.kind == ActionKind::Other) continue;
      rules.push_back(ActionRule{row.name, a.kind, a.target, a.a, a.b, a.c, a.d});
    }
    by_name.reserve(rules.size());
    for (const ActionRule& r : rules) by_name.emplace(r.syscall, &r);
  }
};

const ActionIndex& index() {
  static const ActionIndex kIndex;  // read-only after first use
  return kIndex;
}

constexpr ActionRule kUnknown{"", ActionKind::Other, TargetRule::Name};

}  // namespace

const ActionRule& action_rule(std::string_view syscall) {
  const auto& by_name = index().by_name;
  const auto it = by_name.find(syscall);
  return it == by_name.end() ? kUnknown : *it->second;
}

ActionRuleSpan all_action_rules() { return {index().rules.data(), index().rules.size()}; }

}  // namespace capsule
