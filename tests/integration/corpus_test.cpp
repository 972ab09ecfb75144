// The cross-check corpus (issue #19). Each program of corpus_programs.h runs under
// `strace -f -tt -yy -v -x -s 1000` (what docs/FORMAT.md promises syscalls.log is) and under
// `capsule run` with the ptrace backend and, where BPF loads, the eBPF backend; strace's own log
// is also read back by `capsule import`. Every syscalls.log must hold strace's lines, compared as
// multisets once what differs between two runs is replaced (corpus_log.h), but for the
// differences tests/data/crosscheck_allowed.txt still allows, each with its reason.
//
// ctest runs CorpusFixture.ProbeBackends first and CorpusFixture.Report last (a ctest fixture,
// tests/CMakeLists.txt): the report prints the agreement per program and the allowances that
// covered nothing, which can be removed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <set>

#include "corpus_compare.h"
#include "corpus_programs.h"
#include "harness.h"

namespace capsule::test {

namespace {

namespace fs = std::filesystem;

// Where the tests of one ctest invocation leave their results for the report.
const fs::path kState = CAPSULE_CORPUS_STATE;
const std::vector<std::string> kBackends = {"ptrace", "ebpf", "import"};

fs::path allowed_file() { return fs::path(CAPSULE_SOURCE_DIR) / "tests/data/crosscheck_allowed.txt"; }

// Why the eBPF backend cannot run here, or "" when it can.
std::string probe_ebpf() {
  if (::geteuid() != 0) return "not root";
  if (!fs::exists("/sys/kernel/btf/vmlinux")) return "no kernel BTF";
  TempDir home;
  const Outcome o = capsule_run(home.path(), {"/bin/true"}, {"--backend", "ebpf"});
  return o.exit_code == 0 ? "" : "the eBPF backend cannot load: " + o.err;
}

// The fixture's probe when it ran (one BPF load per ctest run, not one per program).
std::string ebpf_unavailable() {
  static const std::string why = [] {
    if (fs::exists(kState / "ebpf-probe")) return slurp(kState / "ebpf-probe");
    return probe_ebpf();
  }();
  return why;
}

// `work` emptied and given the program's files, so that every run of a program sees the same
// directory at the same path. Done for every tracer before any is started: a file being written
// (an fd without O_CLOEXEC) while another thread spawns would be inherited by that run's program
// and shift all its fd numbers by one.
void prepare_work(const fs::path& work, const CorpusProgram& p) {
  fs::remove_all(work);
  fs::create_directories(work);
  for (const auto& [name, text] : p.files) spit(work / name, text);
}

// Runs `tracer... program...` in `work` (prepare_work first).
Outcome run_in(const fs::path& work, const CorpusProgram& p, const std::vector<std::string>& tracer) {
  // strace prints local times in its date comments, capsule UTC: both run in UTC.
  std::vector<std::string> argv{"env", "-C", work.string(), "TZ=UTC"};
  argv.insert(argv.end(), p.env.begin(), p.env.end());
  argv.insert(argv.end(), tracer.begin(), tracer.end());
  argv.insert(argv.end(), p.argv.begin(), p.argv.end());
  return run_program(argv);
}

std::string percent(size_t part, size_t whole) {
  char buf[16];
  const double share = static_cast<double>(part) / static_cast<double>(std::max<size_t>(whole, 1));
  std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * share);
  return buf;
}

void record(const std::string& program, const std::string& backend, const Comparison& c) {
  fs::create_directories(kState);
  std::ofstream out(kState / (program + "." + backend));
  out << c.strace_lines << ' ' << c.exact << ' ' << c.normalised << ' ' << c.allowed << ' ' << c.failing << '\n';
  for (const int line : c.used) out << line << '\n';
}

// One traced run of the program, in a work directory of its own (alone in its parent, which
// git, for one, reads): the runs go at once, and the logs name the directory BOX/work.
struct TracedRun {
  TempDir box;
  fs::path work = box.path() / "work";
  std::future<Outcome> outcome;
};

void cross_check(const CorpusProgram& p) {
  const auto allowances = read_allowances(allowed_file());
  std::vector<Rewrite> extra;
  for (const auto& [pattern, replacement] : p.rewrite) extra.push_back({std::regex(pattern), replacement});
  TempDir tmp;  // strace's log and capsule's homes
  const fs::path slog = tmp.path() / "strace.log";
  std::map<std::string, std::unique_ptr<TracedRun>> runs;
  std::map<std::string, std::vector<std::string>> commands;
  for (const std::string tracer : {"strace", "ptrace", "ebpf"}) {
    if (tracer == "ebpf" && !ebpf_unavailable().empty()) continue;
    commands[tracer] =
        tracer == "strace"
            ? std::vector<std::string>{"strace", "-f", "-tt", "-yy", "-v", "-x", "-s", "1000", "-o", slog.string()}
            : std::vector<std::string>{capsule_bin(), "run", "--home", (tmp.path() / ("home-" + tracer)).string(),
                                       "--backend", tracer, "--"};
    runs[tracer] = std::make_unique<TracedRun>();
    prepare_work(runs[tracer]->work, p);
  }
  for (auto& [tracer, run] : runs) {
    run->outcome = std::async(std::launch::async,
                              [&p, work = run->work, cmd = commands[tracer]] { return run_in(work, p, cmd); });
  }
  const Outcome s = runs["strace"]->outcome.get();
  const LogLines want = read_log(slog, runs["strace"]->work, extra);
  ASSERT_GT(want.exact.size(), 5u) << s.err;
  const fs::path imported = tmp.path() / "home-import";
  const Outcome i = run_program({capsule_bin(), "import", slog.string(), "--home", imported.string()});
  ASSERT_EQ(i.exit_code, 0) << i.err;
  std::map<std::string, LogLines> logs;
  logs["import"] = read_log(latest_run(imported) / "syscalls.log", runs["strace"]->work, extra);
  for (auto& [backend, run] : runs) {
    if (backend == "strace") continue;
    const Outcome o = run->outcome.get();
    EXPECT_EQ(o.exit_code, s.exit_code) << backend << ": " << o.err;
    logs[backend] = read_log(latest_run(tmp.path() / ("home-" + backend)) / "syscalls.log", run->work, extra);
  }
  for (const auto& [backend, got] : logs) {
    const Comparison c = compare_logs(want, got, backend == "import", allowances, backend, p.name);
    record(p.name, backend, c);
    std::cout << p.name << " " << backend << ": " << c.exact << "/" << c.strace_lines << " strace lines word for word, "
              << c.normalised << " normalised, " << c.allowed << " allowed differences\n";
    EXPECT_EQ(c.failing, 0u) << p.name << " under the " << backend << " backend: " << c.failing
                             << " lines differ from strace's, and no entry of " << allowed_file().string()
                             << " allows them (- only strace wrote it, + only capsule did; normalised but for import):\n"
                             << c.diff;
  }
}

// One test per program, Corpus.NAME, so that ctest runs them in parallel and names the failing one.
class CorpusTest : public ::testing::Test {
 public:
  explicit CorpusTest(CorpusProgram p) : program_(std::move(p)) {}
  void TestBody() override { cross_check(program_); }

