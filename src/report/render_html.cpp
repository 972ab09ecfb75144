// The report as one self-contained HTML page: everything inline, nothing fetched (its
// Content-Security-Policy forbids any load), every value from the record escaped by html().
#include <fmt/core.h>

#include "report/escape.h"
#include "report/page_assets.h"
#include "report/render.h"
#include "report/report_text.h"

namespace capsule::report {
namespace {

using summary::RunSummary;

std::string more_row(uint64_t n, const char* what, int columns) {
  return n == 0 ? std::string()
                : fmt::format("<tr><td colspan=\"{}\" class=\"mute\">and {} more {} (not shown: the page keeps each "
                              "table short)</td></tr>\n",
                              columns, n, what);
}

std::string exit_text(const RunSummary& s) {
  return s.exit_code ? fmt::format("{}", *s.exit_code) : std::string("?");
}

void header(const ReportModel& m, std::string& out) {
  const RunSummary& s = m.summary;
  const Verdict& v = m.verdict;
  out += fmt::format("<h1>capsule report <code>{}</code></h1>\n", html(s.run_id));
  out += "<dl class=\"head\">\n";
  out += fmt::format("<dt>command</dt><dd><code>{}</code></dd>\n", html(s.command));
  out += fmt::format("<dt>started</dt><dd>{}</dd><dt>ended</dt><dd>{}{}</dd>\n", time_text(s.start_us),
                     time_text(s.end_us),
                     s.start_us && s.end_us ? " (" + duration_text(*s.end_us - *s.start_us) + ")" : std::string());
  out += fmt::format("<dt>exit code</dt><dd>{}</dd><dt>state</dt><dd>{}</dd><dt>backend</dt><dd>{}</dd>\n",
                     exit_text(s), html(s.state), html(s.backend));
  out += fmt::format("<dt>syscalls</dt><dd>{}</dd><dt>processes</dt><dd>{}</dd>\n", s.syscalls, s.processes.size());
  out += fmt::format("<dt>verify</dt><dd><span class=\"verdict v{}\" id=\"verdict\">{}</span> {}</dd>\n", v.code,
                     html(v.word),
                     v.code == 0   ? "intact and sealed"
                     : v.code == 1 ? "tampered or corrupt: do not trust this page"
                                   : "intact as far as it goes, but not sealed by a trusted key");
  out += fmt::format("<dt>seal</dt><dd>{}</dd>\n",
                     v.signer.empty() ? std::string("not signed") : "signed by <code>" + html(v.signer) + "</code>");
  for (const auto& p : v.problems) out += fmt::format("<dt>problem</dt><dd>{}</dd>\n", html(p));
  for (const auto& u : v.unproven) out += fmt::format("<dt>cannot prove</dt><dd>{}</dd>\n", html(u));
  for (const auto& i : v.incomplete) out += fmt::format("<dt>incomplete</dt><dd>{}</dd>\n", html(i));
  out += "</dl>\n";
}

void tree(const ReportModel& m, std::string& out) {
  out += fmt::format("<section id=\"tree\"><h2>Processes ({})</h2>\n", m.summary.processes.size());
  const size_t left = walk_tree(
      m.summary,
      [&](const summary::Process& p, size_t) {
        out += fmt::format("<details class=\"proc f\" id=\"p-{}\" open><summary><b>{}</b> <code>{}</code> · {} · {}",
                           p.pid, p.pid, html(p.exe.empty() ? "?" : p.exe), html(user_text(m, p.pid)),
                           html(p.end.empty() ? "end not seen" : p.end));
        if (const std::string d = process_duration(p); !d.empty()) out += " · " + d;
        out += "</summary>\n";
        if (!p.argv.empty()) out += fmt::format("<div><code>{}</code></div>\n", html(argv_line(p.argv)));
      },
      [&](const summary::Process&) { out += "</details>\n"; });
  if (left > 0) out += fmt::format("<p class=\"mute\">and {} more processes (not shown)</p>\n", left);
  out += "</section>\n";
}

void timeline(const ReportModel& m, std::string& out) {
  out += "<section id=\"timeline\"><h2>Timeline of actions</h2>\n";
  for (const auto& p : m.summary.processes) {
    const auto it = m.timelines.find(p.pid);
    if (it == m.timelines.end()) continue;
    const Timeline& t = it->second;
    out += fmt::format("<details class=\"f\"><summary>{} <code>{}</code> ({} actions)</summary>\n", p.pid,
                       html(p.exe), t.shown.size() + t.more);
    out += "<table><tr><th>start</th><th>seq</th><th>action</th><th>target</th><th>events</th><th>bytes</th>"
           "<th>failed</th></tr>\n";
    for (const Action& a : t.shown) {
      out += fmt::format("<tr class=\"f\"><td>{}</td><td>{}</td><td>{}</td><td class=\"m\">{}</td><td>{}</td><td>{}</td>"
                         "<td>{}</td></tr>\n",
                         html(a.start.size() > 11 ? a.start.substr(11) : a.start), a.first_seq, html(a.kind),
                         html(a.target), a.events, a.bytes, a.failed);
    }
    out += more_row(t.more, "actions", 7);
    out += "</table></details>\n";
  }
  out += "</section>\n";
}

void files(const char* id, const char* title, const std::vector<summary::WrittenDir>& dirs, size_t& budget,
           std::string& out) {
  out += fmt::format("<section id=\"{}\"><h2>{} ({} directories)</h2>\n", id, title, dirs.size());
  uint64_t left = 0;
  for (const auto& d : dirs) {
    if (budget == 0) {
      left += d.files.size() + d.more;
      continue;
    }
    out += fmt::format("<details class=\"f\"><summary><code>{}</code> ({} files)</summary><table>\n", html(d.dir),
                       d.files.size() + d.more);
    uint64_t more = d.more;
    for (const auto& f : d.files) {
      if (budget == 0) {
        ++more;
        continue;
      }
      --budget;
      out += fmt::format("<tr class=\"f\"><td class=\"m\">{}</td><td>{} B</td></tr>\n", html(f.name), f.bytes);
    }
    out += more_row(more, "files", 2);
    out += "</table></details>\n";
  }
  if (left > 0) out += fmt::format("<p class=\"mute\">and {} more files in further directories (not shown)</p>\n", left);
  out += "</section>\n";
}

void peers(const RunSummary& s, std::string& out) {
  out += fmt::format("<section id=\"peers\"><h2>Network peers ({})</h2>\n", s.peers.size());
  out += "<table><tr><th>host</th><th>address</th><th>port</th><th>connects</th><th>sent</th><th>received</th></tr>\n";
  for (const auto& p : s.peers) {
    out += fmt::format("<tr class=\"f\"><td>{}</td><td class=\"m\">{}</td><td>{}</td><td>{}</td><td>{} B</td>"
                       "<td>{} B</td></tr>\n",
                       html(p.host.empty() ? "?" : p.host), html(p.address), p.port, p.connects, p.sent, p.received);
  }
  out += "</table></section>\n";
}

void findings(const ReportModel& m, std::string& out) {
  const auto& all = m.summary.findings;
  out += fmt::format("<section id=\"findings\"><h2>Findings ({})</h2>\n", all.size());
  out += "<table><tr><th>severity</th><th>rule</th><th>pid</th><th>description</th><th>evidence</th></tr>\n";
  for (size_t i = 0; i < all.size() && i < kMaxFindings; ++i) {
    const auto& f = all[i];
    std::string links;
    for (size_t k = 0; k < f.evidence.size() && k < kMaxEvidencePerFinding; ++k) {
      const uint64_t seq = f.evidence[k];
      links += m.evidence.contains(seq) ? fmt::format("<a class=\"ev\" href=\"#ev-{0}\">{0}</a> ", seq)
                                        : fmt::format("<span class=\"mute\">{} (not in events.jsonl)</span> ", seq);
    }
    out += fmt::format("<tr class=\"f finding\" data-sev=\"{0}\"><td class=\"sev-{0}\">{0}</td><td>{1}</td>"
                       "<td><a href=\"#p-{2}\">{2}</a></td><td>{3}</td><td>{4}</td></tr>\n",
                       html(f.severity), html(f.rule), f.pid, html(f.description), links);
  }
  out += more_row(all.size() > kMaxFindings ? all.size() - kMaxFindings : 0, "findings", 5);
  out += "</table></section>\n";
  out += fmt::format("<section id=\"evidence\"><h2>Evidence ({} events)</h2>\n", m.evidence.size());
  out += "<table><tr><th>seq</th><th>time</th><th>pid</th><th>call</th><th>arguments and result</th></tr>\n";
  constexpr size_t kMaxDetail = 600;
  for (const auto& [seq, e] : m.evidence) {
    const std::string detail = e.detail.size() > kMaxDetail ? e.detail.substr(0, kMaxDetail) + "…" : e.detail;
    out += fmt::format("<tr class=\"f\" id=\"ev-{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td>"
                       "<td class=\"m\">{4}</td></tr>\n",
                       seq, html(e.ts), e.pid, html(e.call), html(detail));
  }
  out += "</table></section>\n";
}

void denials(const RunSummary& s, std::string& out) {
  out += fmt::format("<section id=\"denials\"><h2>Policy denials ({})</h2>\n", s.denials.size());
  out += "<table><tr><th>program</th><th>call</th><th>refused</th></tr>\n";
  for (const auto& d : s.denials) {
    out += fmt::format("<tr class=\"f\"><td><code>{}</code></td><td>{}</td><td>{}</td></tr>\n", html(d.exe),
                       html(d.call), d.count);
  }
  out += "</table></section>\n";
}

void profile(const ReportModel& m, std::string& out) {
  const ProfileView& p = m.profile;
  out += "<section id=\"profile\"><h2>The profile this run would give</h2>\n";
  if (!p.error.empty()) {
    out += fmt::format("<p>No profile: {}</p></section>\n", html(p.error));
    return;
  }
  out += fmt::format("<p>{} syscalls allowed, any other: <code>{}</code>. The whole policy (with files and ports): "
                     "<code>capsule profile --run {}</code></p>\n<p class=\"m\">",
                     p.allowed_total, html(p.default_action), html(m.summary.run_id));
  for (const auto& name : p.allowed) out += "<code class=\"f\">" + html(name) + "</code> ";
  if (p.allowed_total > p.allowed.size()) out += fmt::format(" and {} more", p.allowed_total - p.allowed.size());
  out += "</p></section>\n";
}

}  // namespace

std::string render_html(const ReportModel& m) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>capsule report {}</title>\n<style>{}</style></head><body>\n", html(m.summary.run_id),
                     page_style());
  header(m, out);
  out += "<div id=\"bar\"><input id=\"q\" type=\"search\" placeholder=\"Filter: a path, a program, a pid, a host…\">"
         "<label>findings from <select id=\"sev\"><option value=\"0\">info</option><option value=\"1\">low</option>"
         "<option value=\"2\">medium</option><option value=\"3\">high</option><option value=\"4\">critical</option>"
         "</select></label></div>\n";
  findings(m, out);
  tree(m, out);
  peers(m.summary, out);
  size_t budget = kMaxFileRows;
  files("written", "Files written", m.summary.written, budget, out);
  files("read", "Files read", m.summary.read, budget, out);
  timeline(m, out);
  denials(m.summary, out);
  profile(m, out);
  out += fmt::format("<script>{}</script>\n</body></html>\n", page_script());
  return out;
}

}  // namespace capsule::report
