// The parts of a report that come from other stages: the verifier's verdict (src/log/verify) and
// the profile the run would give (src/policy). Internal to src/report.
#pragma once

#include <filesystem>

#include "report/report_model.h"

namespace capsule::report {

// capsule verify's verdict on the run, with the home's keys as `capsule verify` takes them.
Verdict verdict_of(const std::filesystem::path& dir, const std::filesystem::path& home);

// What `capsule profile --run` would allow, in short; error says why there is none.
ProfileView profile_of(const std::filesystem::path& dir);

}  // namespace capsule::report
