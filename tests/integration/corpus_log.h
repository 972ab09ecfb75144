// A trace log (strace's own `-f -tt -yy -v -x -s 1000` output, or a run's syscalls.log) read as
// lines that two runs of the same deterministic program write identically: without the pid and
// time prefix, one line per call (strace's "<unfinished ...>" and "<... resumed>" halves joined),
// the padding before " = " as one space, and what differs from run to run replaced (pids and
// other kernel ids, addresses under ASLR, times, inode numbers, ports, random bytes).
#pragma once

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace capsule::test {

// A program-specific replacement (a compiler's temporary file names…), applied after the
// common ones.
struct Rewrite {
  std::regex pattern;
  std::string replacement;
};

struct LogLines {
  std::vector<std::string> exact;       // prefix and padding removed, the work directory named BOX/work
  std::vector<std::string> normalised;  // the same lines, in the same order, normalised
};

// `work`: the directory the program ran in, a different one for each run, alone in its parent
// (BOX in the lines: the program may look at it too).
LogLines read_log(const std::filesystem::path& log, const std::filesystem::path& work,
                  const std::vector<Rewrite>& extra = {});

// The syscall a line is about ("openat"), or "---" for a signal, "+++" for an exit.
std::string call_name(const std::string& line);

}  // namespace capsule::test
