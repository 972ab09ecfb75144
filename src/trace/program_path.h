// Finds the program to run the way a shell does, before anything is forked, so that "not found"
// (127) and "not executable" (126) are reported like a shell reports them.
#pragma once

#include <string>

namespace capsule {

struct ProgramLookup {
  std::string path;  // the file to execve (empty when not found)
  int error = 0;     // 0, ENOENT (not found: 127) or EACCES/ENOEXEC-like (cannot run: 126)
};

ProgramLookup find_program(const std::string& name);

}  // namespace capsule
