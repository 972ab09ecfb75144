// A recorded run read for a conclusion (a profile, a policy check) must verify first: a doctored
// record would allow, or clear, what nobody ran.
#pragma once

#include <filesystem>
#include <string_view>

namespace capsule {

// kTampered, said in one line ("capsule: run ID does not verify: PROBLEM"), when the run does not
// verify; a warning when it is intact but not sealed ("…; DOING it anyway"); else kOk.
int require_verified(const std::filesystem::path& home, const std::filesystem::path& dir, std::string_view doing);

}  // namespace capsule
