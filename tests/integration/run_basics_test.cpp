// capsule run on real programs: output untouched, exit codes propagated, summary line, layout.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <regex>

#include "ebpf_available.h"
#include "harness.h"

namespace capsule::test {
namespace {

mode_t mode_of(const std::filesystem::path& p) {
  struct stat st {};
  EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
  return st.st_mode & 07777;
}

TEST(RunBasics, HelloDemoPrintsAndSummarises) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"python3", std::string(CAPSULE_SOURCE_DIR) + "/scripts/hello.py"});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(o.out, "hello world\n");
  const std::regex summary(
      "capsule: run [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} exited 0 \xC2\xB7 "
      "([0-9]+) syscalls \xC2\xB7 (/.*)\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(o.err, m, summary)) << o.err;
  EXPECT_GT(std::stoul(m[1].str()), 100u);
  EXPECT_EQ(std::filesystem::path(m[2].str()), latest_run(home.path()));
}

// The manifest's capsule_cpu_ms is capsule's own CPU, not the program's: a program that spins
// for about a second with few system calls (Debian's python3 without site, which prints the CPU
// time it used) leaves capsule's below it; counted in, the program's alone would exceed it.
TEST(RunBasics, ManifestSaysCapsulesOwnCpuTime) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"/usr/bin/python3", "-S", "-c",
      "for _ in range(40_000_000): pass\nimport time\nprint(int(time.process_time() * 1000))"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const int64_t program = std::stoll(o.out);
  ASSERT_GT(program, 300) << "the program did not spin long enough to tell";
  const nlohmann::json cpu = latest_manifest(home.path())["extra"]["capsule_cpu_ms"];
  ASSERT_TRUE(cpu["user"].is_number_integer()) << cpu;
  ASSERT_TRUE(cpu["system"].is_number_integer()) << cpu;
  const int64_t own = cpu["user"].get<int64_t>() + cpu["system"].get<int64_t>();
  EXPECT_GT(own, 0);
  EXPECT_LT(own, program) << "the program's CPU (" << program << " ms) counted as capsule's";
}

TEST(RunBasics, ExitCodeAndOutputPassThrough) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"sh", "-c", "echo hi; echo err >&2; echo there; exit 3"});
  EXPECT_EQ(o.exit_code, 3);
  EXPECT_EQ(o.out, "hi\nthere\n");
  EXPECT_EQ(o.err.rfind("err\n", 0), 0u) << o.err;
}

TEST(RunBasics, DeathBySignalIs128PlusN) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"sh", "-c", "kill -9 $$"});
  EXPECT_EQ(o.exit_code, 128 + 9);
  const auto events = read_jsonl(latest_run(home.path()) / "events.jsonl");
  ASSERT_FALSE(events.empty());
  const auto& last = events.back();
  EXPECT_EQ(last.value("type", ""), "exit");
  EXPECT_EQ(last.value("killed_by", ""), "SIGKILL");
}

TEST(RunBasics, MissingProgramIs127) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"no-such-program-capsule-test"});
  EXPECT_EQ(o.exit_code, 127);
  EXPECT_EQ(o.err, "capsule: no-such-program-capsule-test: command not found\n");
}

TEST(RunBasics, NonExecutableIs126) {
  TempDir home;
  const auto file = home.path() / "not-executable";
  std::ofstream(file) << "#!/bin/sh\necho no\n";
  ::chmod(file.c_str(), 0644);
  const auto o = capsule_run(home.path(), {file.string()});
  EXPECT_EQ(o.exit_code, 126);
  EXPECT_NE(o.err.find("capsule: "), std::string::npos);
  EXPECT_NE(o.err.find("Permission denied"), std::string::npos) << o.err;
}

TEST(RunBasics, TraceAliasWithoutDoubleDash) {
  TempDir home;
  const auto o = run_program({capsule_bin(), "trace", "--home", home.path().string(), "--quiet", "sh", "-c", "exit 5"});
  EXPECT_EQ(o.exit_code, 5);
  EXPECT_EQ(o.err, "");  // --quiet: nothing of capsule's own
}

TEST(RunBasics, ProgramOptionsAreNotCapsules) {
  TempDir home;
  // --help after the program name belongs to the program.
  const auto o = capsule_run(home.path(), {"sh", "-c", "echo \"$1\"", "sh", "--help"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out, "--help\n");
}

TEST(RunBasics, LogHomeIsPrivate) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"true"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto run = latest_run(home.path());
  EXPECT_EQ(mode_of(run), 0700u);
  EXPECT_EQ(mode_of(home.path() / "logs"), 0700u);
  for (const auto& e : std::filesystem::directory_iterator(run)) {
    EXPECT_EQ(mode_of(e.path()), 0600u) << e.path();
  }
  const std::string id = run.filename().string().substr(run.filename().string().size() - 36);
  const auto pointer = home.path() / "run" / id / "log_dir.txt";
  EXPECT_EQ(mode_of(pointer), 0600u);
  EXPECT_EQ(read_lines(pointer).at(0), run.string());
}

