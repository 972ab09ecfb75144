// capsule report in a real browser: headless Chromium (Debian's `chromium`) loads the page of a
// real run; tests/browser/check_report.py checks the DOM after the page's script ran (one tree
// node per process, every evidence link lands on an element, the verdict) and that a screenshot
// has content. The browser prints the page's console messages on stderr: there must be none (a
// script error, or a load the page's Content-Security-Policy refused). Skipped only where the
// chromium binary is absent (scripts/install-deps.sh installs it with the test tools).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

std::string chromium_bin() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return {};
}

std::vector<std::string> chromium(const std::string& bin, const fs::path& profile, std::vector<std::string> rest) {
  std::vector<std::string> argv{"timeout", "120", bin, "--headless", "--disable-gpu", "--no-sandbox",
                                "--user-data-dir=" + profile.string(), "--enable-logging=stderr", "--v=0"};
  argv.insert(argv.end(), rest.begin(), rest.end());
  return argv;
}

std::string console_lines(const std::string& err) {
  std::string out;
  for (size_t at = 0, end; (end = err.find('\n', at)) != std::string::npos; at = end + 1) {
    if (err.substr(at, end - at).find(":CONSOLE") != std::string::npos) out += err.substr(at, end - at + 1);
  }
  return out;
}

TEST(BrowserReport, ChromiumLoadsTheReportOfARealRun) {
  const std::string bin = chromium_bin();
  if (bin.empty()) GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it)";
  TempDir home, work;
  // Three processes (the shell and two children), one finding with evidence (shadow-read).
  const auto run = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null; ls / > /dev/null; exit 0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const fs::path page = work.path() / "report.html";
  ASSERT_EQ(run_program({capsule_bin(), "report", "--home", home.path().string(), "-o", page.string()}).exit_code, 0);
  const auto summary = nlohmann::json::parse(
      run_program({capsule_bin(), "summary", "--home", home.path().string(), "--json"}).out);
  const size_t processes = summary["processes"].size();
  ASSERT_EQ(processes, 3u) << summary.dump();

  const auto dom = run_program(chromium(bin, work.path() / "profile", {"--dump-dom", "file://" + page.string()}));
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  EXPECT_EQ(console_lines(dom.err), "");
  const fs::path dom_file = work.path() / "dom.html";
  spit(dom_file, dom.out);
  const std::string checker = std::string(CAPSULE_SOURCE_DIR) + "/tests/browser/check_report.py";
  const auto checked = run_program({"python3", checker, "dom", dom_file.string(), std::to_string(processes)});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;

  const fs::path shot = work.path() / "shot.png";
  const auto shoot = run_program(chromium(bin, work.path() / "profile",
                                          {"--window-size=900,700", "--screenshot=" + shot.string(),
                                           "file://" + page.string()}));
  ASSERT_EQ(shoot.exit_code, 0) << shoot.err;
  ASSERT_TRUE(fs::exists(shot)) << shoot.err;
  const auto png = run_program({"python3", checker, "png", shot.string()});
  EXPECT_EQ(png.exit_code, 0) << png.out << png.err;
}

}  // namespace
}  // namespace capsule::test
