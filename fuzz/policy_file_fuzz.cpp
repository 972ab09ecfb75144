// libFuzzer target for the whole policy file reader behind `capsule run --policy FILE` and
// `capsule policy check`: the capsule format's seccomp, Landlock and egress parts (or a bare
// Docker/OCI profile). A policy may come from anywhere. parse_policy_text either returns a
// policy or throws ProfileError (the CLI's exit 2); anything else is a bug here.
// (seccomp_profile_fuzz.cpp covers the bare profile reader alone.)
#include <cstddef>
#include <cstdint>
#include <string>

#include "policy/policy_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)capsule::parse_policy_text(std::string(reinterpret_cast<const char*>(data), size));
  } catch (const capsule::ProfileError&) {
  }
  return 0;
}
