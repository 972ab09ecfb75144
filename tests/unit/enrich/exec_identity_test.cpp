// The identity after execve: the kernel's rules (saved and filesystem ids follow the effective
// ones; set-id bits; file capabilities), what probe_exec_file reads from real files, and when the
// enricher looks at the executed file at all (live runs without NO_NEW_PRIVS only).
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "enrich/enricher.h"
#include "enrich/exec_file.h"
#include "enrich/identity.h"
#include "context_reader.h"
#include "event_builder.h"

namespace capsule {
namespace {

using nlohmann::json;
using test::EventBuilder;

constexpr uint64_t kAllCaps = 0x1ffffffffffull;
constexpr uint32_t kNobody = 65534;

Credentials root_cred() {
  Credentials c;
  c.uid = c.euid = c.suid = c.fsuid = 0;
  c.gid = c.egid = c.sgid = c.fsgid = 0;
  c.cap_eff = c.cap_prm = c.cap_bnd = kAllCaps;
  return c;
}

Credentials user_cred(uint32_t id) {
  Credentials c;
  c.uid = c.euid = c.suid = c.fsuid = id;
  c.gid = c.egid = c.sgid = c.fsgid = id;
  c.cap_eff = c.cap_prm = 0;
  c.cap_bnd = kAllCaps;
  return c;
}

// {real, effective, saved, filesystem} ids, to compare in one go.
using Ids = std::array<std::optional<uint32_t>, 4>;
Ids uids(const Credentials& c) { return {c.uid, c.euid, c.suid, c.fsuid}; }
Ids gids(const Credentials& c) { return {c.gid, c.egid, c.sgid, c.fsgid}; }

TEST(ExecRules, PlainExecMakesSavedAndFilesystemIdsFollowTheEffectiveOnes) {
  Credentials c = user_cred(1000);
  c.euid = 0;  // a saved-set-user-ID program that switched: ruid 1000, euid 0, suid 5
  c.suid = 5;
  c.fsuid = 7;
  c.egid = 0;
  c.sgid = 6;
  apply_exec(c, ExecFile{});
  EXPECT_EQ(uids(c), (Ids{1000, 0, 0, 0}));
  EXPECT_EQ(gids(c), (Ids{1000, 0, 0, 0}));
  EXPECT_EQ(c.cap_prm, kAllCaps);  // euid 0: the bounding set
  EXPECT_EQ(c.cap_eff, kAllCaps);
}

TEST(ExecRules, RootRunningASetuidNobodyFileKeepsPermittedButNotEffective) {
  Credentials c = root_cred();
  apply_exec(c, ExecFile{kNobody, std::nullopt, false});
  EXPECT_EQ(uids(c), (Ids{0, kNobody, kNobody, kNobody}));
  EXPECT_EQ(gids(c), (Ids{0, 0, 0, 0}));
  EXPECT_EQ(c.cap_prm, kAllCaps);  // real uid 0 still gets the bounding set as permitted…
  EXPECT_EQ(c.cap_eff, 0u);        // …but only an effective uid 0 makes it effective
}

TEST(ExecRules, UserRunningASetuidRootFileGetsRootsCapabilities) {
  Credentials c = user_cred(1000);
  apply_exec(c, ExecFile{0u, std::nullopt, false});
  EXPECT_EQ(uids(c), (Ids{1000, 0, 0, 0}));
  EXPECT_EQ(c.cap_prm, kAllCaps);
  EXPECT_EQ(c.cap_eff, kAllCaps);
}

TEST(ExecRules, SetgidFileChangesTheGroupIdsOnly) {
  Credentials c = user_cred(1000);
  apply_exec(c, ExecFile{std::nullopt, 42u, false});
  EXPECT_EQ(uids(c), (Ids{1000, 1000, 1000, 1000}));
  EXPECT_EQ(gids(c), (Ids{1000, 42, 42, 42}));
  EXPECT_EQ(c.cap_prm, 0u);
}

TEST(ExecRules, FileCapabilitiesMakeEffectiveAndPermittedUnknown) {
  Credentials c = user_cred(1000);
  c.securebits = kSecbitKeepCaps;
  apply_exec(c, ExecFile{std::nullopt, std::nullopt, true});
  EXPECT_EQ(c.euid, 1000u);
  EXPECT_FALSE(c.cap_eff.has_value());
  EXPECT_FALSE(c.cap_prm.has_value());
  EXPECT_EQ(c.cap_bnd, kAllCaps);
  EXPECT_EQ(c.securebits, 0u);  // execve clears KEEP_CAPS
}

TEST(ExecRules, UnknownFileKeepsOnlyTheRealIdsAndTheBoundingSet) {
  Credentials c = root_cred();
  apply_exec_unknown_file(c);
  EXPECT_EQ(uids(c), (Ids{0, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_EQ(gids(c), (Ids{0, std::nullopt, std::nullopt, std::nullopt}));
  EXPECT_FALSE(c.cap_eff || c.cap_prm);
  EXPECT_EQ(c.cap_bnd, kAllCaps);
}

// A temporary directory with files whose owner and mode the tests set (chown needs root).
class ExecFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/capsule-exec-file-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  // Writes `content` to dir/name, owned by uid:gid with `mode` (chmod after chown, which clears
  // the set-id bits).
  std::string make(const std::string& name, const std::string& content, mode_t mode,
                   uid_t uid = 0, gid_t gid = 0) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path) << content;
    EXPECT_EQ(::chown(path.c_str(), uid, gid), 0);
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }
  static bool root() { return ::geteuid() == 0; }
  std::filesystem::path dir_;
};

TEST_F(ExecFiles, PlainFileHasNothing) {
  const auto f = probe_exec_file(make("plain", "\x7f" "ELF…", 0755));
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(*f, ExecFile{});
}

TEST_F(ExecFiles, SetuidAndSetgidBitsGiveOwnerAndGroup) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  EXPECT_EQ(probe_exec_file(make("u", "bin", 04755, kNobody, 100)),
            (ExecFile{kNobody, std::nullopt, false}));
  EXPECT_EQ(probe_exec_file(make("g", "bin", 02755, kNobody, 100)), (ExecFile{std::nullopt, 100u, false}));
  EXPECT_EQ(probe_exec_file(make("ug", "bin", 06755, kNobody, 100)), (ExecFile{kNobody, 100u, false}));
  // S_ISGID without group execute is mandatory locking, not set-group-ID.
  EXPECT_EQ(probe_exec_file(make("lock", "bin", 02745, kNobody, 100)), ExecFile{});
}

TEST_F(ExecFiles, ScriptTakesItsInterpretersBitsNotItsOwn) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  const std::string interp = make("interp", "bin", 04755, kNobody, kNobody);
  EXPECT_EQ(probe_exec_file(make("s1", "#! " + interp + " -x\necho\n", 0755)),
            (ExecFile{kNobody, std::nullopt, false}));
  const std::string plain = make("plain", "bin", 0755);
  EXPECT_EQ(probe_exec_file(make("s2", "#!" + plain + "\n", 04755, kNobody, kNobody)), ExecFile{});
  // A script run by a script: followed to the end.
  const std::string outer = make("s3", "#!" + (dir_ / "s1").string() + "\n", 0755);
  EXPECT_EQ(probe_exec_file(outer), (ExecFile{kNobody, std::nullopt, false}));
}

