// capsule export --format ocsf [--run ID] [-o FILE]: a run's actions and findings as OCSF JSON
// Lines for a SIEM (src/export/, docs/EXPORT.md). The records are exported as they are stored,
// so their arguments are redacted as the run's were.
#include <fmt/core.h>
#include <unistd.h>

#include <array>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "export/ocsf_export.h"
#include "version.h"

namespace capsule {
namespace {

struct ExportOptions {
  HomeOption home;
  std::string run;
  std::string format = "ocsf";
  std::string output = "-";
};

std::string host_name() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "unknown";
  return buf.data();
}

int export_run(const ExportOptions& o) {
  const auto dir = chosen_run_dir(o.home, o.run);
  if (!dir) return exit_code::kUsage;
  std::ofstream file;
  if (o.output != "-") {
    file.open(o.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      print_error(fmt::format("export: cannot write {}", o.output));
      return exit_code::kCannotRecord;
    }
  }
  std::ostream& out = o.output == "-" ? std::cout : file;
  try {
    ocsf::export_run(*dir, CAPSULE_VERSION, host_name(), out);
  } catch (const std::exception& e) {
    print_error(fmt::format("export: {}", e.what()));
    return exit_code::kUsage;
  }
  out.flush();
  if (!out) {
    print_error(fmt::format("export: cannot write {}", o.output == "-" ? "standard output" : o.output));
    return exit_code::kCannotRecord;
  }
  return exit_code::kOk;
}

}  // namespace

Command add_export_command(CLI::App& app) {
  auto opts = std::make_shared<ExportOptions>();
  auto* sub = app.add_subcommand("export", "A run's processes, file and network activity and findings as OCSF JSON Lines");
  add_run_option(*sub, opts->run);
  add_home_option(*sub, opts->home);
  sub->add_option("--format", opts->format, "ocsf: OCSF 1.x events, one JSON object a line")
      ->default_val("ocsf")
      ->check(CLI::IsMember({"ocsf"}));
  sub->add_option("-o,--output", opts->output, "Write the events here; - for standard output (the default)")
      ->check(non_empty());
  sub->footer("Process Activity (1007) from exec and exit records, File System Activity (1001) and Network\n"
              "Activity (4001) from actions.jsonl, Detection Finding (2004) from risks.jsonl; the field mapping\n"
              "is docs/EXPORT.md. Arguments are exported as recorded: redacted as the run was.");
  return {sub, [opts] { return export_run(*opts); }, nullptr};
}

}  // namespace capsule
