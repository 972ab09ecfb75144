// Names one process instance, so that a reader can tell whether the capsule that wrote a run is
// still recording it: a pid alone is reused, so the manifest keeps the pid together with a token
// that changes when the pid is reused or the machine reboots.
#pragma once

#include <sys/types.h>

#include <string>

namespace capsule {

// "<boot id>:<start time in clock ticks since boot>" of process pid, or "" when there is no such
// process (or /proc cannot tell). Two tokens are equal only for the same process.
std::string process_instance_token(pid_t pid);

}  // namespace capsule
