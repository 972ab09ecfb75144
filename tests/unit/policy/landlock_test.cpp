// The Landlock part of a policy: reading it, failing closed on a kernel too old for it, and
// judging which EACCES are the policy's.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "policy/landlock_judge.h"
#include "policy/landlock_policy.h"
#include "policy/landlock_ruleset.h"
#include "policy/policy_file.h"
#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

LandlockPolicy sample() {
  return parse_landlock(nlohmann::json::parse(R"({"fs":[{"path":"/usr","access":["read","execute"]},
    {"path":"/srv/work","access":["read","write"]}],"net":{"bind_tcp":[8080],"connect_tcp":[443,80]}})"),
                        "landlock");
}

TEST(LandlockPolicy, ReadsRulesAndSortsPorts) {
  const LandlockPolicy p = sample();
  ASSERT_EQ(p.fs.size(), 2u);
  EXPECT_EQ(p.fs[0], (FsRule{"/usr", true, false, true}));
  EXPECT_EQ(access_words(p.fs[1]), "read,write");
  EXPECT_EQ(p.net->connect_tcp, (std::vector<uint16_t>{80, 443}));
  EXPECT_EQ(required_landlock_abi(p), 4);
  LandlockPolicy fs_only = p;
  fs_only.net.reset();
  EXPECT_EQ(required_landlock_abi(fs_only), 3);
  // Written and read back, the same policy.
  EXPECT_EQ(parse_landlock(nlohmann::json::parse(landlock_json(p).dump()), "landlock"), p);
}

TEST(LandlockPolicy, MistakesArePositioned) {
  const auto error_of = [](const char* text) {
    try {
      parse_landlock(nlohmann::json::parse(text), "landlock");
    } catch (const ProfileError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of(R"({"fs":[{"path":"usr","access":["read"]}]})"), "landlock.fs[0].path: expected an absolute path");
  EXPECT_EQ(error_of(R"({"fs":[{"path":"/usr","access":["run"]}]})"),
            "landlock.fs[0].access[0]: unknown access 'run' (read, write or execute)");
  EXPECT_EQ(error_of(R"({"fs":[{"path":"/usr"}]})"), "landlock.fs[0]: missing \"access\"");
  EXPECT_EQ(error_of(R"({"net":{"connect_tcp":[70000]}})"), "landlock.net.connect_tcp[0]: expected a port number 0-65535");
  EXPECT_EQ(error_of(R"({"net":{"udp":[53]}})"), "landlock.net.udp: unknown key");
  EXPECT_EQ(error_of(R"({"files":[]})"), "landlock.files: unknown key");
}

TEST(LandlockPolicy, APolicyFileHasItsSeccompPartPositioned) {
  const ParsedPolicy bare = parse_policy_text(R"({"defaultAction":"SCMP_ACT_ALLOW"})");
  EXPECT_FALSE(bare.capsule_format);
  EXPECT_FALSE(bare.landlock);
  const ParsedPolicy full = parse_policy_text(
      R"({"capsule_policy":1,"seccomp":{"defaultAction":"SCMP_ACT_ALLOW"},"landlock":{"fs":[]}})");
  EXPECT_TRUE(full.capsule_format);
  EXPECT_TRUE(full.landlock);
  EXPECT_THROW(parse_policy_text(R"({"capsule_policy":2,"seccomp":{"defaultAction":"SCMP_ACT_ALLOW"}})"), ProfileError);
  try {
    parse_policy_text(R"({"capsule_policy":1,"seccomp":{"defaultAction":"SCMP_ACT_PERHAPS"}})");
    FAIL();
  } catch (const ProfileError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("seccomp.defaultAction: ", 0), 0u) << e.what();
  }
  EXPECT_THROW(parse_policy_text(R"({"capsule_policy":1})"), ProfileError);
}

// Fail closed: what the kernel cannot enforce is refused, unless best effort.
TEST(LandlockRuleset, AnOldOrMissingLandlockIsRefusedUnlessBestEffort) {
  const LandlockPolicy p = sample();
  try {
    build_landlock(p, 2, "", false);
    FAIL();
  } catch (const LandlockUnavailable& e) {
    EXPECT_STREQ(e.what(), "the policy needs Landlock ABI 4 (file and TCP port rules); this kernel has ABI 2");
  }
  try {
    build_landlock(p, 0, "Landlock is disabled on this kernel (not in lsm= at boot)", false);
    FAIL();
  } catch (const LandlockUnavailable& e) {
    EXPECT_STREQ(e.what(), "the policy needs Landlock ABI 4 (file and TCP port rules); Landlock is disabled on "
                           "this kernel (not in lsm= at boot)");
  }
  const LandlockEnforcement none = build_landlock(p, 0, "Landlock is not available", true);
  EXPECT_FALSE(none.fs);
  EXPECT_FALSE(none.ruleset);
  EXPECT_EQ(landlock_enforced_text(none), "no landlock");
  ASSERT_EQ(none.warnings.size(), 1u);
}

