// From recorded runs to the Landlock part of a policy: what the programs opened, created,
// removed and executed, and the TCP ports they bound and connected to, generalised per directory
// (docs/POLICY.md, "How the Landlock part is learnt"):
//   - system directories (/usr, /etc, /proc, …) are granted read as a whole; a file written there
//     (/dev/null) only itself; a directory programs were executed from, read and execute;
//   - the run's working directory is granted, as a whole, what was done beneath it;
//   - temporary directories (/tmp, /var/tmp, /dev/shm) likewise, when the run used them;
//   - anything else: the directory of the file, with what was done there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "policy/landlock_policy.h"

namespace capsule {

struct FsNetObservations {
  std::map<std::string, FsRule> grants;  // by path, already generalised
  std::set<uint16_t> bind_tcp;
  std::set<uint16_t> connect_tcp;
};

// Adds one run (events.jsonl for the arguments, enriched.jsonl for the resolved paths, read in
// step by seq). cwd: the run's working directory (its manifest's). Throws std::runtime_error when
// events.jsonl cannot be read.
void observe_fs_net(const std::filesystem::path& log_dir, const std::string& cwd, FsNetObservations& obs);

// The rules, sorted, without those a rule on an ancestor already covers; network rules always
// present (an empty list refuses every TCP bind or connect).
LandlockPolicy build_landlock_policy(const FsNetObservations& obs);

}  // namespace capsule