 private:
  CorpusProgram program_;
};

const bool kRegistered = [] {
  for (const auto& p : corpus_programs()) {
    ::testing::RegisterTest("Corpus", p.name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            [p]() -> ::testing::Test* { return new CorpusTest(p); });
  }
  return true;
}();

TEST(CorpusFixture, ProbeBackends) {
  fs::remove_all(kState);
  fs::create_directories(kState);
  const std::string why = probe_ebpf();
  spit(kState / "ebpf-probe", why);
  if (!why.empty()) std::cout << "the corpus runs without the eBPF backend: " << why << "\n";
}

// Prints the agreement per program and backend, and the allowances nothing needed any more
// (printed, not failed: a decoder fixed elsewhere makes an entry stale, and it is then removed).
TEST(CorpusFixture, Report) {
  const auto allowances = read_allowances(allowed_file());  // fails on an entry it cannot read
  std::set<int> used;
  std::set<std::string> ran;
  std::map<std::string, std::array<size_t, 5>> totals;
  std::cout << "| program | backend | strace lines | word for word | normalised | allowed | failing |\n"
               "|---|---|---:|---:|---:|---:|---:|\n";
  std::vector<fs::path> results;
  for (const auto& e : fs::directory_iterator(kState)) {
    if (e.path().filename() != "ebpf-probe") results.push_back(e.path());
  }
  std::sort(results.begin(), results.end());
  if (results.empty()) GTEST_SKIP() << "no corpus program ran";
  for (const auto& r : results) {
    std::ifstream in(r);
    std::array<size_t, 5> n{};
    for (auto& v : n) in >> v;
    for (int line = 0; in >> line;) used.insert(line);
    const std::string backend = r.extension().string().substr(1);
    ran.insert(backend);
    for (size_t k = 0; k < n.size(); ++k) totals[backend][k] += n[k];
    std::cout << "| " << r.stem().string() << " | " << backend << " | " << n[0] << " | " << percent(n[1], n[0]) << " | "
              << percent(n[2], n[0]) << " | " << n[3] << " | " << n[4] << " |\n";
  }
  for (const auto& [backend, n] : totals) {
    std::cout << "| **all** | " << backend << " | " << n[0] << " | " << percent(n[1], n[0]) << " | "
              << percent(n[2], n[0]) << " | " << n[3] << " | " << n[4] << " |\n";
  }
  for (const auto& a : allowances) {
    if (used.count(a.line) != 0) continue;
    const bool ran_here = a.backend == "*" || std::any_of(ran.begin(), ran.end(), [&](const std::string& b) {
      return ("," + a.backend + ",").find("," + b + ",") != std::string::npos;
    });
    if (!ran_here) continue;  // its backend did not run here
    std::cout << "allowance that covered nothing in this run (remove it, unless its difference comes and goes): "
              << allowed_file().string() << ":" << a.line << ": " << a.backend << " "
              << a.program << " " << a.syscall << " " << a.reason << "\n";
  }
}

}  // namespace
}  // namespace capsule::test
