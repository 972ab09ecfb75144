// Which action each syscall is, and where its target is: the `action` facts of the syscall table
// (decode/syscall_table.def), indexed by name. A syscall without one is Other, its target its name.
#pragma once

#include <cstdint>
#include <string_view>

#include "aggregate/action.h"

namespace capsule {

struct ActionRule {
  std::string_view syscall;
  ActionKind kind;
  TargetRule target;
  int8_t a = -1, b = -1, c = -1, d = -1;  // argument positions, meaning per TargetRule
};

// The rule for a syscall name; the Other/Name rule for names not in the table.
const ActionRule& action_rule(std::string_view syscall);

// Every rule, for tests (each syscall appears once).
struct ActionRuleSpan {
  const ActionRule* data;
  size_t size;
};
ActionRuleSpan all_action_rules();

}  // namespace capsule
