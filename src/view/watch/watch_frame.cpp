#include "view/watch/watch_frame.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include <fmt/core.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "view/record_columns.h"
#include "view/record_render.h"

namespace capsule::view::watch {
namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr size_t kStateWidth = 17;  // "killed by SIGKILL"
constexpr std::array<std::string_view, 5> kSeverities{"info", "low", "medium", "high", "critical"};

// Fits a line of plain text to the width, then colours it (escapes take no column).
std::string line_of(std::string_view text, const FrameInfo& info, std::string_view colour = {}) {
  std::string out = fit(text, info.width);
  if (!info.colour || colour.empty() || out.empty()) return out;
  return std::string(colour) + out + std::string(kReset);
}

// "── name ─────" across the whole width.
std::string section(std::string_view name, const FrameInfo& info) {
  std::string text = fmt::format("── {} ", name);
  for (size_t w = display_width(text); w < info.width; ++w) text += "─";
  return line_of(text, info, kBold);
}

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string title(const summary::RunSummary& s, const FrameInfo& info) {
  if (info.run_id.empty()) return fmt::format("capsule watch · {}", info.state);
  std::string t = fmt::format("capsule watch · run {} · {}", info.run_id.substr(0, kRunColumnWidth), info.state);
  if (s.exit_code) t += fmt::format(" · exit {}", *s.exit_code);
  if (!s.command.empty()) t += " · " + printable(s.command);
  return t;
}

std::string counts(const WatchModel& m, const summary::RunSummary& s, bool ended) {
  const auto running = std::count_if(s.processes.begin(), s.processes.end(),
                                     [](const summary::Process& p) { return p.end.empty(); });
  std::string out = plural(s.processes.size(), "process", "processes");
  if (!ended) out += fmt::format(" ({} running)", running);
  out += " · " + plural(m.action_count(), "action", "actions") + " · " + plural(m.finding_count(), "finding", "findings");
  std::vector<std::string> by;
  for (size_t i = kSeverities.size(); i-- > 0;) {
    if (m.by_severity()[i] != 0) by.push_back(fmt::format("{} {}", m.by_severity()[i], kSeverities[i]));
  }
  if (!by.empty()) out += " (" + fmt::format("{}", fmt::join(by, ", ")) + ")";
  if (s.syscalls != 0) out += fmt::format(" · {} syscalls", s.syscalls);
  return out;
}

// "sh -c 'x'" from the program's base name and the rest of its argv.
std::string program_of(const summary::Process& p) {
  std::string out = columns::base_name(p.exe.empty() && !p.argv.empty() ? p.argv.front() : p.exe);
  for (size_t i = 1; i < p.argv.size(); ++i) out += " " + p.argv[i];
  return printable(out);
}

// The tree in depth-first order, each process under its parent, with its depth.
std::vector<std::pair<const summary::Process*, size_t>> tree_order(const summary::RunSummary& s) {
  std::map<int32_t, const summary::Process*> by_pid;
  for (const summary::Process& p : s.processes) by_pid[p.pid] = &p;
  std::vector<std::pair<const summary::Process*, size_t>> out;
  std::set<int32_t> placed;
  std::vector<std::pair<const summary::Process*, size_t>> stack;
  const auto place = [&](const summary::Process& root) {
    stack.emplace_back(&root, 0);
    while (!stack.empty()) {
      const auto [p, depth] = stack.back();
      stack.pop_back();
      if (!placed.insert(p->pid).second) continue;
      out.emplace_back(p, depth);
      for (auto c = p->children.rbegin(); c != p->children.rend(); ++c) {
        if (const auto it = by_pid.find(*c); it != by_pid.end()) stack.emplace_back(it->second, depth + 1);
      }
    }
  };
  for (const summary::Process& p : s.processes) {
    if (p.parent == 0 || !by_pid.contains(p.parent)) place(p);
  }
  for (const summary::Process& p : s.processes) place(p);  // any left (a cycle of bad records)
  return out;
}

std::vector<std::string> tree_lines(const summary::RunSummary& s, const FrameInfo& info) {
  std::vector<std::string> out;
  for (const auto& [p, depth] : tree_order(s)) {
    const std::string state = !p->end.empty() ? printable(p->end) : info.ended ? "?" : "running";
    const std::string text = fmt::format("{:>7} {:<{}} {}{}", p->pid, state, kStateWidth, std::string(2 * depth, ' '),
                                         program_of(*p));
    const bool failed = p->end.starts_with("killed") || (!p->end.empty() && p->end != "exited 0");
    out.push_back(line_of(text, info, failed ? std::string_view("\x1b[31m") : std::string_view()));
  }
  return out;
}

std::vector<std::string> finding_lines(const summary::RunSummary& s, const FrameInfo& info) {
  std::vector<std::string> out;
  for (const summary::Finding& f : s.findings) {
    const std::string text =
        fmt::format("{:<8} ! {}: {} (pid {})", printable(f.severity), printable(f.rule), printable(f.description), f.pid);
    out.push_back(line_of(text, info, f.severity == "high" || f.severity == "critical" ? kBoldRed : std::string_view()));
  }
  return out;
}

// Adds a section of at most `rows` lines (its heading included); a cut section says how many
// of its lines are not shown. newest_last: the last lines are the ones kept.
void add_section(std::vector<std::string>& frame, std::string_view name, const std::vector<std::string>& lines,
                 size_t rows, const FrameInfo& info, bool newest_last = false) {
  if (rows == 0) return;
  frame.push_back(section(fmt::format("{} ({})", name, lines.size()), info));
  const size_t room = rows - 1;
  if (lines.size() <= room) {
    frame.insert(frame.end(), lines.begin(), lines.end());
    return;
  }
  if (room == 0) return;
  const size_t shown = room - 1;
  const std::string more = line_of(fmt::format("  … {} more", lines.size() - shown), info);
  if (newest_last) {
    frame.push_back(more);
    frame.insert(frame.end(), lines.end() - static_cast<std::ptrdiff_t>(shown), lines.end());
  } else {
    frame.insert(frame.end(), lines.begin(), lines.begin() + static_cast<std::ptrdiff_t>(shown));
    frame.push_back(more);
  }
}

}  // namespace

