// `capsule import FILE`: an strace log becomes a normal run (streams, chains, manifest, seal).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "harness.h"

namespace capsule::test {
namespace {

using nlohmann::json;

std::string fixture(const std::string& name) {
  return std::string(CAPSULE_SOURCE_DIR) + "/tests/data/strace/" + name;
}

json manifest_of(const std::filesystem::path& run) {
  std::ifstream in(run / "manifest.json");
  return json::parse(in);
}

Outcome import(const std::filesystem::path& home, const std::string& file) {
  return run_program({capsule_bin(), "import", "--home", home.string(), file});
}

Outcome verify(const std::filesystem::path& home, const std::filesystem::path& run) {
  return run_program({capsule_bin(), "verify", "--home", home.string(), "--run", run.string()});
}

// Syscalls in an strace -f log, counted from the text: one per line that is neither a signal nor
// an exit, except the "<... resumed>" half of a call whose "<unfinished ...>" half came first
// (the fixtures are cut from longer traces, so a resumed line may have no first half).
size_t syscall_lines(const std::string& file) {
  const std::regex head(R"(^(\d+) +[0-9:.]+ (.*)$)");
  std::set<std::string> unfinished;  // pids with a call waiting for its second half
  size_t n = 0;
  for (const auto& line : read_lines(file)) {
    std::smatch m;
    if (!std::regex_match(line, m, head)) continue;
    const std::string pid = m[1], body = m[2];
    if (body.rfind("---", 0) == 0 || body.rfind("+++", 0) == 0) continue;
    const bool resumed = body.rfind("<...", 0) == 0;
    if (!resumed || unfinished.erase(pid) == 0) ++n;
    if (body.ends_with("<unfinished ...>")) unfinished.insert(pid);
  }
  return n;
}

TEST(Import, FixtureBecomesAVerifiableRun) {
  TempDir home;
  const std::string file = fixture("sh_ls_wc.trace");
  const auto o = import(home.path(), file);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto run = latest_run(home.path());
  EXPECT_NE(o.err.find(" imported \u00b7 "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(run.string()), std::string::npos) << o.err;
  const json m = manifest_of(run);
  EXPECT_EQ(m["backend"], "import");
  EXPECT_EQ(m["state"], "complete");
  EXPECT_EQ(m["argv"], json::array({"sh", "-c", "ls /etc | wc -l"}));
  EXPECT_EQ(m["exit_code"], 0);
  EXPECT_EQ(m["processes"], 3);
  EXPECT_EQ(m["syscalls"], syscall_lines(file));
  EXPECT_FALSE(m["extra"].contains("records_unparsed"));
  EXPECT_LT(m["start_us"].get<int64_t>(), m["end_us"].get<int64_t>());
  // Each stream holds every event: syscalls, signals and exits alike.
  const auto events = read_jsonl(run / "events.jsonl");
  EXPECT_EQ(read_lines(run / "syscalls.log").size(), events.size());
  EXPECT_EQ(read_jsonl(run / "enriched.jsonl").size(), events.size());
  const auto v = verify(home.path(), run);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(Import, EveryFixtureImportsAndVerifies) {
  TempDir home;
  for (const auto& e : std::filesystem::directory_iterator(fixture(""))) {
    if (e.path().extension() != ".trace") continue;
    SCOPED_TRACE(e.path().filename().string());
    const auto o = import(home.path(), e.path().string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto run = latest_run(home.path());
    EXPECT_FALSE(manifest_of(run)["extra"].contains("records_unparsed"));
    EXPECT_EQ(verify(home.path(), run).exit_code, 0);
  }
}

TEST(Import, ACapsuleRunsOwnSyscallsLogReadsBack) {
  TempDir home, work;
  // The plain file (import reads strace text; a compressed run's goes through `capsule cat`).
  ASSERT_EQ(capsule_run(home.path(), {helper("deterministic"), work.path().string()}, {"--compress", "none"}).exit_code, 0);
  const auto original = latest_run(home.path());
  TempDir home2;
  const auto o = import(home2.path(), (original / "syscalls.log").string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json a = manifest_of(original);
  const json b = manifest_of(latest_run(home2.path()));
  EXPECT_EQ(b["syscalls"], a["syscalls"]);
  EXPECT_EQ(b["processes"], a["processes"]);
  EXPECT_EQ(b["exit_code"], a["exit_code"]);
  EXPECT_FALSE(b["extra"].contains("records_unparsed"));
}

TEST(Import, NotAnStraceLog) {
  TempDir home;
  const std::string readme = std::string(CAPSULE_SOURCE_DIR) + "/README.md";
  const auto o = import(home.path(), readme);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("capsule: " + readme + " is not an strace log"), std::string::npos) << o.err;
  EXPECT_FALSE(std::filesystem::exists(home.path() / "logs") && !std::filesystem::is_empty(home.path() / "logs"));
}

TEST(Import, MissingFile) {
  TempDir home;
  const auto o = import(home.path(), (home.path() / "nope.trace").string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.err.find("capsule: cannot read " + (home.path() / "nope.trace").string() + ": No such file"),
            std::string::npos)
      << o.err;
}

// A line capsule cannot read is never lost: it stays in its place in every stream (syscalls.log
// verbatim, events.jsonl with the reason), the chain covers it, and the run says it is incomplete.
TEST(Import, GarbageLinesAreKeptInPlaceAndMakeTheRunIncomplete) {
  TempDir home, tmp;
  const auto lines = read_lines(fixture("sh_ls_wc.trace"));
  const std::filesystem::path file = tmp.path() / "with_garbage.trace";
  std::map<size_t, std::string> garbage{{5, "this is not strace"}, {40, "@@@ (((("}, {lines.size() + 3, "12 trailing junk"}};
  {
    std::ofstream out(file);
    size_t n = 0, next = 0;
    while (next < lines.size()) {
      ++n;
      if (auto it = garbage.find(n); it != garbage.end()) out << it->second << "\n";
      else out << lines[next++] << "\n";
    }
    out << garbage.rbegin()->second << "\n";  // the last one, after every fixture line
  }
  const auto o = import(home.path(), file.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("incomplete: 3 unparsed strace lines"), std::string::npos) << o.err;
  const auto run = latest_run(home.path());
  const json m = manifest_of(run);
  EXPECT_EQ(m["extra"]["records_unparsed"], 3);
  EXPECT_EQ(m["syscalls"], syscall_lines(fixture("sh_ls_wc.trace")));
  EXPECT_FALSE(std::filesystem::exists(run / "parse_errors.log"));

  // In order: the garbage lines sit between the same neighbours as in the input.
  const auto text = read_lines(run / "syscalls.log");
  const auto events = read_jsonl(run / "events.jsonl");
  ASSERT_EQ(text.size(), events.size());
  std::vector<size_t> at;
  for (size_t i = 0; i < events.size(); ++i) {
    if (events[i].value("type", "") != "unparsed") continue;
    at.push_back(i);
    EXPECT_EQ(text[i], events[i]["line"].get<std::string>());
    EXPECT_FALSE(events[i]["reason"].get<std::string>().empty());
  }
  ASSERT_EQ(at.size(), 3u);
  size_t i = 0;
  for (const auto& entry : garbage) {
    EXPECT_EQ(text[at[i]], entry.second);
    ++i;
  }
  EXPECT_EQ(read_jsonl(run / "enriched.jsonl").size(), events.size());

  const auto v = verify(home.path(), run);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("incomplete: 3 strace lines capsule could not read"), std::string::npos) << v.out;
  // Editing a kept line is tampering like any other.
  std::string all = slurp(run / "syscalls.log");
  const size_t pos = all.find("@@@ ((((");
  ASSERT_NE(pos, std::string::npos);
  all.replace(pos, 3, "###");
  spit(run / "syscalls.log", all);
  EXPECT_NE(verify(home.path(), run).exit_code, 0);
}

// strace -r times have no time of day: the run ends when the file was last written, the intervals
// stay exact, and capsule says how it placed them. With --date, the day's midnight is the start.
TEST(Import, RelativeTimesEndWhenTheFileWasLastWritten) {
  TempDir home, tmp;
  const std::filesystem::path file = tmp.path() / "relative.trace";
  std::filesystem::copy_file(fixture("handwritten_relative_nopid.trace"), file);
  const timespec written{1'790'000'000, 250'000'000};  // 2026-09-21T14:13:20.25Z
  const timespec times[2] = {written, written};
  ASSERT_EQ(::utimensat(AT_FDCWD, file.c_str(), times, 0), 0);
  const auto o = import(home.path(), file.string());
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("relative times (strace -r)"), std::string::npos) << o.err;
  const json m = manifest_of(latest_run(home.path()));
  EXPECT_EQ(m["extra"]["relative_times"], true);
  // The fixture's deltas add up to 1.500880 s.
  const int64_t end_us = 1'790'000'000'250'000;
  EXPECT_EQ(m["end_us"], end_us);
  EXPECT_EQ(m["start_us"], end_us - 1'500'880);

  TempDir home2;
  const auto dated = run_program({capsule_bin(), "import", "--home", home2.path().string(), "--date", "2026-01-01",
                                  file.string()});
  ASSERT_EQ(dated.exit_code, 0) << dated.err;
  const json d = manifest_of(latest_run(home2.path()));
  EXPECT_FALSE(d["extra"].contains("relative_times"));
  EXPECT_EQ(d["end_us"].get<int64_t>() - d["start_us"].get<int64_t>(), 1'500'880);
}

}  // namespace
}  // namespace capsule::test
