// `capsule attach PID` (and `run -p PID`): a running program (helper attach_loop, started here,
// untraced) is recorded from the attach on, its threads and later children followed, fds opened
// before the attach named; Ctrl-C or --timeout detach and leave it running untraced; its exit
// ends the run with its code; pids capsule must not or cannot attach to are refused.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "background_process.h"
#include "harness.h"

namespace capsule::test {
namespace {

using namespace std::chrono_literals;

// The helper, running and past its setup (the held fd is open, the second thread started).
struct Looper {
  TempDir dir;
  BackgroundProcess proc{{helper("attach_loop"), dir.path().string()}};
  Looper() {
    const auto line = proc.next_out_line(10s);
    EXPECT_TRUE(line && line->text == "ready");
  }
  pid_t pid() const { return proc.pid(); }
};

// /proc/PID/status's TracerPid, -1 when the process is gone.
long tracer_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return std::stol(line.substr(10));
  }
  return -1;
}

// Waits until the newest run's syscalls.log has a line containing `text`.
bool wait_for_log(const std::filesystem::path& home, const std::string& text, std::chrono::seconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (std::filesystem::exists(home / "logs") && slurp(latest_run(home) / "syscalls.log").find(text) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(Attach, RecordsThreadsAndLaterChildrenAndDetachesOnSigint) {
  Looper looper;
  TempDir home;
  const std::string held = (looper.dir.path() / "held").string();
  BackgroundProcess capsule({capsule_bin(), "attach", "--home", home.path().string(), std::to_string(looper.pid())});
  ASSERT_TRUE(wait_for_log(home.path(), "getppid(", 15s)) << capsule.rest_of_err();
  // A second tracer is refused while capsule holds the process.
  const Outcome second = run_program({capsule_bin(), "attach", "--home", home.path().string(), std::to_string(looper.pid())});
  EXPECT_EQ(second.exit_code, 125) << second.err;
  EXPECT_NE(second.err.find("already traced by pid"), std::string::npos) << second.err;

  looper.proc.send_signal(SIGUSR1);
  ASSERT_TRUE(wait_for_log(home.path(), "+++ exited with 7 +++", 15s)) << capsule.rest_of_err();
  ASSERT_TRUE(wait_for_log(home.path(), "tick.", 5s));
  capsule.send_signal(SIGINT);
  const auto code = capsule.wait_exit(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << capsule.rest_of_err();
  EXPECT_NE(capsule.rest_of_err().find("detached from " + std::to_string(looper.pid())), std::string::npos)
      << capsule.rest_of_err();

  // Left running, and untraced: it goes on writing ticks.
  EXPECT_EQ(::kill(looper.pid(), 0), 0);
  EXPECT_EQ(tracer_of(looper.pid()), 0);

  const auto run = latest_run(home.path());
  const std::string log = slurp(run / "syscalls.log");
  // The fd opened before the attach has its name from the first record on.
  // (Its number is not fixed: ctest may leave an fd of its own open in the helper.)
  EXPECT_NE(log.find("<" + held + ">, \"x\", 1) = 1"), std::string::npos) << log.substr(0, 2000);
  EXPECT_NE(log.find("child\", O_WRONLY|O_CREAT|O_CLOEXEC, 0600) = "), std::string::npos);
  // The second thread's calls carry its own tid.
  bool other_thread = false;
  for (const auto& line : read_lines(run / "syscalls.log")) {
    if (line.find("getppid()") != std::string::npos && line.rfind(std::to_string(looper.pid()) + " ", 0) != 0) {
      other_thread = true;
    }
  }
  EXPECT_TRUE(other_thread);

  bool write_named = false;
  for (const auto& rec : read_jsonl(run / "enriched.jsonl")) {
    if (rec.value("syscall", "") != "write" || !rec.contains("fds")) continue;
    write_named = rec["fds"][0].value("path", "") == held && rec["ctx"].value("exe", "").ends_with("attach_loop");
    if (write_named) break;
  }
  EXPECT_TRUE(write_named);

  const auto m = latest_manifest(home.path());
  EXPECT_EQ(m["state"], "complete");
  EXPECT_EQ(m["exit_code"], 0);
  EXPECT_EQ(m["extra"]["attached"]["pid"], looper.pid());
  EXPECT_TRUE(m["extra"]["attached"]["detached_at"].is_number());
  EXPECT_EQ(m["extra"]["attached"]["threads"], 2);
  EXPECT_TRUE(m["argv"][0].get<std::string>().ends_with("attach_loop"));
  EXPECT_EQ(m["processes"], 2);  // the looper and its child
  EXPECT_NE(m["extra"]["incomplete"].dump().find("attached to running process"), std::string::npos);
}

TEST(Attach, TimeoutDetachesAndLeavesTheProcessRunning) {
  Looper looper;
  TempDir home;
  const Outcome out = run_program(
      {capsule_bin(), "run", "--home", home.path().string(), "--timeout", "1", "-p", std::to_string(looper.pid())});
  EXPECT_EQ(out.exit_code, 0) << out.err;
  EXPECT_EQ(::kill(looper.pid(), 0), 0);
  EXPECT_EQ(tracer_of(looper.pid()), 0);
  EXPECT_NE(slurp(latest_run(home.path()) / "syscalls.log").find("tick."), std::string::npos);
  EXPECT_TRUE(latest_manifest(home.path())["extra"]["attached"]["detached_at"].is_number());
  // Still running on its own: a tick written after the detach.
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(tracer_of(looper.pid()), 0);
}

TEST(Attach, TheProcessExitingEndsTheRunWithItsCode) {
  Looper looper;
  TempDir home;
  BackgroundProcess capsule({capsule_bin(), "attach", "--home", home.path().string(), std::to_string(looper.pid())});
  ASSERT_TRUE(wait_for_log(home.path(), "tick.", 15s)) << capsule.rest_of_err();
  { std::ofstream(looper.dir.path() / "stop") << ""; }
  const auto code = capsule.wait_exit(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 3) << capsule.rest_of_err();
  const auto m = latest_manifest(home.path());
  EXPECT_EQ(m["exit_code"], 3);
  EXPECT_TRUE(m["extra"]["attached"]["detached_at"].is_null());
  EXPECT_NE(slurp(latest_run(home.path()) / "syscalls.log").find("+++ exited with 3 +++"), std::string::npos);
}

// A pid with no process behind it (pids are not reused this fast in a test).
pid_t unused_pid() {
  for (pid_t p = 4194000; p > 1000; --p) {
    if (::kill(p, 0) != 0 && errno == ESRCH) return p;
  }
  return -1;
}

TEST(Attach, PidsItMayNotOrCannotAttachToAreRefused) {
  TempDir home;
  const std::string h = home.path().string();
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string says;
  };
  const std::string gone = std::to_string(unused_pid());
  const std::string self_test = std::to_string(::getpid());  // an ancestor of capsule
  const std::vector<Case> cases{
      {{"attach", "--home", h, gone}, 2, "capsule: attach: no process " + gone + "\n"},
      {{"attach", "--home", h, self_test}, 2, "is an ancestor of capsule"},
      {{"attach", "--home", h, "1"}, 2, "is an ancestor of capsule"},
      {{"run", "--home", h, "-p", self_test, "--", "true"}, 2, "exclude each other"},
      {{"attach", "--home", h, "--backend", "ebpf", self_test}, 2, "not supported with --backend ebpf"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> argv{capsule_bin()};
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    const Outcome out = run_program(argv);
    EXPECT_EQ(out.exit_code, c.code) << c.args[0] << " " << c.args.back() << ": " << out.err;
    EXPECT_NE(out.err.find(c.says), std::string::npos) << out.err;
    EXPECT_EQ(std::count(out.err.begin(), out.err.end(), '\n'), 1) << out.err;
  }
  EXPECT_FALSE(std::filesystem::exists(home.path() / "logs") && !std::filesystem::is_empty(home.path() / "logs"));

  // Another user's process: the kernel refuses, capsule says why and records nothing.
  Looper looper;
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);  // nobody enters it to reach its home
  const auto nobody = nobody_home(dir);
  const Outcome out = run_program(
      as_nobody(nobody, {capsule_bin(), "attach", "--home", (nobody / "capsule").string(), std::to_string(looper.pid())}));
  EXPECT_EQ(out.exit_code, 125) << out.err;
  EXPECT_NE(out.err.find("cannot attach to " + std::to_string(looper.pid()) + ": not permitted"), std::string::npos)
      << out.err;
  EXPECT_EQ(tracer_of(looper.pid()), 0);
}

}  // namespace
}  // namespace capsule::test
