// One screen of `capsule watch`, as lines that each fit the width: a title (run, state,
// command), the counts, the process tree (pid, state or how it ended, program and argv, indented
// under its parent), the findings most severe first, the newest actions (as `capsule tail` shows
// them) and a key line. Pure: the session draws it, the tests read it.
#pragma once

#include <string>
#include <vector>

#include "view/watch/watch_model.h"

namespace capsule::view::watch {

struct FrameInfo {
  std::string run_id;  // "" while waiting for a run
  std::string state;   // "recording", "complete", "unsealed (its capsule is gone)", "waiting for a run"
  bool ended = false;  // the run is over: a process not seen to end is "?" rather than running
  size_t width = 80;
  size_t height = 24;
  bool colour = false;
  // On a terminal: the frame fills the height and ends with the keys; else (one frame for a
  // script) it ends after its last section.
  bool live = true;
};

// At most info.height lines, none wider than info.width columns (no trailing newline).
std::vector<std::string> render_frame(const WatchModel& model, const FrameInfo& info);

}  // namespace capsule::view::watch
