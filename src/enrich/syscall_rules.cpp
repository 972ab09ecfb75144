#include "enrich/syscall_rules.h"

#include "decode/signatures.h"

namespace capsule {

const SyscallRule* find_rule(std::string_view syscall) {
  const SyscallSignature* row = find_syscall(syscall);
  return row == nullptr || row->facts.effect == Effect::None ? nullptr : &row->facts;
}

void for_each_rule(const std::function<void(std::string_view, const SyscallRule&)>& fn) {
  for (const SyscallSignature& row : all_signatures()) {
    if (row.facts.effect != Effect::None) fn(row.name, row.facts);
  }
}

}  // namespace capsule
