#include "cli/commands.h"
#include "log/rundir/run_dir.h"

namespace capsule {

std::optional<std::filesystem::path> find_run_dir(const HomeOption& home, const std::string& spec) {
  try {
    return resolve_run(resolve_home(home.home), spec);
  } catch (const std::exception& e) {
    print_error(e.what());
    return std::nullopt;
  }
}

}  // namespace capsule