// --backend auto where the eBPF programs cannot load although every precondition holds (root,
// BTF, cgroup v2): a container whose seccomp profile refuses bpf(2). The run falls back to ptrace
// and says why; an explicit --backend ebpf is refused with one line instead.
TEST(RunBasics, AutoFallsBackToPtraceWhereTheProgramsCannotLoad) {
  SKIP_WITHOUT_EBPF();
  TempDir home;
  const Outcome o = run_program({helper("deny_bpf"), capsule_bin(), "run", "--home", home.path().string(), "--",
                                 "sh", "-c", "exit 3"});
  ASSERT_EQ(o.exit_code, 3) << o.err;
  std::ifstream in(latest_run(home.path()) / "manifest.json");
  const auto m = nlohmann::json::parse(in);
  EXPECT_EQ(m["backend"], "ptrace");
  const std::string why = m["extra"]["backend_choice"]["why"];
  EXPECT_NE(why.find("did not load"), std::string::npos) << why;
  EXPECT_NE(o.err.find("backend ptrace (--backend auto: the eBPF backend did not load here"), std::string::npos) << o.err;
  TempDir other;
  const Outcome forced = run_program({helper("deny_bpf"), capsule_bin(), "run", "--home", other.path().string(),
                                      "--backend", "ebpf", "--", "true"});
  EXPECT_EQ(forced.exit_code, 125) << forced.err;
  EXPECT_TRUE(forced.err.starts_with("capsule: ")) << forced.err;
  // A mistake of the user's is not a kernel that refuses: auto reports it, and runs nothing.
  TempDir third;
  const Outcome mistaken =
      run_program({capsule_bin(), "run", "--home", third.path().string(), "--", "true"}, {"CAPSULE_EBPF_RING_KB=3"});
  EXPECT_EQ(mistaken.exit_code, 125) << mistaken.err;
  EXPECT_NE(mistaken.err.find("capsule: CAPSULE_EBPF_RING_KB must be a power of two"), std::string::npos)
      << mistaken.err;
}

TEST(RunBasics, ManifestRecordsTheRun) {
  TempDir home;
  const auto o = capsule_run(home.path(), {"sh", "-c", "exit 4"});
  ASSERT_EQ(o.exit_code, 4);
  const auto run = latest_run(home.path());
  std::ifstream in(run / "manifest.json");
  const auto m = nlohmann::json::parse(in);
  EXPECT_EQ(m["state"], "complete");
  EXPECT_EQ(m["exit_code"], 4);
  // The default is auto: ebpf where it loads, else ptrace; the manifest says which and why.
  EXPECT_EQ(m["backend"], tracing_backends().back());
  EXPECT_EQ(m["extra"]["backend_choice"]["requested"], "auto");
  EXPECT_EQ(m["argv"], nlohmann::json::array({"sh", "-c", "exit 4"}));
  const auto events = read_jsonl(run / "events.jsonl");
  uint64_t syscalls = 0;
  for (const auto& e : events) syscalls += e.contains("syscall") ? 1 : 0;
  EXPECT_EQ(m["syscalls"], syscalls);
  bool found = false;
  for (const auto& s : m["streams"]) {
    if (s["name"] == "events") {
      found = true;
      EXPECT_EQ(s["records"], events.size());
    }
  }
  EXPECT_TRUE(found);
}

TEST(RunBasics, UsageErrorsExit2) {
  EXPECT_EQ(run_program({capsule_bin(), "run"}).exit_code, 2);
  EXPECT_EQ(run_program({capsule_bin(), "no-such-subcommand"}).exit_code, 2);
  EXPECT_EQ(run_program({capsule_bin(), "run", "--no-such-flag", "--", "true"}).exit_code, 2);
  const auto o = run_program({capsule_bin(), "run", "--string-limit", "abc", "--", "true"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
}

TEST(RunBasics, HelpDocumentsOptions) {
  const auto o = run_program({capsule_bin(), "run", "--help"});
  EXPECT_EQ(o.exit_code, 0);
  for (const char* opt : {"--home", "--quiet", "--string-limit", "--kill-after", "--timeout"}) {
    EXPECT_NE(o.out.find(opt), std::string::npos) << opt;
  }
  EXPECT_EQ(run_program({capsule_bin(), "--help"}).exit_code, 0);
}

TEST(RunBasics, UnwritableHomeIsAClearError) {
  TempDir tmp;
  const auto file = tmp.path() / "a-file";
  std::ofstream(file) << "x";
  const auto o = capsule_run(file, {"true"});
  EXPECT_EQ(o.exit_code, 125);
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

}  // namespace
}  // namespace capsule::test
