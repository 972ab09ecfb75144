// The report as a short Markdown page for a CI job summary ($GITHUB_STEP_SUMMARY and the like):
// the verdict, the process tree, the peers and the findings. Values are escaped by md(): a file
// name cannot end its table cell or start markup, and a newline in it cannot end its row.
#include <fmt/core.h>

#include "report/escape.h"
#include "report/render.h"
#include "report/report_text.h"

namespace capsule::report {
namespace {

constexpr size_t kMaxMdProcesses = 50;
constexpr size_t kMaxMdRows = 50;

}  // namespace

std::string render_md(const ReportModel& m) {
  const summary::RunSummary& s = m.summary;
  // No code span around the command: a code span would show its escapes as they are written.
  std::string out = fmt::format("## capsule: {}\n\n", s.command.empty() ? "?" : md(s.command));
  out += fmt::format("**{}** ({}) · run {} · exit {} · syscalls: {} · processes: {} · findings: {}\n\n",
                     md(m.verdict.word),
                     m.verdict.code == 0   ? "intact and sealed"
                     : m.verdict.code == 1 ? "tampered or corrupt"
                                           : "not sealed by a trusted key",
                     md(s.run_id), s.exit_code ? fmt::format("{}", *s.exit_code) : std::string("?"), s.syscalls,
                     s.processes.size(), s.findings.size());
  for (const auto& p : m.verdict.problems) out += fmt::format("- problem: {}\n", md(p));

  out += "\n### Processes\n\n";
  size_t listed = 0;
  const size_t left = walk_tree(
      s,
      [&](const summary::Process& p, size_t depth) {
        if (++listed > kMaxMdProcesses) return;
        const std::string took = process_duration(p);
        out += fmt::format("{}- {} {} · {}{}\n", std::string(2 * std::min<size_t>(depth, 12), ' '), p.pid,
                           md(p.argv.empty() ? p.exe : argv_line(p.argv)), md(p.end.empty() ? "end not seen" : p.end),
                           took.empty() ? "" : " · " + took);
      },
      [](const summary::Process&) {});
  const size_t hidden = left + (listed > kMaxMdProcesses ? listed - kMaxMdProcesses : 0);
  if (hidden > 0) out += fmt::format("- and {} more\n", hidden);

  if (!s.peers.empty()) {
    out += "\n### Network peers\n\n| host | address | port | sent | received |\n|---|---|---|---|---|\n";
    for (size_t i = 0; i < s.peers.size() && i < kMaxMdRows; ++i) {
      const auto& p = s.peers[i];
      out += fmt::format("| {} | {} | {} | {} B | {} B |\n", md(p.host.empty() ? "?" : p.host), md(p.address), p.port,
                         p.sent, p.received);
    }
    if (s.peers.size() > kMaxMdRows) out += fmt::format("\nand {} more\n", s.peers.size() - kMaxMdRows);
  }
  out += "\n### Findings\n\n";
  if (s.findings.empty()) out += "none\n";
  else out += "| severity | rule | pid | description |\n|---|---|---|---|\n";
  for (size_t i = 0; i < s.findings.size() && i < kMaxMdRows; ++i) {
    const auto& f = s.findings[i];
    out += fmt::format("| {} | {} | {} | {} |\n", md(f.severity), md(f.rule), f.pid, md(f.description));
  }
  if (s.findings.size() > kMaxMdRows) out += fmt::format("\nand {} more\n", s.findings.size() - kMaxMdRows);
  return out;
}

}  // namespace capsule::report
