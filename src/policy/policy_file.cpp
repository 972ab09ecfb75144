#include "policy/policy_file.h"

#include <fstream>
#include <sstream>

#include "policy/profile_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {

LoadedPolicy load_policy_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ProfileError(path + ": cannot read the policy file");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const SeccompProfile profile = parse_profile(text.str());
    CompiledPolicy compiled = compile_profile(profile, current_host_facts());
    return {std::move(compiled.program), std::move(compiled.warnings)};
  } catch (const std::runtime_error& e) {  // ProfileError, or libseccomp refusing
    throw ProfileError(path + ": " + e.what());
  }
}

}  // namespace capsule
