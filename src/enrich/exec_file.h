// Looks at the file an execve ran, as the kernel did, to learn what it does to the identity:
// set-id bits, owner, group, file capabilities. Only for live runs: an imported log's files are
// not (or no longer) the ones on this machine.
#pragma once

#include <optional>
#include <string>

#include "enrich/identity.h"

namespace capsule {

// What execve of `path` takes from the file: for a "#!" script, from its interpreter (Linux
// ignores a script's own set-id bits); set-id bits and file capabilities count as absent on a
// nosuid mount, as the kernel ignores them there. nullopt when it cannot tell (the file is gone,
// unreadable, not a regular file, or a script names a relative interpreter).
//
// Known limits, all of them cases where the answer describes a file other than the one run:
// the file was replaced or changed between the execve and this look (the enricher runs behind
// the program); the process runs in another mount namespace or under chroot (the path is
// looked up in capsule's); the owner is not mapped in the process's user namespace (the kernel
// then ignores the bit).
std::optional<ExecFile> probe_exec_file(const std::string& path);

}  // namespace capsule
