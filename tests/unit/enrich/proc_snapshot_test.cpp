// read_proc_snapshot on this very test process, and on a fake /proc tree.
#include "enrich/proc_snapshot.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace capsule {
namespace {

const SnapshotFd* find_fd(const ProcessSnapshot& s, int64_t fd) {
  const auto it = std::find_if(s.fds.begin(), s.fds.end(), [&](const auto& f) { return f.fd == fd; });
  return it == s.fds.end() ? nullptr : &*it;
}

TEST(ProcSnapshot, ReadsThisProcess) {
  const int plain = ::open("/etc/hostname", O_RDONLY);
  const int cloexec = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  ASSERT_GE(plain, 0);
  ASSERT_GE(cloexec, 0);

  const auto snap = read_proc_snapshot(::getpid());
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->pid, ::getpid());
  EXPECT_EQ(snap->ppid, ::getppid());
  ASSERT_TRUE(snap->exe.has_value());
  EXPECT_EQ(std::filesystem::path(*snap->exe).filename(), "test_enrich");
  EXPECT_EQ(snap->cwd, std::filesystem::current_path().string());
  ASSERT_TRUE(snap->argv.has_value());
  EXPECT_EQ(std::filesystem::path(snap->argv->at(0)).filename(), "test_enrich");
  EXPECT_EQ(snap->cred.uid, ::getuid());
  EXPECT_EQ(snap->cred.euid, ::geteuid());
  EXPECT_EQ(snap->cred.gid, ::getgid());
  EXPECT_TRUE(snap->cred.groups.has_value());
  EXPECT_TRUE(snap->cred.cap_bnd.has_value());
  EXPECT_TRUE(snap->cred.cap_eff.has_value());
  EXPECT_EQ(snap->no_new_privs, ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
  for (size_t k = 0; k < kNsKindCount; ++k) {
    SCOPED_TRACE(ns_kind_name(static_cast<NsKind>(k)));
    ASSERT_TRUE(snap->ns[k].has_value());
    EXPECT_GT(*snap->ns[k], 0u);
  }
  EXPECT_TRUE(snap->cgroup.has_value());
  for (int fd : {0, 1, 2}) EXPECT_NE(find_fd(*snap, fd), nullptr) << fd;

  const SnapshotFd* p = find_fd(*snap, plain);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->ref, "/etc/hostname");
  EXPECT_FALSE(p->cloexec);
  EXPECT_FALSE(p->directory);
  const SnapshotFd* c = find_fd(*snap, cloexec);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->ref, "/");
  EXPECT_TRUE(c->cloexec);
  EXPECT_TRUE(c->directory);
  const SnapshotFd* r = find_fd(*snap, pipefd[0]);
  ASSERT_NE(r, nullptr);
  EXPECT_TRUE(r->ref.starts_with("pipe:[")) << r->ref;
  EXPECT_EQ(r->ref, find_fd(*snap, pipefd[1])->ref);  // both ends: one pipe

  ::close(plain);
  ::close(cloexec);
  ::close(pipefd[0]);
  ::close(pipefd[1]);
}

TEST(ProcSnapshot, MissingProcessIsNullopt) {
  EXPECT_FALSE(read_proc_snapshot("/nonexistent-proc", 1).has_value());
}

TEST(ProcSnapshot, FakeTreeWithContainerCgroupAndMissingParts) {
  const auto root = std::filesystem::temp_directory_path() /
                    ("capsule-fakeproc-" + std::to_string(::getpid()));
  std::filesystem::create_directories(root / "42");
  std::ofstream(root / "42" / "status") << "Name:\tx\nPPid:\t7\nUid:\t1000\t0\t0\t1000\n"
                                           "Gid:\t100\t100\t100\t100\nGroups:\t4 27 \n"
                                           "CapEff:\t0000000000003000\nCapPrm:\t0000000000003000\n"
                                           "CapBnd:\t000001ffffffffff\nNoNewPrivs:\t1\n";
  const std::string id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  std::ofstream(root / "42" / "cgroup") << "0::/system.slice/docker-" << id << ".scope\n";
  const auto snap = read_proc_snapshot(root.string(), 42);
  std::filesystem::remove_all(root);
  ASSERT_TRUE(snap.has_value());
  EXPECT_EQ(snap->ppid, 7);
  EXPECT_EQ(snap->cred.uid, 1000u);
  EXPECT_EQ(snap->cred.euid, 0u);
  EXPECT_EQ(snap->cred.fsuid, 1000u);
  EXPECT_EQ(snap->cred.groups, (std::vector<uint32_t>{4, 27}));
  EXPECT_EQ(snap->cred.cap_eff, 0x3000u);
  EXPECT_EQ(snap->cred.cap_bnd, 0x1ffffffffffu);
  EXPECT_EQ(snap->no_new_privs, true);
  EXPECT_EQ(snap->cgroup, "/system.slice/docker-" + id + ".scope");
  EXPECT_EQ(snap->container_id, "0123456789ab");
  // Not in the fake tree: absent, not guessed.
  EXPECT_FALSE(snap->exe.has_value());
  EXPECT_FALSE(snap->cwd.has_value());
  EXPECT_FALSE(snap->argv.has_value());
  EXPECT_FALSE(snap->ns[0].has_value());
  EXPECT_TRUE(snap->fds.empty());
}

TEST(ContainerId, KnownRuntimes) {
  const std::string id = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";
  EXPECT_EQ(container_id_from_cgroup("/docker/" + id), "f00dfeedf00d");
  EXPECT_EQ(container_id_from_cgroup("/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + id +
                                     ".scope"), "f00dfeedf00d");
  EXPECT_EQ(container_id_from_cgroup("/machine.slice/libpod-" + id + ".scope/container"),
            "f00dfeedf00d");
  EXPECT_EQ(container_id_from_cgroup("/kubepods/besteffort/pod1/crio-" + id), "f00dfeedf00d");
  EXPECT_FALSE(container_id_from_cgroup("/user.slice/user-1000.slice/session-2.scope"));
  EXPECT_FALSE(container_id_from_cgroup("/docker/" + id.substr(0, 63)));
}

}  // namespace
}  // namespace capsule
