// The one way the commands that read a run turn --home and --run into its log directory.
#include <exception>

#include "cli/commands.h"
#include "log/rundir/run_dir.h"

namespace capsule {

std::optional<std::filesystem::path> chosen_run_dir(const HomeOption& home, const std::string& run) {
  try {
    return resolve_run(resolve_home(home.home), run);
  } catch (const std::exception& e) {
    print_error(e.what());
    return std::nullopt;
  }
}

}  // namespace capsule
