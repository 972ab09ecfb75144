#include "policy/policy_file.h"

#include <fmt/core.h>
#include <linux/filter.h>

#include "log/rundir/input_file.h"
#include "policy/profile_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {

LoadedPolicy load_policy_file(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    throw ProfileError(std::string(e.what()) + " (the policy file)");
  }
  try {
    const SeccompProfile profile = parse_profile(text);
    CompiledPolicy compiled = compile_profile(profile, current_host_facts());
    // The kernel refuses a longer filter with a bare EINVAL, and only once the program is being
    // started: say why here, before a run directory exists.
    if (compiled.program.insns.size() > BPF_MAXINSNS) {
      throw ProfileError(fmt::format("the profile compiles to {} BPF instructions; the kernel accepts at most {} "
                                     "in one seccomp filter (use fewer argument rules)",
                                     compiled.program.insns.size(), BPF_MAXINSNS));
    }
    return {std::move(compiled.program), std::move(compiled.warnings)};
  } catch (const std::runtime_error& e) {  // ProfileError, or libseccomp refusing
    throw ProfileError(path + ": " + e.what());
  }
}

}  // namespace capsule
