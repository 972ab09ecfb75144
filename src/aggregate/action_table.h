// Which action each syscall is, and where its target is: one table, declared once, as data
// (action_table.cpp). A syscall missing from the table is Other, its target its name.
#pragma once

#include <cstdint>
#include <string_view>

#include "aggregate/action.h"

namespace capsule {

// How to find an event's target (action_target.cpp reads the argument positions below).
enum class TargetRule : uint8_t {
  Name,        // the syscall's name: consecutive calls of the same syscall merge
  Fd,          // the path (or socket description) of the fd in argument a
  MapFd,       // like Fd, but fd -1 is "anonymous" (mmap)
  Path,        // the path in argument a, relative to the dirfd in argument b (-1: none)
  PathPair,    // "old -> new": path a relative to dirfd b, path c relative to dirfd d
  OpenResult,  // the returned fd's path; the path argument (a, dirfd b) when the call failed
  SockPeer,    // the socket address in argument b ("127.0.0.1:80"), else the fd in argument a
  ChildPid,    // "pid N": the new process (the return value)
  SignalDest,  // "pid N SIGTERM": destination pid in argument a, signal in argument b
  Call,        // the call as strace shows it: "setresuid(0, 0, 0)" (never-merged kinds only)
};

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
