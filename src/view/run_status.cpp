#include "view/run_status.h"

#include "log/rundir/process_instance.h"

namespace capsule::view {

bool recorder_alive(const Manifest& m) {
  if (!m.capsule_pid || m.capsule_instance.empty()) return false;
  return process_instance_token(*m.capsule_pid) == m.capsule_instance;
}

RunStatus run_status(const Manifest& m) {
  if (m.state == "complete") return RunStatus::Sealed;
  return recorder_alive(m) ? RunStatus::Recording : RunStatus::Unsealed;
}

bool is_recording(const std::filesystem::path& run_dir) {
  try {
    return run_status(read_manifest(run_dir)) == RunStatus::Recording;
  } catch (const std::exception&) {
    return false;  // no readable manifest: not a run being recorded
  }
}

std::string_view run_status_name(RunStatus s) {
  switch (s) {
    case RunStatus::Sealed: return "sealed";
    case RunStatus::Recording: return "recording";
    case RunStatus::Unsealed: return "unsealed";
    case RunStatus::Tampered: return "tampered";
  }
  return "unsealed";
}

}  // namespace capsule::view
