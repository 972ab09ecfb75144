// The eBPF backend's cgroup: a directory left by an earlier capsule of the same pid (killed with
// SIGKILL, or whose rmdir gave up under load) must not stop the next one from starting, nor be
// taken over. Needs root and a cgroup v2 hierarchy; skipped, with the reason, elsewhere.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <exception>
#include <fstream>
#include <string>
#include <vector>

#include "trace/ebpf/cgroup_guard.h"

namespace capsule {
namespace {

TEST(CgroupGuard, ANameLeftByAnEarlierCapsuleOfTheSamePidIsSkipped) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root";
  if (!cgroup2_mount()) GTEST_SKIP() << "no cgroup v2 hierarchy";
  std::string first;
  {
    const CgroupGuard probe;  // capsule-PID-N: the names after it are N+1, N+2, …
    first = probe.dir().string();
  }
  const std::string stem = first.substr(0, first.rfind('-') + 1);
  const unsigned next = static_cast<unsigned>(std::stoul(first.substr(first.rfind('-') + 1))) + 1;
  std::vector<std::string> stale;
  for (unsigned k = next; k < next + 3; ++k) {
    stale.push_back(stem + std::to_string(k));
    ASSERT_EQ(::mkdir(stale.back().c_str(), 0755), 0) << stale.back();
  }
  try {
    const CgroupGuard guard;
    EXPECT_EQ(guard.dir().string(), stem + std::to_string(next + 3));
    EXPECT_FALSE(guard.populated());
  } catch (const std::exception& e) {
    ADD_FAILURE() << e.what();  // and still remove the directories below
  }
  for (const auto& d : stale) EXPECT_EQ(::rmdir(d.c_str()), 0) << d;  // untouched, still empty
}

// The run loop sleeps on events_fd(): it must signal when the cgroup empties, and populated()
// must tell the state through it.
TEST(CgroupGuard, EventsFdSignalsWhenTheLastProcessLeaves) {
  if (::geteuid() != 0) GTEST_SKIP() << "not root";
  if (!cgroup2_mount()) GTEST_SKIP() << "no cgroup v2 hierarchy";
  const CgroupGuard guard;
  ASSERT_GE(guard.events_fd(), 0);
  EXPECT_FALSE(guard.populated());
  int go[2];
  ASSERT_EQ(::pipe(go), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    char c;
    (void)!::read(go[0], &c, 1);  // until moved into the cgroup
    _exit(0);
  }
  ::close(go[0]);
  ASSERT_GT(child, 0);
  {
    std::ofstream procs(guard.procs_file());
    procs << child << std::flush;
    ASSERT_TRUE(procs.good());
  }
  EXPECT_TRUE(guard.populated());  // read: also clears the change signalled so far
  pollfd p{guard.events_fd(), POLLPRI, 0};
  EXPECT_EQ(::poll(&p, 1, 0), 0) << "signalled with no change since the read";
  ASSERT_EQ(::write(go[1], "x", 1), 1);
  ::close(go[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_EQ(::poll(&p, 1, 5000), 1) << "no signal when the cgroup emptied";
  EXPECT_TRUE(p.revents & POLLPRI);
  EXPECT_FALSE(guard.populated());
}

}  // namespace
}  // namespace capsule
