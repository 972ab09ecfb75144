// The value of a symbolic argument from its names: the reverse of the flag tables, for text that
// arrives without numbers (strace's output, hand-made test events). "O_WRONLY|O_CREAT|0x40" is
// 0101|0x40; "1<<CAP_KILL" is 1<<5; "SIGCHLD" and a signal set's "CHLD" are 17; "FUTEX_WAIT_PRIVATE"
// is FUTEX_WAIT|FUTEX_PRIVATE_FLAG; a capability alone ("CAP_SYS_ADMIN") is its number, 21;
// "FUTEX_OP_CMP_GT<<24" is 4<<24; a "/* X_??? */" comment after a number is left out. A name no
// table knows adds no bits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "event/syscall_event.h"

namespace capsule {

uint64_t symbol_value(std::string_view text);

// An unsigned C integer literal as strace and the decoders write one: decimal, 0x… hex or 0… octal.
bool parse_c_number(std::string_view text, uint64_t& out);

// A Symbol argument whose value is found from its names.
Arg symbol_from_names(std::string text);

}  // namespace capsule
