// capsule profile: a Docker/OCI seccomp profile allowing exactly the syscalls recorded runs made,
// for `capsule run --policy` and for container runtimes (podman/docker --security-opt seccomp=).
#include <fmt/core.h>
#include <gnu/libc-version.h>
#include <sys/utsname.h>

#include <nlohmann/json.hpp>

#include <set>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/run_verified.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"
#include "policy/egress_learn.h"
#include "policy/landlock_learn.h"
#include "policy/profile_builder.h"
#include "policy/run_diff.h"
#include "policy/run_observations.h"
#include "version.h"

namespace capsule {
namespace {

struct ProfileCommandOptions {
  HomeOption home;
  std::vector<std::string> runs;
  std::string output;
  std::string default_action = "errno";
  bool strict = false;
  std::string format = "policy";
  std::vector<std::string> diff;  // --diff A B
  bool json = false;
};

nlohmann::ordered_json run_metadata(const std::filesystem::path& dir) {
  nlohmann::ordered_json run;
  run["run_id"] = run_id_of(dir);
  try {
    const Manifest m = read_manifest(dir);
    run["command"] = m.command;
    run["state"] = m.state;
    nlohmann::ordered_json heads = nlohmann::ordered_json::object();
    for (const auto& s : m.streams) heads[s.name] = s.head;
    run["heads"] = heads;
  } catch (const std::exception&) {
    run["heads"] = nullptr;  // verify accepted the run; a manifest without heads is "running"
  }
  return run;
}

nlohmann::ordered_json host_metadata(nlohmann::ordered_json runs, const ProfileCommandOptions& o) {
  nlohmann::ordered_json meta;
  meta["generator"] = std::string("capsule ") + CAPSULE_VERSION;
  meta["runs"] = std::move(runs);
  utsname u{};
  if (::uname(&u) == 0) {
    meta["kernel"] = std::string(u.sysname) + " " + u.release;
    meta["architecture"] = u.machine;
  }
  meta["libc"] = std::string("glibc ") + gnu_get_libc_version();
  meta["default_action"] = o.default_action;
  meta["strict"] = o.strict;
  meta["launcher_syscalls"] = launcher_syscalls();
  meta["runtime_syscalls"] = container_runtime_syscalls();
  return meta;
}

// Each run must verify: a profile from a doctored record would allow what nobody ran.
int check_runs(const std::filesystem::path& home, const std::vector<std::filesystem::path>& dirs) {
  for (const auto& dir : dirs) {
    if (const int code = require_verified(home, dir, "profiling"); code != exit_code::kOk) return code;
    // A --trace run left calls out on purpose: an allow-list from it would refuse them.
    for (const auto& [name, raw] : read_manifest(dir).extra) {
      if (name != "trace_selection") continue;
      const auto sel = nlohmann::json::parse(raw, nullptr, false);
      const std::string spec = sel.is_object() ? sel.value("spec", std::string("?")) : std::string("?");
      print_error(fmt::format("run {} recorded only --trace {}: a profile needs every call; record the "
                              "program again without --trace", run_id_of(dir), spec));
      return exit_code::kUsage;
    }
  }
  return exit_code::kOk;
}

// --diff A B: what each run did that the other did not.
int profile_diff(const ProfileCommandOptions& o) {
  std::vector<std::filesystem::path> dirs;
  try {
    const auto home = resolve_home(o.home.home);
    for (const auto& spec : o.diff) dirs.push_back(resolve_run(home, spec));
    if (const int code = check_runs(home, dirs); code != exit_code::kOk) return code;
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  RunFootprint a, b;
  try {
    a = run_footprint(dirs[0], read_manifest(dirs[0]).cwd);
    b = run_footprint(dirs[1], read_manifest(dirs[1]).cwd);
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kTampered;
  }
  const RunFootprint only_a = footprint_minus(a, b), only_b = footprint_minus(b, a);
  const std::string id_a = run_id_of(dirs[0]), id_b = run_id_of(dirs[1]);
  if (o.json) {
    nlohmann::ordered_json j;
    j["a"] = id_a;
    j["b"] = id_b;
    j["only_a"] = footprint_json(only_a);
    j["only_b"] = footprint_json(only_b);
    fmt::print("{}\n", j.dump());
    return exit_code::kOk;
  }
  fmt::print("only in A ({}):\n{}", id_a, footprint_empty(only_a) ? "  nothing\n" : footprint_text(only_a));
  fmt::print("only in B ({}):\n{}", id_b, footprint_empty(only_b) ? "  nothing\n" : footprint_text(only_b));
  return exit_code::kOk;
}

int profile(const ProfileCommandOptions& o) {
  if (!o.diff.empty()) return profile_diff(o);
  std::filesystem::path home;
  std::vector<std::filesystem::path> dirs;
  try {
    home = resolve_home(o.home.home);
    std::set<std::filesystem::path> seen;
    for (const auto& spec : o.runs.empty() ? std::vector<std::string>{"latest"} : o.runs) {
      const auto dir = resolve_run(home, spec);
      if (seen.insert(dir).second) dirs.push_back(dir);
    }
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  if (const int code = check_runs(home, dirs); code != exit_code::kOk) return code;

  Observations obs;
  FsNetObservations fs_net;
  std::set<std::string> egress;
  nlohmann::ordered_json runs = nlohmann::ordered_json::array();
  SeccompProfile result;
  try {
    for (const auto& dir : dirs) {
      observe_run(dir, run_id_of(dir), obs);
      if (o.format == "policy") {
        const std::string cwd = read_manifest(dir).cwd;
        observe_fs_net(dir, cwd, fs_net);
        observe_egress(dir, cwd, egress);
      }
      runs.push_back(run_metadata(dir));
    }
    // Left out with a warning rather than written into a profile that `run --policy` refuses.
    for (const auto& name : drop_unknown_syscalls(obs)) {
      print_error(fmt::format("warning: '{}' is not a syscall libseccomp knows; left out of the profile", name));
    }
    result = build_profile(obs, ProfileOptions{o.default_action, o.strict});
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kTampered;
  }
  std::string text;
  if (o.format == "summary") {
    text = render_summary(obs, result);
  } else if (o.format == "policy") {
    text = render_policy(result, build_landlock_policy(fs_net), build_egress_policy(egress), host_metadata(std::move(runs), o));
  } else {
    text = render_profile(result, host_metadata(std::move(runs), o));
  }
  return write_output(o.output.empty() ? "-" : o.output, text) ? exit_code::kOk : exit_code::kCannotRecord;
}

}  // namespace

Command add_profile_command(CLI::App& app) {
  auto opts = std::make_shared<ProfileCommandOptions>();
  auto* sub = app.add_subcommand("profile", "Write a policy allowing exactly the syscalls, files and TCP ports "
                                            "recorded runs used (or the Docker/OCI seccomp profile alone)");
  add_home_option(*sub, opts->home);
  sub->add_option("--run", opts->runs, "A run to learn from (repeat to merge runs; default: the latest)");
  sub->add_option("-o,--output", opts->output, "Write the profile here (default: standard output)");
  sub->add_option("--default-action", opts->default_action,
                  "What the profile does with any other syscall: errno (EPERM), kill (the process), "
                  "log (allow and log: complain mode)")
      ->default_val("errno")->check(CLI::IsMember({"errno", "kill", "log"}));
  sub->add_flag("--strict", opts->strict,
                "Also forbid mappings that are writable and executable at once, unless the runs made one");
  sub->add_option("--format", opts->format,
                  "policy (capsule's policy: seccomp, Landlock file and TCP port rules; docs/POLICY.md), oci "
                  "(the Docker/OCI seccomp profile alone, for runc/podman; json is the same), or summary (a "
                  "table for people)")
      ->default_val("policy")->check(CLI::IsMember({"policy", "oci", "json", "summary"}));
  auto* diff = sub->add_option("--diff", opts->diff,
                               "Instead of a profile: what run A did that run B did not, and the reverse "
                               "(syscalls, paths by directory with their access, TCP ports, peers)")
                   ->expected(2)->type_name("A B");
  sub->add_flag("--json", opts->json, "With --diff: one JSON object ({\"a\",\"b\",\"only_a\",\"only_b\"})")
      ->needs(diff);
  diff->excludes("--run");
  return {sub, [opts] { return profile(*opts); }, nullptr};
}

}  // namespace capsule
