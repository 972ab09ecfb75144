// capsule report [--run ID] [-o FILE] [--format html|md]: a run for people who were not there —
// one self-contained HTML page (or a short Markdown page for a CI job summary) built by
// src/report from the run's streams, with the verifier's verdict on them.
#include <fmt/core.h>

#include <stdexcept>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/run_dir.h"
#include "report/render.h"

namespace capsule {
namespace {

struct ReportOptions {
  HomeOption home;
  std::string run;
  std::string output;
  std::string format = "html";
};

int make_report(const ReportOptions& o) {
  const auto dir = chosen_run_dir(o.home, o.run);
  if (!dir) return exit_code::kUsage;
  std::string page;
  try {
    const report::ReportModel m = report::read_report(*dir, resolve_home(o.home.home));
    page = o.format == "md" ? report::render_md(m) : report::render_html(m);
  } catch (const std::exception& e) {
    print_error(fmt::format("report: {}", e.what()));
    return exit_code::kUsage;
  }
  const std::string path =
      !o.output.empty() ? o.output
      : o.format == "md" ? std::string("-")
                         : fmt::format("capsule-report-{}.html", run_id_of(*dir).substr(0, 8));
  if (!write_output(path, page, "report: ")) return exit_code::kCannotRecord;
  if (o.output.empty()) print_error(fmt::format("report written to {}", path));
  return exit_code::kOk;
}

}  // namespace

Command add_report_command(CLI::App& app) {
  auto opts = std::make_shared<ReportOptions>();
  auto* sub = app.add_subcommand("report", "A run as one self-contained HTML page (or Markdown for CI): its processes, "
                                           "files, peers, findings with their evidence, verdict and profile");
  add_run_option(*sub, opts->run);
  add_home_option(*sub, opts->home);
  sub->add_option("-o,--output", opts->output,
                  "Write the page here; - for standard output (default: capsule-report-<run>.html for html, "
                  "standard output for md)");
  sub->add_option("--format", opts->format, "html (one page that loads nothing) or md (for CI job summaries)")
      ->default_val("html")
      ->check(CLI::IsMember({"html", "md"}));
  sub->footer("Runs `capsule verify` on the run and shows its verdict. Long tables are cut, each saying how many\n"
              "rows it left out, so that the page of a run of a million syscalls stays under 10 MB.");
  return {sub, [opts] { return make_report(*opts); }, nullptr};
}

}  // namespace capsule
