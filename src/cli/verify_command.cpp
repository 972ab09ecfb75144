// capsule verify: recompute every hash chain of a run and check it against its manifest.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/run_dir.h"
#include "log/verify.h"

namespace capsule {
namespace {

struct VerifyOptions {
  HomeOption home;
  std::string run = "latest";
  bool json = false;
};

void print_json(const std::string& run_dir, const VerifyReport& r) {
  nlohmann::json j;
  j["run_dir"] = run_dir;
  j["ok"] = r.ok;
  j["complete"] = r.complete;
  j["problems"] = r.problems;
  for (const auto& s : r.streams) {
    nlohmann::json js{{"stream", s.stream}, {"file", s.file}, {"records", s.records}, {"ok", s.ok}};
    if (!s.ok) {
      js["bad_line"] = s.bad_line;
      js["bad_offset"] = s.bad_offset;
      js["reason"] = s.reason;
    }
    j["streams"].push_back(js);
  }
  fmt::print("{}\n", j.dump(2));
}

int verify(const VerifyOptions& o) {
  std::filesystem::path dir;
  try {
    dir = resolve_run(resolve_home(o.home.home), o.run);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  const VerifyReport r = verify_run(dir);
  if (o.json) {
    print_json(dir.string(), r);
    return r.ok ? exit_code::kOk : exit_code::kTampered;
  }
  if (r.ok) {
    uint64_t total = 0;
    std::string parts;
    for (const auto& s : r.streams) {
      total += s.records;
      parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", s.stream, s.records);
    }
    fmt::print("ok\n");
    fmt::print("  run {}: {} records intact ({}){}\n", dir.string(), total, parts,
               r.complete ? "" : "; the run did not end cleanly (no final manifest)");
    return exit_code::kOk;
  }
  fmt::print("FAILED\n");
  for (const auto& p : r.problems) fmt::print("  {}\n", p);
  for (const auto& s : r.streams) {
    if (!s.ok) {
      fmt::print("  {} ({}): line {} (byte {}): {}\n", s.stream, s.file, s.bad_line, s.bad_offset, s.reason);
    }
  }
  for (const auto& s : r.streams) {
    if (!s.ok) {
      print_error(fmt::format("verify: {} line {}: {}", s.file, s.bad_line, s.reason));
      return exit_code::kTampered;
    }
  }
  print_error(fmt::format("verify: {}", r.problems.empty() ? "run does not verify" : r.problems.front()));
  return exit_code::kTampered;
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto opts = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand("verify", "Check a run's hash chains and manifest (exit 0 intact, 1 tampered)");
  sub->add_option("--home", opts->home.home, "Where runs are kept (default: $CAPSULE_HOME or ~/.capsule)");
  sub->add_option("--run", opts->run, "A run id, a unique prefix of one, a log directory, or 'latest'")
      ->default_val("latest");
  sub->add_flag("--json", opts->json, "Print the report as JSON");
  return {sub, [opts] { return verify(*opts); }, nullptr};
}

}  // namespace capsule