TEST(LandlockRuleset, ThisKernelEnforcesWhatItsAbiHas) {
  std::string why;
  const int abi = landlock_kernel_abi(why);
  if (abi < 4) GTEST_SKIP() << "Landlock ABI " << abi << ": " << why;
  const LandlockEnforcement e = build_landlock(sample(), abi, why, false);
  EXPECT_TRUE(e.ruleset);
  EXPECT_TRUE(e.fs && e.truncate && e.net);
  EXPECT_EQ(landlock_enforced_text(e), "landlock fs ABI " + std::to_string(abi) + ", landlock net");
  // /srv/work does not exist here: granted nothing, said so.
  ASSERT_EQ(e.warnings.size(), 1u);
  EXPECT_NE(e.warnings[0].find("landlock.fs[1]: /srv/work: "), std::string::npos) << e.warnings[0];
}

TEST(LandlockJudge, RefusesOnlyWhatTheRulesDoNotGrant) {
  const LandlockJudge judge(sample(), true);
  const auto path = [](std::string p, FsAccess a) {
    LandlockAsk ask;
    ask.kind = LandlockAsk::Path;
    ask.path = std::move(p);
    ask.access = a;
    return ask;
  };
  EXPECT_FALSE(judge.refuses(path("/usr/bin/true", FsAccess::Execute)));
  EXPECT_TRUE(judge.refuses(path("/usr/bin/true", FsAccess::Write)));
  EXPECT_FALSE(judge.refuses(path("/srv/work/out/a.txt", FsAccess::Write)));
  EXPECT_TRUE(judge.refuses(path("/srv/workshop/a.txt", FsAccess::Read)));  // a sibling, not beneath
  EXPECT_TRUE(judge.refuses(path("/srv/work/run.sh", FsAccess::Execute)));
  LandlockAsk connect;
  connect.kind = LandlockAsk::Connect;
  connect.port = 443;
  EXPECT_FALSE(judge.refuses(connect));
  connect.port = 8080;  // a bind port, not a connect port
  EXPECT_TRUE(judge.refuses(connect));
  // Ports the kernel did not restrict are never counted as the policy's refusals.
  EXPECT_FALSE(LandlockJudge(sample(), false).refuses(connect));
}

// A recorded call's path (policy check, complain mode): relative to its dirfd's name, AT_FDCWD's
// name, or else the working directory the enricher knew; the access from the call and its flags.
TEST(LandlockJudge, RecordedCallsAreResolvedFromTheirFdNames) {
  SyscallEvent ev;
  ev.name = "openat";
  ev.args = {Arg::symbol("AT_FDCWD", static_cast<uint64_t>(kAtFdcwdRef)), Arg::str("out/a.txt"),
             Arg::symbol("O_WRONLY|O_CREAT", 0101)};
  ev.fd_refs = {FdRef{kAtFdcwdRef, "/srv/work"}};
  LandlockAsk ask = recorded_ask(ev, "/elsewhere");
  EXPECT_EQ(ask.kind, LandlockAsk::Path);
  EXPECT_EQ(ask.path, "/srv/work/out/a.txt");
  EXPECT_EQ(ask.access, FsAccess::Write);
  ev.fd_refs.clear();  // no name for AT_FDCWD: the working directory given
  EXPECT_EQ(recorded_ask(ev, "/elsewhere").path, "/elsewhere/out/a.txt");
  ev.args[0] = Arg::fd(3);  // a dirfd: its name, never the working directory
  ev.fd_refs = {FdRef{3, "/srv/data"}};
  EXPECT_EQ(recorded_ask(ev, "/elsewhere").path, "/srv/data/out/a.txt");
  ev.fd_refs.clear();
  EXPECT_EQ(recorded_ask(ev, "/elsewhere").kind, LandlockAsk::None);
  // Entries made or removed ask for write on the directory holding them.
  SyscallEvent mk;
  mk.name = "mkdir";
  mk.args = {Arg::str("../b.dir"), Arg::octal(0755)};
  ask = recorded_ask(mk, "/srv/work/sub");
  EXPECT_EQ(ask.path, "/srv/work");
  EXPECT_EQ(ask.access, FsAccess::Write);
}

}  // namespace
}  // namespace capsule
