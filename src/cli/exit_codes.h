// capsule's own exit codes (README.md, "Exit codes"). Otherwise `capsule run` exits with the
// program's code, or 128+N when the program died of signal N, as a shell reports it.
#pragma once

namespace capsule::exit_code {

inline constexpr int kOk = 0;
inline constexpr int kTampered = 1;       // verify: a record or the manifest does not check out
inline constexpr int kUsage = 2;          // bad arguments, unknown run
inline constexpr int kUnsealed = 3;       // verify: intact, but not (fully) authenticated
inline constexpr int kFindings = 4;     // run --fail-on: a finding reached the severity (the
                                          // program exited 0)
inline constexpr int kPolicyUnenforceable = 5;  // run --policy: the kernel (or backend) cannot enforce
                                                // all of it (Landlock missing or too old) and
                                                // --best-effort was not given; nothing ran
inline constexpr int kStore = 6;          // push, query, verify --anchor postgres://: the store
                                          // cannot be reached or refused a statement
inline constexpr int kPolicyWouldDeny = 7;  // policy check: the policy would refuse calls of the run
inline constexpr int kCannotRecord = 125; // capsule itself could not trace or record (home
                                          // unusable, log disk full, tracer failure)
inline constexpr int kCannotExecute = 126;
inline constexpr int kNotFound = 127;

}  // namespace capsule::exit_code
