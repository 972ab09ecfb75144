// capsule report on real runs: every value from the record is escaped (a program whose name, argv
// and file names hold markup, quotes, control bytes and invalid UTF-8), findings link to the
// events behind them, and the Markdown page keeps hostile text inside its table cells.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A file name no page may show as it is: markup, quotes, a table-cell end, a backtick, a control
// byte and a byte that is not UTF-8 (no '/': it is one file's name).
const std::string kHostile = std::string("x<script>alert(1)<i>\"'&|`") + "\x01" + "\xff" + "y";

struct HostileRun {
  TempDir home, work;
  fs::path program;
  Outcome run;
  HostileRun() {
    program = work.path() / kHostile;
    // The copy is a file this run wrote, then ran: rule exec-created-file names it in a finding.
    run = capsule_run(home.path(), {"/bin/sh", "-c", "cp /bin/true \"$1\" && \"$1\" \"$1\"", "sh", program.string()});
  }
};

TEST(Report, HtmlEscapesEveryValueFromTheRecord) {
  HostileRun r;
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  const fs::path page = r.work.path() / "report.html";
  const auto o = run_program({capsule_bin(), "report", "--home", r.home.path().string(), "-o", page.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string html = slurp(page);
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(count(html, "<script"), 1u) << "only the page's own script";
  EXPECT_EQ(html.find("alert(1)<i>"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_EQ(html.find('\xff'), std::string::npos);
  // The name, escaped: as the exe in the tree, in argv, in the finding and among files written.
  const std::string shown = "x&lt;script&gt;alert(1)&lt;i&gt;&quot;&#39;&amp;|`\\x01\\xffy";
  EXPECT_GE(count(html, shown), 4u) << html;
  // Nothing is loaded from elsewhere.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("://"), std::string::npos);
  EXPECT_NE(html.find("default-src 'none'"), std::string::npos);
}

TEST(Report, MarkdownKeepsHostileTextInsideItsCells) {
  HostileRun r;
  ASSERT_EQ(r.run.exit_code, 0) << r.run.err;
  const auto o = run_program({capsule_bin(), "report", "--home", r.home.path().string(), "--format", "md"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out.find("<script"), std::string::npos) << o.out;
  EXPECT_EQ(o.out.find('\x01'), std::string::npos);
  const std::string cell = "x&lt;script&gt;alert(1)&lt;i&gt;&quot;&#39;&amp;\\|\\`\\\\x01\\\\xffy";
  bool row = false;
  for (size_t at = 0, end; (end = o.out.find('\n', at)) != std::string::npos; at = end + 1) {
    const std::string line = o.out.substr(at, end - at);
    if (!line.starts_with("| low | exec-created-file |")) continue;
    // Five unescaped bars: the row keeps its four cells.
    size_t bars = 0;
    for (size_t i = 0; i < line.size(); ++i) bars += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    row = bars == 5 && line.find(cell) != std::string::npos;
  }
  EXPECT_TRUE(row) << o.out;
  EXPECT_NE(o.out.find("\n### Processes\n"), std::string::npos);
}

TEST(Report, FindingsLinkToTheirEvidenceAndTheVerdictIsShown) {
  TempDir home, work;
  const auto run = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null; exit 3"});
  ASSERT_EQ(run.exit_code, 3) << run.err;
  const fs::path page = work.path() / "r.html";
  const auto o = run_program({capsule_bin(), "report", "--home", home.path().string(), "-o", page.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const std::string html = slurp(page);
  const auto risks = read_jsonl(latest_run(home.path()) / "risks.jsonl");
  bool shadow = false;
  for (const auto& f : risks) {
    if (f["rule"] != "shadow-read") continue;
    shadow = true;
    for (const auto& seq : f["evidence"]) {
      const std::string id = "ev-" + std::to_string(seq.get<uint64_t>());
      EXPECT_NE(html.find("href=\"#" + id + "\""), std::string::npos) << id;
      EXPECT_NE(html.find("id=\"" + id + "\""), std::string::npos) << id;
    }
    EXPECT_NE(html.find("id=\"p-" + std::to_string(f["pid"].get<int>()) + "\""), std::string::npos);
  }
  EXPECT_TRUE(shadow) << run.err;
  EXPECT_NE(html.find("<dt>exit code</dt><dd>3</dd>"), std::string::npos);
  EXPECT_NE(html.find("id=\"verdict\">intact</span>"), std::string::npos) << html.substr(0, 3000);
  EXPECT_NE(html.find("/etc/shadow"), std::string::npos);
  // The profile part: what the run called, from src/policy's builder.
  EXPECT_NE(html.find("<code class=\"f\">execve</code>"), std::string::npos);
}

TEST(Report, UsageErrors) {
  TempDir home;
  const auto none = run_program({capsule_bin(), "report", "--home", home.path().string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.rfind("capsule: ", 0), 0u) << none.err;
  ASSERT_EQ(capsule_run(home.path(), {"/bin/true"}).exit_code, 0);
  const auto format = run_program({capsule_bin(), "report", "--home", home.path().string(), "--format", "pdf"});
  EXPECT_EQ(format.exit_code, 2);
  const auto dir = run_program({capsule_bin(), "report", "--home", home.path().string(), "-o", "/nonexistent/x.html"});
  EXPECT_EQ(dir.exit_code, 125);
  EXPECT_EQ(dir.err.rfind("capsule: report: cannot write /nonexistent/x.html", 0), 0u) << dir.err;
}

}  // namespace
}  // namespace capsule::test
