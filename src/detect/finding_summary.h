// The lines capsule prints about a run's findings when the program ends (after its summary line):
//   capsule: 2 findings (1 high): exec-from-temp, outbound-connect
//   capsule:   high  exec-from-temp: ran /tmp/x from a world-writable temporary directory
// Nothing when there are no findings.
#pragma once

#include <string>
#include <vector>

#include "detect/finding.h"

namespace capsule {

std::vector<std::string> finding_summary_lines(const FindingTally& tally);

}  // namespace capsule
