// A SIGTERM that reaches `capsule run` before it has started the program (still reading its rules,
// its home, its policy) is not lost and does not kill capsule: the program is started, ended with
// the signal, and the run sealed. The signal is made to arrive at the earliest possible moment:
// it is pending (blocked in the spawning mask) when capsule's main() begins.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>

#include "harness.h"

namespace capsule::test {
namespace {

TEST(EarlySignal, ASigtermPendingAtStartEndsTheProgramAndSealsTheRun) {
  for (const char* backend : {"ptrace", "strace"}) {
    TempDir home;
    std::vector<std::string> argv{capsule_bin(), "run", "--quiet", "--home", home.path().string(), "--backend",
                                  backend, "--kill-after", "2", "--", "sh", "-c", "sleep 30; exit 0"};
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    posix_spawnattr_setsigmask(&attr, &term);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, args[0], nullptr, &attr, args.data(), environ), 0);
    posix_spawnattr_destroy(&attr);
    ::kill(pid, SIGTERM);
    const auto start = std::chrono::steady_clock::now();
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << backend;
    EXPECT_EQ(WEXITSTATUS(status), 143) << backend;  // sh died of the forwarded SIGTERM
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(25)) << backend;  // not the sleep
    std::ifstream in(latest_run(home.path()) / "manifest.json");
    const auto m = nlohmann::json::parse(in);
    EXPECT_EQ(m["state"], "complete") << backend;
    EXPECT_EQ(m["exit_signal"], 15) << backend;
  }
}

}  // namespace
}  // namespace capsule::test
