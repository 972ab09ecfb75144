// What each syscall's arguments are, declared once as data: the parameter names (exactly as in the
// Linux man pages' C prototypes, section 2), their types, and the return type. The native decoders
// and the strace parser both use it, so both backends name and shape arguments the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace capsule {

// Parameter name of argument `index` of `syscall` ("pathname" for openat's second); "arg<index>"
// when the syscall or the index is not in the table.
std::string arg_name(std::string_view syscall, size_t index);

}  // namespace capsule
