// The summary for a person (capsule summary): one section per question, each line escaped (paths,
// argv and descriptions are the program's choice) and short enough to read.
#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <set>

#include "summary/run_summary.h"
#include "view/record_render.h"

namespace capsule::summary {
namespace {

using view::printable;

constexpr size_t kMaxArgvText = 160;
constexpr size_t kMaxDepth = 24;  // deeper processes are drawn at this indentation

std::string argv_text(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out.push_back(' ');
    out += a;
    if (out.size() > kMaxArgvText) {
      out.resize(kMaxArgvText);
      out += "…";
      break;
    }
  }
  return printable(out);
}

std::string plural(uint64_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

void tree(const RunSummary& s, std::string& out) {
  std::map<int32_t, const Process*> by_pid;
  for (const Process& p : s.processes) by_pid.emplace(p.pid, &p);
  std::set<int32_t> drawn;
  const auto draw = [&](const auto& self, const Process& p, size_t depth) -> void {
    if (!drawn.insert(p.pid).second) return;
    out += fmt::format("  {}{} {}", std::string(2 * std::min(depth, kMaxDepth), ' '), p.pid,
                       p.exe.empty() ? "?" : printable(p.exe));
    if (!p.argv.empty()) out += "  " + argv_text(p.argv);
    out += p.end.empty() ? "\n" : " · " + p.end + "\n";
    for (int32_t c : p.children) {
      if (const auto it = by_pid.find(c); it != by_pid.end()) self(self, *it->second, depth + 1);
    }
  };
  for (const Process& p : s.processes) {
    if (p.parent == 0 || !by_pid.contains(p.parent)) draw(draw, p, 0);
  }
}

}  // namespace

std::string render_text(const RunSummary& s) {
  std::string out = fmt::format("run {} · {} · {}", printable(s.run_id),
                                s.exit_code ? fmt::format("exited {}", *s.exit_code) : std::string("no exit code"),
                                plural(s.syscalls, "syscall", "syscalls"));
  if (!s.state.empty() && s.state != "complete") out += " · " + printable(s.state);
  out += "\ncommand: " + printable(s.command) + "\n";

  out += fmt::format("\nprocesses ({}):\n", s.processes.size());
  tree(s, out);

  uint64_t files = 0;
  for (const WrittenDir& d : s.written) files += d.files.size() + d.more;
  out += fmt::format("\nfiles written ({} in {}):\n", files, plural(s.written.size(), "directory", "directories"));
  if (s.written.empty()) out += "  none\n";
  for (const WrittenDir& d : s.written) {
    out += "  " + printable(d.dir) + "\n";
    for (const WrittenFile& f : d.files) out += fmt::format("    {}  {} B\n", printable(f.name), f.bytes);
    if (d.more > 0) out += fmt::format("    … and {} more\n", d.more);
  }

  out += fmt::format("\nfiles read outside system and project directories ({}):\n", s.read_outside_total);
  if (s.read_outside.empty()) out += "  none\n";
  for (const auto& p : s.read_outside) out += "  " + printable(p) + "\n";
  if (s.read_outside_total > s.read_outside.size()) {
    out += fmt::format("  … and {} more\n", s.read_outside_total - s.read_outside.size());
  }

  out += fmt::format("\npeers ({}):\n", s.peers.size());
  if (s.peers.empty()) out += "  none\n";
  for (const Peer& p : s.peers) {
    const std::string where = p.address.find(':') != std::string::npos ? fmt::format("[{}]:{}", p.address, p.port)
                                                                        : fmt::format("{}:{}", p.address, p.port);
    out += fmt::format("  {}{}  {} · sent {} B · received {} B\n", p.host.empty() ? "" : printable(p.host) + " ",
                       printable(where), plural(p.connects, "connect", "connects"), p.sent, p.received);
  }

  out += fmt::format("\nfindings ({}):\n", s.findings.size());
  if (s.findings.empty()) out += "  none\n";
  for (const Finding& f : s.findings) {
    out += fmt::format("  {:<8} {:<24} pid {:<7} {}\n", printable(f.severity), printable(f.rule), f.pid,
                       printable(f.description));
  }

  uint64_t refused = 0;
  for (const Denial& d : s.denials) refused += d.count;
  out += fmt::format("\nrefused calls, by --policy or by capsule ({}):\n", refused);
  if (s.denials.empty()) out += "  none\n";
  for (const Denial& d : s.denials) {
    out += fmt::format("  {} {} ×{}\n", d.exe.empty() ? "?" : printable(d.exe), printable(d.call), d.count);
  }
  return out;
}

}  // namespace capsule::summary
