// capsule summary [--run ID] [--json]: what a run did — its processes, the files it wrote and
// read, the peers it talked to (with the names it looked them up as), its findings and refused
// calls — built from the stored streams by src/summary/.
#include <fmt/core.h>

#include <stdexcept>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "summary/run_summary.h"

namespace capsule {
namespace {

struct SummaryOptions {
  HomeOption home;
  std::string run;
  bool json = false;
};

int show_summary(const SummaryOptions& o) {
  const auto dir = chosen_run_dir(o.home, o.run);
  if (!dir) return exit_code::kUsage;
  summary::RunSummary s;
  try {
    s = summary::read_summary(*dir);
  } catch (const std::exception& e) {
    print_error(fmt::format("summary: {}", e.what()));
    return exit_code::kUsage;
  }
  fmt::print("{}", o.json ? summary::render_json(s) : summary::render_text(s));
  return exit_code::kOk;
}

}  // namespace

Command add_summary_command(CLI::App& app) {
  auto opts = std::make_shared<SummaryOptions>();
  auto* sub = app.add_subcommand("summary", "What a run did: processes, files written and read, peers, findings");
  add_run_option(*sub, opts->run);
  add_home_option(*sub, opts->home);
  sub->add_flag("--json", opts->json, "One JSON object (docs/FORMAT.md, \"capsule summary --json\")");
  sub->footer("Built from the run's actions.jsonl, risks.jsonl and manifest. Files read are listed when\n"
              "outside /usr, /lib*, /bin, /sbin, /etc, /proc, /sys, /dev, /run, /var/lib, /var/cache and the\n"
              "directory the run started in.");
  return {sub, [opts] { return show_summary(*opts); }, nullptr};
}

}  // namespace capsule
