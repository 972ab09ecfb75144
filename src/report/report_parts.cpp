#include "report/report_parts.h"

#include <algorithm>
#include <optional>

#include "log/rundir/run_dir.h"
#include "log/verify/home_keys.h"
#include "policy/profile_builder.h"
#include "policy/run_observations.h"

namespace capsule::report {

Verdict verdict_of(const std::filesystem::path& dir, const std::filesystem::path& home) {
  std::optional<EpochSecretKey> epoch_secret;
  const VerifyReport r = verify_run(dir, home_verify_keys(home, epoch_secret));
  Verdict v;
  v.code = r.exit_code();
  v.word = v.code == 0 ? "intact" : v.code == 1 ? "tampered" : "unsealed";
  v.signer = r.signer;
  v.problems = r.problems;
  for (const auto& s : r.streams) {
    if (!s.ok) v.problems.push_back(s.file + " line " + std::to_string(s.bad_line) + ": " + s.reason);
  }
  v.unproven = r.unproven;
  v.incomplete = r.incomplete;
  return v;
}

ProfileView profile_of(const std::filesystem::path& dir) {
  ProfileView view;
  try {
    Observations obs;
    observe_run(dir, run_id_of(dir), obs);
    drop_unknown_syscalls(obs);
    const SeccompProfile p = build_profile(obs, ProfileOptions{});
    view.default_action = p.default_action;
    std::vector<std::string> names;
    for (const ProfileRule& rule : p.syscalls) {
      if (rule.action == "SCMP_ACT_ALLOW") names.insert(names.end(), rule.names.begin(), rule.names.end());
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    view.allowed_total = names.size();
    if (names.size() > kMaxProfileNames) names.resize(kMaxProfileNames);
    view.allowed = std::move(names);
  } catch (const std::exception& e) {
    view.error = e.what();
  }
  return view;
}

}  // namespace capsule::report
