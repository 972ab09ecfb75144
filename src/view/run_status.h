// Whether a run is sealed (complete), still being recorded, or was left unsealed because the
// capsule recording it is gone (killed, crashed, machine rebooted).
#pragma once

#include <filesystem>
#include <string_view>

#include "log/rundir/manifest.h"

namespace capsule::view {

// Tampered: the manifest says complete but the streams do not match the seal; only a check of the
// streams (verify_run) can tell, so run_status() never returns it.
enum class RunStatus { Sealed, Recording, Unsealed, Tampered };

// The capsule named by the manifest (capsule_pid + capsule_instance) still exists. False when the
// manifest names none (written by an older capsule, or an import): such a run cannot be watched.
bool recorder_alive(const Manifest& m);

RunStatus run_status(const Manifest& m);

// The run in run_dir is being recorded now (false too when its manifest cannot be read yet).
bool is_recording(const std::filesystem::path& run_dir);

std::string_view run_status_name(RunStatus s);  // "sealed", "recording", "unsealed", "tampered"

}  // namespace capsule::view
