// Linux capabilities by bit number: the one table of their names (include/uapi/linux/capability.h),
// for the decoder (capget/capset), the enricher's capability sets and seccomp profiles' conditions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace capsule {

// "CAP_CHOWN" for 0 … "CAP_CHECKPOINT_RESTORE" for 40; "CAP_<n>" past the table.
std::string capability_name(unsigned bit);
// The table's name for bit; empty past the table.
std::string_view known_capability_name(unsigned bit);
// 21 for "CAP_SYS_ADMIN"; -1 when unknown.
int capability_bit(std::string_view name);

// A capability set as strace shows it: "1<<CAP_CHOWN|1<<CAP_KILL", bits past the table as one hex
// number, "0" for none.
void append_capability_set(std::string& out, uint64_t mask);

}  // namespace capsule
