// The Landlock part of a policy on a real program: record policy_reach, profile it, enforce the
// policy; the same program passes, and one that writes outside its directories, executes
// something new or connects to a new loopback port is refused by the kernel (EACCES).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "harness.h"
#include "policy_check_harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

bool landlock_abi_at_least(int abi) {
  return ::syscall(SYS_landlock_create_ruleset, nullptr, 0, 1U) >= abi;  // LANDLOCK_CREATE_RULESET_VERSION
}

class LandlockPolicyTest : public ::testing::Test {
 protected:
  TempDir home;
  TempDir work;     // the run's working directory
  TempDir outside;  // never touched by the recording
  TempDir files;    // where the policy is written
  int port = free_port();
  int other_port = free_port();

  // capsule run started in `work`, so that work is the run's working tree.
  Outcome run_in_work(const std::vector<std::string>& flags, const std::vector<std::string>& argv) {
    std::vector<std::string> cmd{"/usr/bin/env", "-C", work.path().string(), capsule_bin(), "run", "--home",
                                 home.path().string()};
    cmd.insert(cmd.end(), flags.begin(), flags.end());
    cmd.emplace_back("--");
    cmd.insert(cmd.end(), argv.begin(), argv.end());
    return run_program(cmd);
  }

  std::vector<std::string> reach(const fs::path& dir, const std::string& exe, int listen, int connect) {
    return {helper("policy_reach"), dir.string(), exe, std::to_string(listen), std::to_string(connect)};
  }

  // The profile of policy_reach's run. Without its egress list by default: the tracer's check
  // would refuse a new port at the connect's entry, before Landlock (the kernel's floor under it,
  // tested here alone) sees it; the two together: egress_policy_test.cpp and below.
  fs::path recorded_policy(bool with_egress = false) {
    const Outcome rec = run_in_work({}, reach(work.path(), helper("policy_reach"), port, port));
    EXPECT_EQ(rec.exit_code, 0) << rec.out << rec.err;
    const fs::path out = files.path() / "reach.policy.json";
    const Outcome p = run_program({capsule_bin(), "profile", "--home", home.path().string(), "-o", out.string()});
    EXPECT_EQ(p.exit_code, 0) << p.err;
    if (!with_egress) {
      nlohmann::json j = nlohmann::json::parse(slurp(out));
      j.erase("egress");
      spit(out, j.dump());
    }
    return out;
  }

  void SetUp() override {
    if (!landlock_abi_at_least(4)) GTEST_SKIP() << "needs Landlock ABI 4 (TCP port rules)";
    ASSERT_GT(port, 0);
    ASSERT_GT(other_port, 0);
    ASSERT_NE(port, other_port);
  }
};

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

std::vector<std::string> access_of(const nlohmann::json& policy, const std::string& path) {
  for (const auto& r : policy["landlock"]["fs"]) {
    if (r["path"] == path) return r["access"].get<std::vector<std::string>>();
  }
  return {};
}

TEST_F(LandlockPolicyTest, TheProfileHoldsTheDirectoriesAndPortsTheRunUsed) {
  const nlohmann::json policy = read_json(recorded_policy(true));
  EXPECT_EQ(policy["egress"]["allow"], nlohmann::json::array({"127.0.0.1:" + std::to_string(port)}));
  EXPECT_EQ(policy["capsule_policy"], 1);
  EXPECT_EQ(policy["seccomp"]["defaultAction"], "SCMP_ACT_ERRNO");
  EXPECT_EQ(access_of(policy, work.path().string()), (std::vector<std::string>{"write"}));
  // The helper's folder, or the temporary root the profile widens it to when the checkout lives
  // under one (a clone in /tmp).
  std::string helper_dir = fs::path(helper("policy_reach")).parent_path().string();
  for (const std::string root : {"/tmp", "/var/tmp", "/dev/shm"}) {
    if (helper_dir.starts_with(root + "/")) helper_dir = root;
  }
  const auto helper_access = access_of(policy, helper_dir);
  EXPECT_TRUE(std::ranges::count(helper_access, "read") == 1 && std::ranges::count(helper_access, "execute") == 1)
      << helper_dir << ": " << nlohmann::json(helper_access).dump();
  EXPECT_EQ(access_of(policy, "/etc"), (std::vector<std::string>{"read"}));
  EXPECT_TRUE(access_of(policy, outside.path().string()).empty());
  EXPECT_EQ(policy["landlock"]["net"]["bind_tcp"], nlohmann::json::array({port}));
  EXPECT_EQ(policy["landlock"]["net"]["connect_tcp"], nlohmann::json::array({port}));
  // --format oci is the seccomp profile alone, as before.
  const Outcome oci = run_program({capsule_bin(), "profile", "--home", home.path().string(), "--format", "oci"});
  ASSERT_EQ(oci.exit_code, 0) << oci.err;
  const auto j = nlohmann::json::parse(oci.out);
  EXPECT_FALSE(j.contains("landlock"));
  EXPECT_EQ(j["defaultAction"], "SCMP_ACT_ERRNO");
}

