#include "cli/run_verified.h"

#include <fmt/core.h>

#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/run_dir.h"
#include "log/verify/home_keys.h"
#include "log/verify/verify.h"

namespace capsule {
namespace {

std::string first_problem(const VerifyReport& r) {
  if (!r.problems.empty()) return r.problems.front();
  for (const auto& s : r.streams) {
    if (!s.ok) return fmt::format("{} line {}: {}", s.file, s.bad_line, s.reason);
  }
  return "tampered or corrupt";
}

}  // namespace

int require_verified(const std::filesystem::path& home, const std::filesystem::path& dir, std::string_view doing) {
  std::optional<EpochSecretKey> epoch_secret;
  const VerifyReport report = verify_run(dir, home_verify_keys(home, epoch_secret));
  const int code = report.exit_code();
  if (code == exit_code::kTampered) {
    print_error(fmt::format("run {} does not verify: {}", run_id_of(dir), first_problem(report)));
    return exit_code::kTampered;
  }
  if (code == exit_code::kUnsealed) {
    print_error(fmt::format("warning: run {} is intact but not sealed; {} it anyway", run_id_of(dir), doing));
  }
  return exit_code::kOk;
}

}  // namespace capsule
