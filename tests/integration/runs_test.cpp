// capsule runs: newest first, with sealed runs, runs being recorded, and runs whose capsule was
// killed (unsealed; the program died with it) told apart.
#include <gtest/gtest.h>

#include <signal.h>

#include <fstream>
#include <thread>

#include "background_process.h"
#include "harness.h"

namespace capsule::test {
namespace {

using namespace std::chrono_literals;

nlohmann::json runs_json(const TempDir& home) {
  const auto o = run_program({capsule_bin(), "runs", "--json", "--home", home.path().string()});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return nlohmann::json::parse(o.out);
}

// The pid of the first traced process, once its execve record is on disk.
pid_t traced_pid(const TempDir& home) {
  for (int i = 0; i < 500; ++i) {
    std::error_code ec;
    if (std::filesystem::exists(home.path() / "logs", ec) && !std::filesystem::is_empty(home.path() / "logs", ec)) {
      const auto lines = read_lines(latest_run(home.path()) / "events.jsonl");
      if (!lines.empty()) return nlohmann::json::parse(lines.front()).at("pid").get<pid_t>();
    }
    std::this_thread::sleep_for(10ms);
  }
  return -1;
}

bool process_gone(pid_t pid) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    const size_t close = text.rfind(')');
    if (!stat || (close != std::string::npos && text.substr(close + 2, 1) == "Z")) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(Runs, SealedRunsNewestFirst) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "exit 3"}).exit_code, 3);
  const auto runs = runs_json(home);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0]["command"], "sh -c 'exit 3'");
  EXPECT_EQ(runs[0]["exit_code"], 3);
  EXPECT_EQ(runs[1]["command"], "true");
  for (const auto& r : runs) {
    EXPECT_EQ(r["status"], "sealed");
    EXPECT_EQ(r["sealed"], true);
    EXPECT_GT(r["syscalls"].get<int>(), 0);
    EXPECT_GE(r["duration_us"].get<int64_t>(), 0);
    EXPECT_EQ(r["run_id"].get<std::string>().size(), 36u);
  }
  const auto table = run_program({capsule_bin(), "runs", "--home", home.path().string()});
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_EQ(table.out.rfind("ID ", 0), 0u) << table.out;
  EXPECT_NE(table.out.find("sealed"), std::string::npos) << table.out;
  EXPECT_LT(table.out.find("exit 3"), table.out.find("true")) << table.out;
}

TEST(Runs, KilledCapsuleLeavesAnUnsealedRunAndNoProgram) {
  TempDir home;
  BackgroundProcess capsule({capsule_bin(), "run", "-q", "--home", home.path().string(), "--", "sleep", "30"});
  const pid_t sleeper = traced_pid(home);
  ASSERT_GT(sleeper, 0) << "the run never started";
  {
    const auto runs = runs_json(home);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0]["status"], "recording");
    EXPECT_EQ(runs[0]["capsule_pid"], capsule.pid());
  }
  capsule.send_signal(SIGKILL);
  EXPECT_EQ(capsule.wait_exit(10s), 128 + SIGKILL);
  const auto runs = runs_json(home);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["status"], "unsealed");
  EXPECT_EQ(runs[0]["sealed"], false);
  EXPECT_EQ(runs[0]["state"], "running");
  EXPECT_TRUE(process_gone(sleeper)) << "the traced program outlived capsule";
}

TEST(Runs, EmptyHome) {
  TempDir home;
  EXPECT_EQ(runs_json(home), nlohmann::json::array());
  const auto o = run_program({capsule_bin(), "runs", "--home", home.path().string()});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_NE(o.err.find("no runs"), std::string::npos);
}

}  // namespace
}  // namespace capsule::test
