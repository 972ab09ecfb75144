// From observations to a profile: allow exactly what the runs did, plus what capsule's own
// launcher and every process need, and refuse the rest.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "policy/egress_policy.h"
#include "policy/landlock_policy.h"
#include "policy/run_observations.h"
#include "policy/seccomp_profile.h"

namespace capsule {

struct ProfileOptions {
  std::string default_action = "errno";  // errno (EPERM) | kill (kill-process) | log (complain mode)
  bool strict = false;                   // forbid PROT_WRITE|PROT_EXEC mappings never seen
};

// What capsule's child does after its filters are installed (launcher.cpp): execve, and when that
// fails, write (the errno report to capsule) and exit_group.
const std::vector<std::string>& launcher_syscalls();
// What any process needs whatever it does: returning from signal handlers, restarting
// interrupted calls, ending a thread or the process.
const std::vector<std::string>& basic_syscalls();

// What an OCI runtime's init still does after loading the filter and before execve, so that the
// same file works under runc/podman: measured with runc 1.1.5 (it checks that /proc/self/fd is
// procfs and closes every inherited fd: openat, fstatfs, getdents64, close), plus futex, which
// its Go runtime may need at any moment.
const std::vector<std::string>& container_runtime_syscalls();

// Takes out of obs the names that no profile can hold (compile_profile would refuse them): what an
// import recorded for a call strace could not name ("syscall_0x1ff") or a line it did not write
// ("frobnicate"). Returns them, to be warned about.
std::vector<std::string> drop_unknown_syscalls(Observations& obs);

// Throws std::invalid_argument for an unknown default action, std::runtime_error when the runs
// show no syscall at all (an empty allow-list would be a profile that allows nothing).
SeccompProfile build_profile(const Observations& obs, const ProfileOptions& opts);

// The profile as Docker/OCI JSON, keys in the order Docker writes them, then "capsule" (metadata
// that runtimes ignore, as they ignore every key they do not know). Same input, same bytes.
std::string render_profile(const SeccompProfile& profile, const nlohmann::ordered_json& metadata);

// capsule's policy file (docs/POLICY.md): {"capsule_policy":1, "seccomp": the profile as above,
// "landlock": the file and port rules, "egress": the destinations, "capsule": metadata}. Same
// input, same bytes.
std::string render_policy(const SeccompProfile& profile, const LandlockPolicy& landlock, const EgressPolicy& egress,
                          const nlohmann::ordered_json& metadata);

// --format summary: one line per allowed syscall with its count and first user.
std::string render_summary(const Observations& obs, const SeccompProfile& profile);

}  // namespace capsule