std::vector<std::string> render_frame(const WatchModel& model, const FrameInfo& info) {
  const summary::RunSummary s = model.snapshot();
  std::vector<std::string> frame;
  if (info.height == 0 || info.width == 0) return frame;
  frame.push_back(line_of(title(s, info), info, kBold));
  if (info.height == 1) return frame;
  frame.push_back(line_of(counts(model, s, info.ended), info));
  const size_t footer = info.live && info.height >= 4 ? 1 : 0;
  size_t avail = info.height - frame.size() - footer;

  const std::vector<std::string> tree = tree_lines(s, info);
  const std::vector<std::string> findings = finding_lines(s, info);
  RenderStyle style;
  style.colour = info.colour;
  style.width = info.width;
  std::vector<std::string> actions;
  for (const std::string& a : model.latest_actions()) actions.push_back(render_record("actions", a, style));

  // The tree first (up to half the rows), then the findings (up to a quarter, when there are
  // any), then the newest actions in what is left; a section that needs less gives the rest on.
  const size_t tree_rows = std::min(tree.size() + 1, std::max<size_t>(2, avail / 2));
  add_section(frame, "processes", tree, std::min(tree_rows, avail), info);
  avail -= std::min(tree_rows, avail);
  if (!findings.empty()) {
    const size_t finding_rows = std::min({findings.size() + 1, std::max<size_t>(2, (info.height - 3) / 4), avail});
    add_section(frame, "findings", findings, finding_rows, info);
    avail -= finding_rows;
  }
  if (avail >= 2) add_section(frame, "latest actions", actions, avail, info, /*newest_last=*/true);
  if (footer != 0) {
    while (frame.size() < info.height - footer) frame.emplace_back();
    frame.push_back(line_of("q quits", info));
  }
  return frame;
}

}  // namespace capsule::view::watch
