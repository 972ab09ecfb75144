// Golden files: what `capsule import` writes for each strace fixture (tests/data/strace/*.trace),
// byte for byte. The expected events.jsonl and syscalls.log are committed in tests/data/golden/,
// so that a change to the parser, the decoders or the renderers shows up as a diff a reviewer can
// read. CAPSULE_UPDATE_GOLDEN=1 rewrites them instead of comparing (tests/data/golden/README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

const fs::path kSource(CAPSULE_SOURCE_DIR);
const fs::path kFixtures = kSource / "tests/data/strace";
const fs::path kGolden = kSource / "tests/data/golden";
// The streams whose every byte follows from the trace alone.
const char* const kStreams[] = {"events.jsonl", "syscalls.log"};

bool updating() {
  const char* v = std::getenv("CAPSULE_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(kFixtures)) {
    if (e.path().extension() == ".trace") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// "" when equal, else where and how the first differing line differs.
std::string first_difference(const std::string& want, const std::string& got) {
  if (want == got) return "";
  std::istringstream w(want), g(got);
  std::string wl, gl;
  for (size_t n = 1;; ++n) {
    const bool has_w = static_cast<bool>(std::getline(w, wl));
    const bool has_g = static_cast<bool>(std::getline(g, gl));
    if (!has_w && !has_g) return "the same lines, a different ending (final newline)";
    if (has_w && has_g && wl == gl) continue;
    return "first difference at line " + std::to_string(n) + "\n  expected: " + (has_w ? wl : "(end of file)") +
           "\n  actual:   " + (has_g ? gl : "(end of file)");
  }
}

// The run `capsule import` makes of a fixture. Times of day are read as UTC on a fixed date, so
// that the timestamps do not depend on the machine's time zone or the fixture's mtime.
fs::path import_fixture(const TempDir& home, const fs::path& trace) {
  const auto o = run_program({"env", "TZ=UTC", capsule_bin(), "import", "-q", "--home", home.path().string(),
                              "--date", "2026-01-01", trace.string()});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return latest_run(home.path());
}

TEST(Golden, ImportOfEveryFixtureMatchesItsGoldenFiles) {
  if (updating()) fs::create_directories(kGolden);
  const auto traces = fixtures();
  ASSERT_FALSE(traces.empty());
  for (const auto& trace : traces) {
    TempDir home;
    const fs::path run = import_fixture(home, trace);
    for (const char* stream : kStreams) {
      const fs::path golden = kGolden / (trace.stem().string() + "." + stream);
      SCOPED_TRACE(golden.string());
      const std::string got = slurp(run / stream);
      if (updating()) {
        std::ofstream(golden, std::ios::binary | std::ios::trunc) << got;
        continue;
      }
      ASSERT_TRUE(fs::exists(golden)) << "no golden file: run tests/data/golden/regenerate.sh";
      const std::string diff = first_difference(slurp(golden), got);
      if (!diff.empty()) ADD_FAILURE() << diff << "\n(tests/data/golden/regenerate.sh rewrites it; review the diff)";
    }
  }
}

// Every golden file belongs to a fixture: a renamed or removed trace leaves none behind.
TEST(Golden, NoGoldenFileWithoutItsFixture) {
  std::set<std::string> expected;
  for (const auto& trace : fixtures()) {
    for (const char* stream : kStreams) expected.insert(trace.stem().string() + "." + stream);
  }
  for (const auto& e : fs::directory_iterator(kGolden)) {
    const std::string name = e.path().filename().string();
    if (name == "README.md" || name == "regenerate.sh") continue;
    EXPECT_TRUE(expected.count(name)) << name << " has no fixture in tests/data/strace";
  }
}

}  // namespace
}  // namespace capsule::test
