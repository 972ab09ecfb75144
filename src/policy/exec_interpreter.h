// The files the kernel itself opens for execution when a program is run, which a record does not
// show as calls: the "#!" interpreter of a script and the ELF's dynamic loader (PT_INTERP). A
// Landlock policy must let them be executed too, or the program cannot start.
#pragma once

#include <string>
#include <vector>

namespace capsule {

// The interpreters of `path`, outermost first (a script's interpreter, then that one's loader);
// empty for a static ELF or a file that cannot be read.
std::vector<std::string> exec_interpreters(const std::string& path);

}  // namespace capsule
