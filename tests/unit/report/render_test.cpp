// The renderings of a model made by hand: caps say how much they left out, and findings link to
// the evidence rows that exist.
#include <gtest/gtest.h>

#include "report/render.h"

namespace capsule::report {
namespace {

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ReportRender, LongTablesAreCutAndSaySo) {
  ReportModel m;
  m.summary.run_id = "r1";
  for (int32_t pid = 1; pid <= static_cast<int32_t>(kMaxProcesses) + 500; ++pid) {
    summary::Process p;
    p.pid = pid;
    p.exe = "/bin/x";
    m.summary.processes.push_back(p);
  }
  summary::WrittenDir d;
  d.dir = "/out/";
  for (size_t i = 0; i < kMaxFileRows + 7; ++i) d.files.push_back({"f" + std::to_string(i), 1});
  m.summary.written.push_back(d);
  const std::string page = render_html(m);
  EXPECT_EQ(count(page, "<details class=\"proc f\""), kMaxProcesses);
  EXPECT_NE(page.find("and 500 more processes"), std::string::npos);
  EXPECT_NE(page.find("and 7 more files"), std::string::npos);
  const std::string markdown = render_md(m);
  EXPECT_NE(markdown.find("- and 2450 more\n"), std::string::npos) << markdown.substr(0, 400);
}

TEST(ReportRender, EvidenceLinksOnlyToRowsThatExist) {
  ReportModel m;
  summary::Finding f;
  f.severity = "high";
  f.rule = "shadow-read";
  f.pid = 7;
  f.evidence = {10, 11};
  m.summary.findings.push_back(f);
  m.evidence[10] = Evidence{10, "2026-01-01T00:00:00.000000Z", "openat", 7, "{}"};
  const std::string page = render_html(m);
  EXPECT_NE(page.find("href=\"#ev-10\""), std::string::npos);
  EXPECT_NE(page.find("id=\"ev-10\""), std::string::npos);
  EXPECT_EQ(page.find("#ev-11"), std::string::npos);  // not in events.jsonl: no dangling link
  EXPECT_NE(page.find("11 (not in events.jsonl)"), std::string::npos);
}

}  // namespace
}  // namespace capsule::report
