// Whether a run is sealed (complete), still being recorded, or was left unsealed because the
// capsule recording it is gone (killed, crashed, machine rebooted).
#pragma once

#include <string_view>

#include "log/rundir/manifest.h"

namespace capsule::view {

enum class RunStatus { Sealed, Recording, Unsealed };

// The capsule named by the manifest (capsule_pid + capsule_instance) still exists. False when the
// manifest names none (written by an older capsule, or an import): such a run cannot be watched.
bool recorder_alive(const Manifest& m);

RunStatus run_status(const Manifest& m);

std::string_view run_status_name(RunStatus s);  // "sealed", "recording", "unsealed"

}  // namespace capsule::view
