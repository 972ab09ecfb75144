// Which syscalls change the enricher's tables, and how: the `effect` facts of the syscall table
// (decode/syscall_table.def), looked up by name. Syscalls without an effect change nothing (except
// that any new fd they return replaces a stale entry at that number).
#pragma once

#include <functional>
#include <string_view>

#include "decode/syscall_facts.h"

namespace capsule {

// A table rule is the row's facts; only rows whose effect is not None have one.
using SyscallRule = SyscallFacts;

// The rule for a syscall name, or nullptr when the call changes no table.
const SyscallRule* find_rule(std::string_view syscall);

// Every syscall that has a rule (for --trace, which always records what changes these tables).
void for_each_rule(const std::function<void(std::string_view, const SyscallRule&)>& fn);

}  // namespace capsule
