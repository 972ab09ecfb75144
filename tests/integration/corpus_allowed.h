// The differences between strace's lines and capsule's that the cross-check corpus still allows,
// read from tests/data/crosscheck_allowed.txt (its header says the format). Each entry names the
// backend it applies to, the program, the syscall and, optionally, a pattern the line must
// contain; and says why the difference is allowed.
#pragma once

#include <filesystem>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace capsule::test {

struct Allowance {
  int line = 0;          // in the file: how an entry is named when reported
  std::string backend;   // ptrace, ebpf, import, a comma-separated list of them, or * for all
  std::string program;   // a corpus program's name, or * for all
  std::string syscall;   // a syscall name, --- for signal lines, +++ for exits, or * for any
  std::optional<std::regex> pattern;
  std::string pattern_text;
  std::string reason;
};

// Throws std::runtime_error naming the line of an entry it cannot read.
std::vector<Allowance> read_allowances(const std::filesystem::path& file);

// The first entry that allows `line` (a normalised line of syscall `name`) to differ, or null.
const Allowance* allowing(const std::vector<Allowance>& all, const std::string& backend, const std::string& program,
                          const std::string& name, const std::string& line);

}  // namespace capsule::test
