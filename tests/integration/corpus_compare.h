// Compares strace's lines with a capsule log's, as multisets (the order of two processes' lines
// differs between runs), and says what differs that no allowance covers.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "corpus_allowed.h"
#include "corpus_log.h"

namespace capsule::test {

struct Comparison {
  size_t strace_lines = 0;
  size_t exact = 0;       // strace's lines that capsule wrote byte for byte
  size_t normalised = 0;  // … once run-to-run differences are replaced
  size_t allowed = 0;     // lines left over on either side that an allowance covers
  size_t failing = 0;     // lines left over that none covers
  std::set<int> used;     // the allowances that covered a line
  std::string diff;       // the failing lines, per syscall, strace's beside capsule's
};

// same_run: capsule's log is strace's own read back (import), so nothing differs between runs
// and the exact lines are compared; otherwise the normalised ones.
Comparison compare_logs(const LogLines& strace, const LogLines& capsule, bool same_run,
                        const std::vector<Allowance>& allowances, const std::string& backend,
                        const std::string& program);

}  // namespace capsule::test