TEST_F(LandlockPolicyTest, TheSameProgramPassesAndTheSummarySaysWhatWasEnforced) {
  const fs::path policy = recorded_policy();
  const Outcome o = run_in_work({"--policy", policy.string()}, reach(work.path(), helper("policy_reach"), port, port));
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_EQ(o.out, "write: ok\nexec: ok\nbind: ok\nconnect: ok\n");
  EXPECT_NE(o.err.find("capsule: policy enforced: seccomp, landlock fs ABI "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find(", landlock net\n"), std::string::npos) << o.err;
  const auto manifest = latest_manifest(home.path());
  const std::string enforced = manifest["extra"]["policy_enforced"];
  EXPECT_TRUE(enforced.starts_with("seccomp, landlock fs ABI ")) << enforced;
}

// The whole learnt policy: the tracer's egress check refuses the new destination at the
// connect's entry (Landlock's port rule, under it, never sees the call); the files as before.
TEST_F(LandlockPolicyTest, WithItsEgressListTheTracerRefusesTheNewDestinationFirst) {
  const fs::path policy = recorded_policy(true);
  const Outcome o =
      run_in_work({"--policy", policy.string()}, reach(outside.path(), "/usr/bin/true", port, other_port));
  EXPECT_EQ(o.out, "write: EACCES\nexec: EACCES\nbind: ok\nconnect: EACCES\n");
  EXPECT_NE(o.err.find(", landlock net, egress\n"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("capsule: policy denied 3 calls: landlock:openat, landlock:execve, egress:connect\n"),
            std::string::npos) << o.err;
  const auto [check, listed] = policy_check(home.path(), policy, latest_run(home.path()));
  EXPECT_EQ(listed, policy_refused(latest_run(home.path())));
  EXPECT_EQ(listed.back(), "connect egress 127.0.0.1:" + std::to_string(other_port));
}

TEST_F(LandlockPolicyTest, WritingOutsideExecutingNewAndConnectingElsewhereAreRefused) {
  const fs::path policy = recorded_policy();
  const Outcome o =
      run_in_work({"--policy", policy.string()}, reach(outside.path(), "/usr/bin/true", port, other_port));
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  // EACCES is Landlock's answer; seccomp's would be EPERM, and an unrestricted connect to a port
  // nobody listens on ECONNREFUSED.
  EXPECT_EQ(o.out, "write: EACCES\nexec: EACCES\nbind: ok\nconnect: EACCES\n");
  EXPECT_FALSE(fs::exists(outside.path() / "reach.txt"));
  // The log shows the refused calls as the kernel answered them, marked as Landlock's refusals.
  const fs::path run = latest_run(home.path());
  std::vector<std::string> refused;
  for (const auto& e : read_jsonl(run / "events.jsonl")) {
    if (!e.value("denied", false)) continue;
    EXPECT_EQ(e.value("errno", ""), "EACCES") << e.dump();
    EXPECT_EQ(e.value("denied_by", ""), "landlock") << e.dump();
    refused.push_back(e["syscall"]);
  }
  EXPECT_EQ(refused, (std::vector<std::string>{"openat", "execve", "connect"}));
  // The summary, the manifest and the findings say so, told apart from seccomp's refusals.
  EXPECT_NE(o.err.find("capsule: policy denied 3 calls: landlock:openat, landlock:execve, landlock:connect\n"),
            std::string::npos) << o.err;
  const auto manifest = latest_manifest(home.path());
  EXPECT_EQ(manifest["extra"]["policy_denied"], (nlohmann::json{{"landlock:openat", 1}, {"landlock:execve", 1}, {"landlock:connect", 1}}));
  std::vector<std::string> findings;
  for (const auto& f : read_jsonl(run / "risks.jsonl")) {
    if (f["rule"] == "landlock-denied") findings.push_back(f["description"]);
    EXPECT_NE(f["rule"], "policy-denied") << f.dump();
  }
  ASSERT_EQ(findings.size(), 3u);  // once per program and call: openat, execve (in the child), connect
  EXPECT_NE(findings[0].find("(by: landlock; EACCES)"), std::string::npos) << findings[0];
  // Unrestricted, the same run would have gone through (or met ECONNREFUSED).
  const Outcome free = run_in_work({}, reach(outside.path(), "/usr/bin/true", port, other_port));
  EXPECT_EQ(free.out, "write: ok\nexec: ok\nbind: ok\nconnect: ECONNREFUSED\n");
}

// policy check on a recording made without the policy lists what enforcement refused (#23): the
// same calls, paths and port, as Landlock's; complain mode lists them too and refuses nothing.
TEST_F(LandlockPolicyTest, CheckAndComplainModeListWhatEnforcementRefused) {
  const fs::path policy = recorded_policy();
  const auto argv = reach(outside.path(), "/usr/bin/true", port, other_port);
  const Outcome free = run_in_work({}, argv);
  EXPECT_EQ(free.out, "write: ok\nexec: ok\nbind: ok\nconnect: ECONNREFUSED\n");
  const fs::path free_run = latest_run(home.path());
  fs::remove(outside.path() / "reach.txt");
  run_in_work({"--policy", policy.string()}, argv);
  const fs::path enforced_run = latest_run(home.path());
  const std::string reach_txt = (outside.path() / "reach.txt").string();
  const std::vector<std::string> expected{"openat landlock " + reach_txt, "execve landlock /usr/bin/true",
                                          "connect landlock port " + std::to_string(other_port)};
  EXPECT_EQ(policy_refused(enforced_run), expected);
  const auto [check, listed] = policy_check(home.path(), policy, free_run);
  EXPECT_EQ(check.exit_code, 7) << check.err;
  EXPECT_EQ(listed, expected) << check.out;

  const Outcome c = run_in_work({"--policy", policy.string(), "--policy-mode", "complain"}, argv);
  EXPECT_EQ(c.out, free.out) << c.err;
  EXPECT_TRUE(fs::exists(outside.path() / "reach.txt"));
  EXPECT_NE(c.err.find("capsule: policy (complain) would deny 3 calls: landlock:openat, landlock:execve, "
                       "landlock:connect\n"), std::string::npos) << c.err;
  EXPECT_TRUE(policy_refused(latest_run(home.path())).empty());
  EXPECT_EQ(latest_manifest(home.path())["extra"]["policy_would_deny"],
            (nlohmann::json{{"landlock:openat", 1}, {"landlock:execve", 1}, {"landlock:connect", 1}}));
}

TEST_F(LandlockPolicyTest, BindingANewPortIsRefused) {
  const fs::path policy = recorded_policy();
  const Outcome o =
      run_in_work({"--policy", policy.string()}, reach(work.path(), helper("policy_reach"), other_port, port));
  EXPECT_EQ(o.out, "write: ok\nexec: ok\nbind: EACCES\nconnect: ECONNREFUSED\n") << o.err;
}

// Fail closed: a backend that cannot restrict the program with Landlock (eBPF) refuses the policy
// before anything runs, unless --best-effort, which then says that only seccomp held.
TEST_F(LandlockPolicyTest, APolicyThatCannotBeEnforcedRunsNothingUnlessBestEffort) {
  const fs::path policy = recorded_policy();
  const fs::path marker = work.path() / "reach.txt";
  fs::remove(marker);
  const Outcome o = run_in_work({"--backend", "ebpf", "--policy", policy.string()},
                                reach(work.path(), helper("policy_reach"), port, port));
  EXPECT_EQ(o.exit_code, 5) << o.err;
  EXPECT_EQ(o.err, "capsule: " + policy.string() + ": the policy needs Landlock ABI 4 (file and TCP port rules); the "
                   "ebpf backend does not enforce Landlock rules; nothing ran (--best-effort runs with what the kernel "
                   "enforces)\n");
  EXPECT_EQ(o.out, "");
  EXPECT_FALSE(fs::exists(marker));
  const Outcome b = run_in_work({"--backend", "ebpf", "--best-effort", "--policy", policy.string()},
                                reach(work.path(), helper("policy_reach"), port, port));
  if (b.exit_code == 125) GTEST_SKIP() << "the eBPF backend cannot run here: " << b.err;
  EXPECT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.err.find("capsule: policy enforced: seccomp (no landlock: --best-effort)\n"), std::string::npos) << b.err;
  EXPECT_EQ(latest_manifest(home.path())["extra"]["policy_enforced"], "seccomp (no landlock: --best-effort)");
}

TEST_F(LandlockPolicyTest, BadLandlockPartsAreRefusedWithAPositionAndNothingRuns) {
  const fs::path good = recorded_policy();
  nlohmann::json policy = read_json(good);
  policy["landlock"]["fs"][0]["access"] = {"read", "delete"};
  const fs::path bad = files.path() / "bad.json";
  spit(bad, policy.dump());
  const Outcome o = run_in_work({"--policy", bad.string()}, {"/bin/true"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: " + bad.string() + ": landlock.fs[0].access[1]: unknown access 'delete' (read, "
                                                 "write or execute)\n");
  policy = read_json(good);
  policy["seccomp"]["defaultAction"] = "SCMP_ACT_PERHAPS";
  spit(bad, policy.dump());
  const Outcome s = run_in_work({"--policy", bad.string()}, {"/bin/true"});
  EXPECT_EQ(s.exit_code, 2);
  EXPECT_NE(s.err.find(": seccomp.defaultAction: "), std::string::npos) << s.err;
}

}  // namespace
}  // namespace capsule::test
