// capsule findings [--run ID] [--json] [--min SEVERITY]: a run's risks.jsonl, most severe first,
// one line per finding (the rule, the process, what happened, the evidence seqs to look up in
// events.jsonl / enriched.jsonl).
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "detect/rule.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "view/record_render.h"

namespace capsule {
namespace {

struct FindingsOptions {
  HomeOption home;
  std::string run;
  bool json = false;
  std::string min = "info";
};

struct Row {
  nlohmann::ordered_json record;
  std::string line;  // as stored (for --json)
  int severity = 0;
  uint64_t number = 0;
};

std::string evidence_text(const nlohmann::ordered_json& ev) {
  std::string out;
  for (const auto& s : ev) {
    if (!out.empty()) out += ",";
    out += std::to_string(s.get<uint64_t>());
  }
  return out;
}

// The members read below have the types capsule writes (a changed risks.jsonl must not make
// json::value throw).
bool well_formed(const nlohmann::ordered_json& r) {
  if (!r.is_object()) return false;
  auto is = [&r](const char* key, bool (nlohmann::ordered_json::*test)() const noexcept) {
    return !r.contains(key) || (r[key].*test)();
  };
  if (!is("severity", &nlohmann::ordered_json::is_string) || !is("rule", &nlohmann::ordered_json::is_string) ||
      !is("description", &nlohmann::ordered_json::is_string) ||
      !is("finding", &nlohmann::ordered_json::is_number_unsigned) ||
      !is("pid", &nlohmann::ordered_json::is_number_integer) ||
      !is("evidence", &nlohmann::ordered_json::is_array)) {
    return false;
  }
  for (const auto& s : r.value("evidence", nlohmann::ordered_json::array())) {
    if (!s.is_number_unsigned()) return false;
  }
  return true;
}

int show_findings(const FindingsOptions& o) {
  const auto min = parse_severity(o.min);
  if (!min) {
    print_error(fmt::format("findings: --min {}: expected info, low, medium, high or critical", o.min));
    return exit_code::kUsage;
  }
  const auto found = find_run_dir(o.home, o.run);
  if (!found) return exit_code::kUsage;
  const std::filesystem::path& dir = *found;
  LineReader in(stream_file_path(dir, run_stream(RunStream::Risks).name));
  if (in.error() != 0) {
    if (!o.json) fmt::print("no findings: this run has no risks.jsonl (recorded before detection existed)\n");
    return exit_code::kOk;
  }
  std::vector<Row> rows;
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    Row r;
    r.record = nlohmann::ordered_json::parse(line, nullptr, false);
    // A torn last line, or a record not of capsule's making: verify reports it.
    if (r.record.is_discarded() || !well_formed(r.record)) continue;
    const auto sev = parse_severity(r.record.value("severity", std::string("info")));
    r.severity = static_cast<int>(sev.value_or(Severity::Info));
    if (r.severity < static_cast<int>(*min)) continue;
    r.number = r.record.value("finding", uint64_t{0});
    r.line = line;
    rows.push_back(std::move(r));
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.severity != b.severity ? a.severity > b.severity : a.number < b.number;
  });
  if (o.json) {
    for (const Row& r : rows) fmt::print("{}\n", r.line);
    return exit_code::kOk;
  }
  if (rows.empty()) {
    fmt::print("no findings\n");
    return exit_code::kOk;
  }
  const bool tty = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
  for (const Row& r : rows) {
    const std::string sev = r.record.value("severity", std::string("?"));
    const bool loud = r.severity >= static_cast<int>(Severity::High);
    // Every text of the record is escaped: the description quotes paths and argv the program chose.
    fmt::print("{}{:<8}{} {:<24} pid {:<7} {}  [seq {}]\n", tty && loud ? "\x1b[31m" : "", view::printable(sev),
               tty && loud ? "\x1b[0m" : "", view::printable(r.record.value("rule", std::string("?"))),
               r.record.value("pid", 0), view::printable(r.record.value("description", std::string())),
               evidence_text(r.record.value("evidence", nlohmann::ordered_json::array())));
  }
  return exit_code::kOk;
}

}  // namespace

Command add_findings_command(CLI::App& app) {
  auto opts = std::make_shared<FindingsOptions>();
  auto* sub = app.add_subcommand("findings", "What the detection rules found in a run (risks.jsonl), most severe first");
  sub->add_option("--run", opts->run, "Which run: id, unique prefix, log directory, or latest (default)");
  add_home_option(*sub, opts->home);
  sub->add_flag("--json", opts->json, "The records as stored (one JSON object per line)");
  sub->add_option("--min", opts->min, "Only findings of this severity or above (info, low, medium, high, critical)");
  sub->footer("Each line: severity, rule, pid, description, and the seq numbers of the events that are the\n"
              "evidence (look them up in events.jsonl / enriched.jsonl). Rules: docs/RULES.md.");
  return {sub, [opts] { return show_findings(*opts); }, nullptr};
}

}  // namespace capsule