TEST_F(ExecFiles, WhatCannotBeLookedAtIsUnknown) {
  EXPECT_EQ(probe_exec_file((dir_ / "missing").string()), std::nullopt);
  EXPECT_EQ(probe_exec_file(dir_.string()), std::nullopt);  // not a regular file
  EXPECT_EQ(probe_exec_file(make("rel", "#!bin/sh\n", 0755)), std::nullopt);
  // A script naming itself: deeper than the kernel goes.
  const std::string loop = (dir_ / "loop").string();
  EXPECT_EQ(probe_exec_file(make("loop", "#!" + loop + "\n", 0755)), std::nullopt);
}

TEST_F(ExecFiles, FileCapabilitiesAreSeen) {
  const std::string path = make("fcap", "bin", 0755);
  // struct vfs_cap_data, revision 2: magic_etc, then {permitted, inheritable} for the low and the
  // high 32 bits; CAP_NET_RAW (13) permitted.
  const uint32_t data[5] = {0x02000000u, 1u << 13, 0, 0, 0};
  if (::setxattr(path.c_str(), "security.capability", data, sizeof data, 0) != 0) {
    GTEST_SKIP() << "cannot set file capabilities here: " << std::strerror(errno);
  }
  EXPECT_EQ(probe_exec_file(path), (ExecFile{std::nullopt, std::nullopt, true}));
}

// On a nosuid mount the kernel ignores set-id bits: a private tmpfs, in a child in its own mount
// namespace so that nothing outside sees the mount.
TEST_F(ExecFiles, NosuidMountIgnoresTheBits) {
  if (!root()) GTEST_SKIP() << "needs root to mount";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_NOSUID, "size=64k") != 0) {
      _exit(77);
    }
    const std::string path = make("u", "bin", 04755, kNobody, kNobody);
    const auto f = probe_exec_file(path);
    const bool ok = f && *f == ExecFile{};
    ::umount(dir_.c_str());
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 77) GTEST_SKIP() << "cannot mount a private tmpfs here";
  EXPECT_EQ(WEXITSTATUS(status), 0) << "the set-uid bit on a nosuid mount was taken as applying";
}

// The enricher: when it looks at the file, and what the records then show.
class ExecIdentity : public ExecFiles {
 protected:
  json run(SyscallEvent ev) {
    ev.seq = seq_++;
    enricher_.process(ev);
    std::string out;
    enricher_.append_enriched_json(ev, out);
    return reader_.read(out);
  }
  void seed(std::optional<bool> no_new_privs, std::optional<bool> tracer_can_ptrace = true) {
    if (tracer_can_ptrace) enricher_.set_tracer_can_ptrace(*tracer_can_ptrace);
    ProcessSnapshot s = test::sample_snapshot(100);
    s.no_new_privs = no_new_privs;
    enricher_.seed(s);
  }
  json exec(int32_t pid, const std::string& path) {
    return run(EventBuilder(pid, "execve").str("pathname", path)
                   .arg(test::str_array("argv", {path})).ret(0));
  }
  Enricher enricher_;
  test::ContextReader reader_;
  uint64_t seq_ = 0;
};

TEST_F(ExecIdentity, LiveRunWithoutNoNewPrivsAppliesTheSetuidBit) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  seed(false);
  json rec = exec(100, make("suid", "bin", 04755, kNobody, kNobody));
  EXPECT_EQ(rec["ctx"]["uid"], 0);
  EXPECT_EQ(rec["ctx"]["euid"], kNobody);
  EXPECT_EQ(rec["ctx"]["suid"], kNobody);
  EXPECT_EQ(rec["ctx"]["fsuid"], kNobody);
  EXPECT_EQ(rec["ctx"]["egid"], 0);
  EXPECT_EQ(rec["ctx"]["caps"]["effective"], json::array());
  ASSERT_TRUE(rec.contains("privilege")) << rec.dump();
  EXPECT_EQ(rec["privilege"][0], json::parse(R"({"what":"uid",
      "before":{"uid":0,"euid":0,"suid":0,"fsuid":0},
      "after":{"uid":0,"euid":65534,"suid":65534,"fsuid":65534}})"));
  // A child forked afterwards inherits the new identity; its own exec of a plain file keeps it.
  run(EventBuilder(100, "clone").sym("flags", "SIGCHLD").ret(101));
  json child = exec(101, make("plain", "bin", 0755));
  EXPECT_EQ(child["ctx"]["euid"], kNobody);
  EXPECT_FALSE(child.contains("privilege")) << child.dump();
}

TEST_F(ExecIdentity, NoNewPrivsFromProcIgnoresTheBit) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  seed(true);
  json rec = exec(100, make("suid", "bin", 04755, kNobody, kNobody));
  EXPECT_EQ(rec["ctx"]["euid"], 0);
  EXPECT_FALSE(rec.contains("privilege")) << rec.dump();
}

TEST_F(ExecIdentity, TracerWithoutPtraceCapabilityIgnoresTheBit) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  const std::string suid = make("suid", "bin", 04755, kNobody, kNobody);
  seed(false, false);
  EXPECT_EQ(exec(100, suid)["ctx"]["euid"], 0);
}

TEST_F(ExecIdentity, UnknownTracerDoesNotLookAtTheFile) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  const std::string suid = make("suid", "bin", 04755, kNobody, kNobody);
  seed(false, std::nullopt);
  EXPECT_EQ(exec(100, suid)["ctx"]["euid"], 0);
}

TEST_F(ExecIdentity, PrctlNoNewPrivsIgnoresTheBitForTheProcessAndItsChildren) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  seed(false);
  const std::string suid = make("suid", "bin", 04755, kNobody, kNobody);
  run(EventBuilder(100, "clone").sym("flags", "SIGCHLD").ret(101));  // before the prctl: unaffected
  run(EventBuilder(100, "prctl").sym("option", "PR_SET_NO_NEW_PRIVS").num("arg2", 1).ret(0));
  run(EventBuilder(100, "clone").sym("flags", "SIGCHLD").ret(102));
  EXPECT_EQ(exec(100, suid)["ctx"]["euid"], 0);
  EXPECT_EQ(exec(102, suid)["ctx"]["euid"], 0);
  EXPECT_EQ(exec(101, suid)["ctx"]["euid"], kNobody);
}

TEST_F(ExecIdentity, ImportedLogDoesNotLookAtThisMachinesFiles) {
  if (!root()) GTEST_SKIP() << "needs root to give files to another user";
  seed(std::nullopt);  // as for a log made elsewhere: NoNewPrivs never read from /proc
  json rec = exec(100, make("suid", "bin", 04755, kNobody, kNobody));
  EXPECT_EQ(rec["ctx"]["euid"], 0);
  EXPECT_EQ(rec["ctx"]["suid"], 0);
}

TEST_F(ExecIdentity, LiveExecOfAFileNoLongerThereLeavesTheEffectiveIdsUnknown) {
  seed(false);
  json rec = exec(100, (dir_ / "gone").string());
  EXPECT_EQ(rec["ctx"]["uid"], 0);
  EXPECT_EQ(rec["ctx"]["gid"], 0);
  EXPECT_FALSE(rec["ctx"].contains("euid")) << rec.dump();
  EXPECT_FALSE(rec["ctx"].contains("egid")) << rec.dump();
  EXPECT_FALSE(rec["ctx"]["caps"].contains("effective")) << rec.dump();
  EXPECT_EQ(rec["ctx"]["caps"]["bounding"].size(), 41u);
}

}  // namespace
}  // namespace capsule
